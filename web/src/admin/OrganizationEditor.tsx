import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client.ts';
import type { Asset, Organization } from '../api/types.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { usePlanName } from '../api/plans.ts';
import { usePlans, useSlaPolicies } from './adminApi.ts';
import { OrgPurchases } from './purchases/OrgPurchases.tsx';
import { PlanHistory } from './purchases/PlanHistory.tsx';

const list = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export function OrganizationEditor({ id }: { id: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const org = useQuery({ queryKey: ['organization', id], queryFn: () => api.get<Organization>(`/organizations/${id}`) });
  const assets = useQuery({ queryKey: ['assets', id], queryFn: () => api.get<Page<Asset>>(`/organizations/${id}/assets`, { limit: 100 }) });
  const plans = usePlans();
  const planName = usePlanName();
  // The add-ons the SLA policies ask for (tiered preset: premium), so the admin knows what to type.
  const policies = useSlaPolicies();
  const knownAddons = [...new Set((policies.data ?? []).flatMap((p) => p.match?.addons ?? []))].map(
    (a) => `${a} (${t(`addon_label.${a}`, { defaultValue: a })})`,
  );
  const [form, setForm] = useState({ name: '', plan: '', domains: '', addons: '', notes: '' });
  const [asset, setAsset] = useState({ kind: 'domain', name: '' });
  useEffect(() => {
    const o = org.data;
    if (o)
      setForm({
        name: o.name,
        plan: o.plan_id ? String(o.plan_id) : '',
        domains: o.email_domains.join(', '),
        addons: o.addons.join(', '),
        notes: o.notes,
      });
  }, [org.data]);
  const save = useMutation({
    mutationFn: () =>
      api.patch<Organization>(`/organizations/${id}`, {
        name: form.name,
        plan_id: form.plan ? Number(form.plan) : null,
        email_domains: list(form.domains),
        addons: list(form.addons),
        notes: form.notes,
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['organizations'] });
      void qc.invalidateQueries({ queryKey: ['organization', id] });
    },
  });
  const addAsset = useMutation({
    mutationFn: () => api.post<Asset>(`/organizations/${id}/assets`, asset),
    onSuccess: () => {
      setAsset({ ...asset, name: '' });
      void qc.invalidateQueries({ queryKey: ['assets', id] });
    },
  });
  const removeAsset = useMutation({
    mutationFn: (a: number) => api.del(`/organizations/${id}/assets/${a}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['assets', id] }),
  });
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
    setForm({ ...form, [k]: e.target.value });

  return (
    <QueryView query={org}>
      {(o) => (
        <div className="card">
          <h2>{o.name}</h2>
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate();
            }}
          >
            <Field label={t('admin.org.name')}>{(p) => <input {...p} value={form.name} onChange={set('name')} />}</Field>
            <Field label={t('admin.org.plan')}>
              {(p) => (
                <select {...p} value={form.plan} onChange={set('plan')}>
                  <option value="">{t('plan.none')}</option>
                  {(plans.data ?? []).map((pl) => (
                    <option key={pl.id} value={pl.id}>
                      {planName(pl)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('admin.org.domains')} hint={t('admin.org.domains_hint')}>
              {(p) => <input {...p} value={form.domains} onChange={set('domains')} />}
            </Field>
            <Field
              label={t('admin.org.addons')}
              hint={
                knownAddons.length
                  ? t('admin.org.addons_hint_known', { list: knownAddons.join(t('common.list_separator')) })
                  : t('admin.org.addons_hint')
              }
            >
              {(p) => <input {...p} value={form.addons} onChange={set('addons')} />}
            </Field>
            <Field label={t('admin.org.notes')}>{(p) => <textarea {...p} rows={3} value={form.notes} onChange={set('notes')} />}</Field>
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
          <h3>{t('admin.org.assets')}</h3>
          <QueryView query={assets}>
            {(p) => (
              <ul className="plain">
                {p.data.map((a) => (
                  <li key={a.id} className="row-gap">
                    <span className="mono">{a.name}</span> <span className="muted">{t(`new.asset.kind.${a.kind}`)}</span>
                    <button
                      type="button"
                      className="btn btn-ghost btn-sm"
                      onClick={() => removeAsset.mutate(a.id)}
                      aria-label={t('admin.org.remove_asset', { name: a.name })}
                    >
                      {t('common.remove')}
                    </button>
                  </li>
                ))}
                {p.data.length === 0 && <li className="muted">{t('agent.no_assets')}</li>}
              </ul>
            )}
          </QueryView>
          {removeAsset.isError && <ErrorBanner error={removeAsset.error} />}
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (asset.name.trim()) addAsset.mutate();
            }}
          >
            <Field label={t('admin.org.asset_kind')}>
              {(p) => (
                <select {...p} value={asset.kind} onChange={(e) => setAsset({ ...asset, kind: e.target.value })}>
                  <option value="domain">{t('new.asset.kind.domain')}</option>
                  <option value="product">{t('new.asset.kind.product')}</option>
                </select>
              )}
            </Field>
            <Field label={t('admin.org.asset_name')}>
              {(p) => <input {...p} value={asset.name} onChange={(e) => setAsset({ ...asset, name: e.target.value })} />}
            </Field>
            <button type="submit" className="btn" disabled={addAsset.isPending}>
              {t('admin.org.add_asset')}
            </button>
          </form>
          {addAsset.isError && <ErrorBanner error={addAsset.error} />}
          <OrgPurchases orgId={id} />
          <PlanHistory orgId={id} />
        </div>
      )}
    </QueryView>
  );
}
