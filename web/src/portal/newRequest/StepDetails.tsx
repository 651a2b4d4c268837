import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client.ts';
import type { Asset } from '../../api/types.ts';
import { AttachmentPicker } from '../../components/AttachmentPicker.tsx';
import { Field } from '../../components/Field.tsx';
import { FREQUENCIES, isWithheld, TOOLS, type Draft, type Sensitive } from './draft.ts';

type Set = (patch: Partial<Draft>) => void;

/**
 * The details: always a free-text description (seed 000 step 10); for a technical category also
 * what an engineer needs — the domain (one of the organization's, never typed), steps, tool output.
 * Every piece is optional. Details staff see only after verifying the requester are marked so.
 */
export function StepDetails({ d, set, sensitive }: { d: Draft; set: Set; sensitive: Sensitive }) {
  const { t } = useTranslation();
  const orgId = d.organization?.id;
  const assets = useQuery({
    queryKey: ['assets', orgId],
    enabled: !!orgId && d.technical,
    queryFn: () => api.get<Page<Asset>>(`/organizations/${orgId}/assets`, { limit: 100 }),
  });
  const domains = (assets.data?.data ?? []).filter((a) => a.kind === 'domain').map((a) => a.name);
  // The domain chosen at the asset step is the likely one.
  useEffect(() => {
    if (d.technical && !d.domain && d.asset?.kind === 'domain') set({ domain: d.asset.name });
  }, [d.technical, d.domain, d.asset]);
  const lock = (key: string) =>
    isWithheld(key, d.category, sensitive) ? (
      <span className="badge note sensitive-badge">{t('new.details.after_verification')}</span>
    ) : null;
  const label = (text: string, key: string) => (
    <>
      {text} {lock(key)}
    </>
  );
  const text = (k: 'steps' | 'expected' | 'actual' | 'errors', key: string, rows = 3, mono = false) => (
    <Field label={label(t(`new.details.${k}`), key)} hint={t(`new.details.${k}_hint`)}>
      {(p) => (
        <textarea {...p} rows={rows} className={mono ? 'mono' : undefined} value={d[k]} onChange={(e) => set({ [k]: e.target.value })} />
      )}
    </Field>
  );
  const anyWithheld = ['description', 'occurred_at_utc', 'domain', 'steps_to_reproduce'].some((k) => isWithheld(k, d.category, sensitive));
  return (
    <div className="details-form">
      {anyWithheld && (
        <p className="notice" role="note" data-testid="sensitive-note">
          {t('new.details.sensitive_note')}
        </p>
      )}
      <Field label={label(t('new.details.description'), 'description')} hint={t('new.details.description_hint')}>
        {(p) => <textarea {...p} rows={6} value={d.description} onChange={(e) => set({ description: e.target.value })} />}
      </Field>
      <div className="row-2">
        <Field label={label(t('new.details.occurred'), 'occurred_at_utc')} hint={t('new.details.occurred_hint')}>
          {(p) => (
            <div className="input-suffix">
              <input {...p} type="datetime-local" value={d.occurredAt} onChange={(e) => set({ occurredAt: e.target.value })} />
              <span className="suffix">UTC</span>
            </div>
          )}
        </Field>
        {d.technical && (
          <Field label={label(t('new.details.frequency'), 'frequency')}>
            {(p) => (
              <select {...p} value={d.frequency} onChange={(e) => set({ frequency: e.target.value })}>
                <option value="">{t('common.choose')}</option>
                {FREQUENCIES.map((f) => (
                  <option key={f} value={f}>
                    {t(`new.frequency.${f}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      {d.technical && (
        <>
          {domains.length > 0 ? (
            <Field label={label(t('new.details.domain'), 'domain')} hint={t('new.details.domain_hint')}>
              {(p) => (
                <select {...p} className="mono" value={d.domain} onChange={(e) => set({ domain: e.target.value })}>
                  <option value="">{t('new.details.domain_none')}</option>
                  {domains.map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : assets.isSuccess || !orgId ? (
            <p className="muted small" data-testid="no-domains">
              {t('new.details.no_domains')}
            </p>
          ) : null}
          {text('steps', 'steps_to_reproduce', 4)}
          <div className="row-2">
            {text('expected', 'expected_result')}
            {text('actual', 'actual_result')}
          </div>
          <Field label={label(t('new.details.urls'), 'urls')} hint={t('new.details.urls_hint')}>
            {(p) => <textarea {...p} rows={2} className="mono" value={d.urls} onChange={(e) => set({ urls: e.target.value })} />}
          </Field>
          {text('errors', 'error_messages', 3, true)}
        </>
      )}
      <fieldset className="fieldset">
        <legend>{t('new.details.files')}</legend>
        <p className="hint">{t('new.details.files_hint')}</p>
        <AttachmentPicker files={d.files} onChange={(files) => set({ files })} label={t('new.details.add_files')} />
      </fieldset>
      {d.technical && (
        <fieldset className="fieldset">
          <legend>
            {t('new.details.outputs')} {lock('diagnostics')}
          </legend>
          <p className="hint">{t('new.details.outputs_hint')}</p>
          {d.outputs.map((o, i) => (
            <div key={i} className="output-block">
              <Field label={t('new.details.output_of', { tool: t(`new.tool.${o.tool}`) })}>
                {(p) => (
                  <textarea
                    {...p}
                    rows={6}
                    className="mono"
                    spellCheck={false}
                    value={o.text}
                    onChange={(e) => set({ outputs: d.outputs.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)) })}
                  />
                )}
              </Field>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => set({ outputs: d.outputs.filter((_, j) => j !== i) })}>
                {t('common.remove')}
              </button>
            </div>
          ))}
          <div className="btn-row">
            {TOOLS.map((tool) => (
              <button key={tool} type="button" className="btn btn-sm" onClick={() => set({ outputs: [...d.outputs, { tool, text: '' }] })}>
                + {t(`new.tool.${tool}`)}
              </button>
            ))}
          </div>
        </fieldset>
      )}
    </div>
  );
}
