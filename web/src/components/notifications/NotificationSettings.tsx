import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { Skeleton } from '../Loading.tsx';
import { NOTIFICATION_KINDS, usePreferences, useSavePreferences, type Preferences } from './useNotifications.ts';

/**
 * Per kind: in the app and/or by email (GET/PATCH /notifications/preferences), and quiet hours.
 * Each change shows at once and is saved at once; a refused change goes back to what is saved.
 */
export function NotificationSettings() {
  const { t } = useTranslation();
  const prefs = usePreferences(true);
  const save = useSavePreferences();
  const [shown, setShown] = useState<Preferences | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (prefs.data) setShown(prefs.data);
  }, [prefs.data]);
  useEffect(() => {
    if (!saved) return;
    const h = setTimeout(() => setSaved(false), 2000);
    return () => clearTimeout(h);
  }, [saved]);
  if (prefs.isError) return <ErrorBanner error={prefs.error} onRetry={() => void prefs.refetch()} />;
  if (!shown) return <Skeleton rows={4} />;
  const change = (kind: string | null, field: 'in_app' | 'email' | 'quiet_hours', value: boolean) => {
    const before = shown;
    setShown(
      kind ? { ...shown, data: shown.data.map((p) => (p.kind === kind ? { ...p, [field]: value } : p)) } : { ...shown, quiet_hours: value },
    );
    setSaved(false);
    save.mutate(kind ? { [kind]: { [field]: value } } : { quiet_hours: value }, {
      onSuccess: (data) => {
        setShown(data);
        setSaved(true);
      },
      onError: () => setShown(before),
    });
  };
  const by = new Map(shown.data.map((p) => [p.kind, p]));
  return (
    <div className="bell-settings" data-testid="notification-settings">
      <p className="muted">{t('notifications.settings_intro')}</p>
      <table className="bell-prefs">
        <thead>
          <tr>
            <th scope="col">{t('notifications.kind_col')}</th>
            <th scope="col">{t('notifications.in_app')}</th>
            <th scope="col">{t('notifications.email')}</th>
          </tr>
        </thead>
        <tbody>
          {NOTIFICATION_KINDS.map((k) => {
            const p = by.get(k) ?? { in_app: true, email: false };
            const label = t(`notifications.kind.${k}`);
            return (
              <tr key={k}>
                <th scope="row">{label}</th>
                <td>
                  <input
                    type="checkbox"
                    checked={p.in_app}
                    aria-label={`${label}: ${t('notifications.in_app')}`}
                    onChange={(e) => change(k, 'in_app', e.target.checked)}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    checked={p.email}
                    aria-label={`${label}: ${t('notifications.email')}`}
                    onChange={(e) => change(k, 'email', e.target.checked)}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <label className="bell-quiet">
        <input
          type="checkbox"
          checked={shown.quiet_hours === true}
          onChange={(e) => change(null, 'quiet_hours', e.target.checked)}
          aria-describedby="bell-quiet-hint"
        />
        <span>
          <strong>{t('notifications.quiet_hours')}</strong>
          <br />
          <span id="bell-quiet-hint" className="muted">
            {t('notifications.quiet_hours_hint')}
          </span>
        </span>
      </label>
      <p className="bell-saved" role="status">
        {saved ? t('notifications.saved') : ''}
      </p>
      {save.isError && <ErrorBanner error={save.error} />}
    </div>
  );
}
