import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { usePlanName, useTicketForm } from '../api/plans.ts';
import type { Plan } from '../api/types.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';

/** The channels a plan can include (server/domain/entitlement CHANNEL_KEYS). */
const CHANNELS = ['web', 'email', 'chat', 'phone', 'emergency_phone', 'community'] as const;

interface Draft {
  name: string;
  name_en: string;
  name_zh: string;
  rank: string;
  human_support: boolean;
  /** null: every channel (or every category); a list: only those. */
  channels: string[] | null;
  categories: string[] | null;
  community_url: string;
  github_url: string;
}

const strings = (v: unknown): string[] | null => (Array.isArray(v) ? v.map(String) : null);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function draftOf(p: Plan): Draft {
  const s = p.settings ?? {};
  const names = (s.display_name && typeof s.display_name === 'object' ? s.display_name : {}) as Record<string, unknown>;
  return {
    name: p.name,
    name_en: text(names.en),
    name_zh: text(names['zh-CN']),
    rank: String(p.rank),
    human_support: s.human_support !== false,
    channels: strings(s.channels),
    categories: strings(s.categories),
    community_url: text(s.community_url),
    github_url: text(s.github_url),
  };
}

/**
 * What a plan includes, as the desk's customers meet it: its name in each language, its place in
 * the queue, help from a person, the channels and ticket categories, and where a customer is sent
 * for what the plan does not include (community, GitHub). Saved with PATCH /plans/:id (settings merged).
 */
export function PlanEditor({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const planName = usePlanName();
  // Every category of the desk: the admin's own form offers those of the plan that applies to them (the
  // desk's default plan, perhaps Free) and names the others as not included.
  const form = useTicketForm(undefined).data;
  const deskCategories = form ? [...form.categories.map((c) => c.key), ...form.not_included] : [];
  const [d, setD] = useState<Draft>(() => draftOf(plan));
  useEffect(() => setD(draftOf(plan)), [plan]);
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));

  const save = useMutation({
    mutationFn: () => {
      const names: Record<string, string> = {};
      if (d.name_en.trim()) names.en = d.name_en.trim();
      if (d.name_zh.trim()) names['zh-CN'] = d.name_zh.trim();
      return api.patch<Plan>(`/plans/${plan.id}`, {
        name: d.name.trim(),
        rank: Number(d.rank) || 0,
        settings: {
          display_name: names,
          human_support: d.human_support,
          channels: d.channels,
          categories: d.categories,
          community_url: d.community_url.trim() || null,
          github_url: d.github_url.trim() || null,
        },
      });
    },
    onSuccess: () => {
      for (const key of ['plans', 'plan-names', 'plan', 'channels', 'ticket-form']) void qc.invalidateQueries({ queryKey: [key] });
    },
  });

  const choice = (key: 'channels' | 'categories', all: string[], label: (k: string) => string) => {
    const value = d[key];
    return (
      <fieldset className="fieldset" data-testid={`plan-${key}`}>
        <legend>{t(`admin.plans.${key}`)}</legend>
        <label className="check">
          <input type="radio" name={`plan-${key}`} checked={value === null} onChange={() => set({ [key]: null })} />
          {t(`admin.plans.${key}_all`)}
        </label>
        <label className="check">
          <input type="radio" name={`plan-${key}`} checked={value !== null} onChange={() => set({ [key]: value ?? [] })} />
          {t(`admin.plans.${key}_some`)}
        </label>
        {value !== null && (
          <div className="check-grid">
            {[...new Set([...all, ...value])].map((k) => (
              <label key={k} className="check">
                <input
                  type="checkbox"
                  checked={value.includes(k)}
                  onChange={(e) => set({ [key]: e.target.checked ? [...value, k] : value.filter((x) => x !== k) })}
                />
                {label(k)}
              </label>
            ))}
          </div>
        )}
      </fieldset>
    );
  };

  return (
    <div className="card" data-testid="plan-editor">
      <h2>{planName(plan)}</h2>
      <p className="muted">{t('admin.plans.editor_intro')}</p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Field label={t('admin.plans.internal_name')} hint={t('admin.plans.internal_name_hint')}>
          {(p) => <input {...p} required maxLength={100} value={d.name} onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field label={t('admin.plans.name_en')}>
          {(p) => <input {...p} lang="en" maxLength={100} value={d.name_en} onChange={(e) => set({ name_en: e.target.value })} />}
        </Field>
        <Field label={t('admin.plans.name_zh')}>
          {(p) => <input {...p} lang="zh-CN" maxLength={100} value={d.name_zh} onChange={(e) => set({ name_zh: e.target.value })} />}
        </Field>
        <Field label={t('admin.plans.rank')} hint={t('admin.plans.rank_hint')}>
          {(p) => <input {...p} type="number" min={0} required value={d.rank} onChange={(e) => set({ rank: e.target.value })} />}
        </Field>
        <label className="check">
          <input type="checkbox" checked={d.human_support} onChange={(e) => set({ human_support: e.target.checked })} />
          {t('admin.plans.human_support')}
        </label>
        <p className="hint">{t(d.human_support ? 'admin.plans.human_support_hint' : 'admin.plans.no_human_support_hint')}</p>
        {choice('channels', [...CHANNELS], (k) => t(`channel_label.${k}`, { defaultValue: k }))}
        {choice('categories', deskCategories, (k) => t(`category.${k}.name`, { defaultValue: k }))}
        <Field label={t('admin.plans.community_url')} hint={t('admin.plans.links_hint')}>
          {(p) => (
            <input
              {...p}
              type="url"
              placeholder="https://"
              value={d.community_url}
              onChange={(e) => set({ community_url: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('admin.plans.github_url')}>
          {(p) => (
            <input {...p} type="url" placeholder="https://" value={d.github_url} onChange={(e) => set({ github_url: e.target.value })} />
          )}
        </Field>
        {save.isError && <ErrorBanner error={save.error} />}
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {t('common.save')}
          </button>
          {save.isSuccess && (
            <span className="ok-text" role="status">
              ✓ {t('common.saved')}
            </span>
          )}
        </div>
      </form>
    </div>
  );
}
