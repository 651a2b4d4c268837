import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client.ts';
import type { TicketField } from '../../api/ticketFields.ts';
import type { Asset } from '../../api/types.ts';
import { AttachmentPicker } from '../../components/AttachmentPicker.tsx';
import { CustomFieldInput } from '../../components/CustomFieldInput.tsx';
import { Field } from '../../components/Field.tsx';
import { isWithheld, type Draft, type Sensitive } from './draft.ts';

type Set = (patch: Partial<Draft>) => void;

/** The custom field that names a domain: offered as the organization's domains, never typed (the server checks it too). */
const DOMAIN_KEY = 'domain';

/**
 * The details: always a free-text description and when it happened (seed 000 step 10), then the
 * custom ticket fields of the chosen category, as the desk defines them (the tiered-support preset
 * asks technical categories for the domain, steps, URLs and tool output). Details staff see only
 * after verifying the requester are marked so.
 */
export function StepDetails({ d, set, sensitive, fields }: { d: Draft; set: Set; sensitive: Sensitive; fields: TicketField[] }) {
  const { t } = useTranslation();
  const orgId = d.organization?.id;
  const asksDomain = fields.some((f) => f.key === DOMAIN_KEY && f.type === 'text');
  const assets = useQuery({
    queryKey: ['assets', orgId],
    enabled: !!orgId && asksDomain,
    queryFn: () => api.get<Page<Asset>>(`/organizations/${orgId}/assets`, { limit: 100 }),
  });
  const domains = (assets.data?.data ?? []).filter((a) => a.kind === 'domain').map((a) => a.name);
  // The domain chosen at the asset step is the likely one.
  useEffect(() => {
    if (asksDomain && d.custom[DOMAIN_KEY] === undefined && d.asset?.kind === 'domain')
      set({ custom: { ...d.custom, [DOMAIN_KEY]: d.asset.name } });
  }, [asksDomain, d.custom, d.asset]);
  const lock = (key: string) =>
    isWithheld(key, d.category, sensitive) ? (
      <span className="badge note sensitive-badge">{t('new.details.after_verification')}</span>
    ) : null;
  const label = (text: string, key: string) => (
    <>
      {text} {lock(key)}
    </>
  );
  const anyWithheld = ['description', 'occurred_at_utc', ...fields.map((f) => f.key)].some((k) => isWithheld(k, d.category, sensitive));
  const setValue = (key: string, v: unknown) => set({ custom: { ...d.custom, [key]: v } });
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
      </div>
      {fields.map((f) => {
        if (f.key === DOMAIN_KEY && f.type === 'text') {
          if (domains.length)
            return (
              <CustomFieldInput
                key={f.key}
                field={f}
                value={d.custom[f.key]}
                onChange={(v) => setValue(f.key, v)}
                badge={lock(f.key)}
                hint={t('new.details.domain_hint')}
                choices={{ options: domains, none: t('new.details.domain_none') }}
              />
            );
          return assets.isSuccess || !orgId ? (
            <p key={f.key} className="muted small" data-testid="no-domains">
              {t('new.details.no_domains')}
            </p>
          ) : null;
        }
        return <CustomFieldInput key={f.key} field={f} value={d.custom[f.key]} onChange={(v) => setValue(f.key, v)} badge={lock(f.key)} />;
      })}
      <fieldset className="fieldset">
        <legend>{t('new.details.files')}</legend>
        <p className="hint">{t('new.details.files_hint')}</p>
        <AttachmentPicker files={d.files} onChange={(files) => set({ files })} label={t('new.details.add_files')} />
      </fieldset>
    </div>
  );
}
