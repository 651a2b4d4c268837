import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { ErrorBanner, fieldError } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { slaSettingsQuery, type SlaSettings } from '../components/useSlaWarning.ts';

/**
 * Admin › SLA policies: how long before a target is missed the desk warns (`sla.warning_minutes`,
 * docs/sla.md): the `sla.warning` notification, the "At risk or breached" view and the amber countdown.
 */
export function SlaWarningSetting() {
  const { t } = useTranslation();
  const current = useQuery(slaSettingsQuery);
  return (
    <section className="section" aria-labelledby="sla-warning-title">
      <h2 id="sla-warning-title">{t('admin.sla.warning_title')}</h2>
      <QueryView query={current}>{(s) => <WarningForm initial={s.warning_minutes} />}</QueryView>
    </section>
  );
}

/** Starts from what the server holds (never reset under the admin's typing). */
function WarningForm({ initial }: { initial: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [minutes, setMinutes] = useState(String(initial));
  const save = useMutation({
    mutationFn: () => api.patch<SlaSettings>('/sla/settings', { warning_minutes: Number(minutes) }),
    onSuccess: (s) => {
      qc.setQueryData(slaSettingsQuery.queryKey, s);
      void qc.invalidateQueries({ queryKey: ['queue'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const off = minutes.trim() !== '' && Number(minutes) === 0;
  return (
    <form onSubmit={submit} className="panel stack" aria-label={t('admin.sla.warning_title')}>
      <Field label={t('admin.sla.warning_minutes')} hint={t('admin.sla.warning_hint')} error={fieldError(save.error)}>
        {(p) => (
          <div className="with-unit">
            <input
              {...p}
              type="number"
              min={0}
              max={7 * 24 * 60}
              inputMode="numeric"
              required
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
            />
            <span className="muted">{off ? t('admin.sla.warning_off') : t('admin.sla.warning_unit')}</span>
          </div>
        )}
      </Field>
      {save.isError && !fieldError(save.error) && <ErrorBanner error={save.error} />}
      {save.isSuccess && (
        <p role="status" className="muted">
          {t('common.saved')}
        </p>
      )}
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('admin.sla.warning_save')}
        </button>
      </div>
    </form>
  );
}
