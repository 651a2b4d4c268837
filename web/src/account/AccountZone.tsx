import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useMe } from '../api/session.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { browserZone, useFormat } from '../components/format.ts';
import { timeZones } from '../components/timeZones.ts';

/**
 * The time zone your times are shown in, here and in the mail we send you (due times, reports):
 * this browser's by default, or one chosen from the IANA list (PATCH /people/{you} {timezone}).
 */
export function AccountZone() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = useMe().data;
  const f = useFormat();
  const save = useMutation({
    mutationFn: (timezone: string | null) => api.patch(`/people/${me!.id}`, { timezone }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['me'] }),
  });
  if (!me) return null;
  const chosen = me.timezone ?? '';
  const zones = chosen && !timeZones.includes(chosen) ? [chosen, ...timeZones] : timeZones;
  return (
    <div className="stack">
      <Field
        label={t('account.zone.label')}
        hint={t(chosen ? 'account.zone.hint' : 'account.zone.hint_automatic', { zone: f.zone, now: f.dateTime(new Date()) })}
      >
        {(p) => (
          <select {...p} value={chosen} disabled={save.isPending} onChange={(e) => save.mutate(e.target.value || null)}>
            <option value="">{t('account.zone.automatic', { zone: browserZone() })}</option>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        )}
      </Field>
      {save.isSuccess && (
        <span className="ok-text" role="status">
          ✓ {t('account.zone.saved')}
        </span>
      )}
      {save.isError && <ErrorBanner error={save.error} />}
    </div>
  );
}
