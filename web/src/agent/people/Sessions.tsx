import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useMe } from '../../api/session.ts';
import type { Person } from '../../api/types.ts';
import { ErrorBanner, errorText } from '../../components/ErrorBanner.tsx';
import { Skeleton } from '../../components/Loading.tsx';
import { Time } from '../../components/Time.tsx';
import { deviceOf, usePersonSessions } from './peopleApi.ts';

/**
 * Where the person is signed in: how many sessions, when each was last used and from which browser.
 * Staff see a customer's, admins everyone's (GET /people/{id}/sessions); only admins sign a person out
 * everywhere (DELETE /people/{id}/sessions), after confirming.
 */
export function Sessions({ person: p }: { person: Person }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const qc = useQueryClient();
  const allowed = me?.role === 'admin' || (me?.role === 'agent' && p.role === 'customer');
  const q = usePersonSessions(p.id, allowed);
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => api.del<{ revoked: number }>(`/people/${p.id}/sessions`),
    onSuccess: () => {
      setConfirming(false);
      void qc.invalidateQueries({ queryKey: ['person-sessions', p.id] });
    },
  });
  if (!allowed) return null;
  const device = (ua: string | null) => {
    const d = deviceOf(ua);
    if (d.browser && d.os) return t('people.device', { browser: d.browser, os: d.os });
    return d.browser ?? d.os ?? t('people.device_unknown');
  };
  return (
    <section className="panel" aria-labelledby="person-sessions" data-testid="sessions">
      <h2 className="panel-title" id="person-sessions">
        {t('people.sessions')}
      </h2>
      {q.isPending ? (
        <Skeleton rows={2} height={20} />
      ) : q.isError ? (
        <ErrorBanner error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <p data-testid="session-count">{t('people.session_count', { count: q.data.data.length })}</p>
          {q.data.data.length > 0 && (
            <ul className="plain facts">
              {q.data.data.map((s) => (
                <li key={s.id} title={s.user_agent ?? undefined}>
                  <strong>{device(s.user_agent)}</strong>
                  {s.ip && <span className="muted mono"> · {s.ip}</span>}
                  <div className="muted small">
                    {t('people.last_seen')} <Time value={s.last_seen_at} relative /> · {t('people.signed_in')} <Time value={s.created_at} />
                  </div>
                </li>
              ))}
            </ul>
          )}
          {me?.role === 'admin' &&
            q.data.data.length > 0 &&
            (confirming ? (
              <div className="notice notice-warn" role="alert">
                <p>{t('people.sign_out_confirm', { name: p.name })}</p>
                <div className="btn-row">
                  <button type="button" className="btn btn-danger btn-sm" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
                    {t('people.sign_out_everywhere')}
                  </button>
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => setConfirming(false)}>
                    {t('people.cancel')}
                  </button>
                </div>
              </div>
            ) : (
              <div className="btn-row">
                <button type="button" className="btn btn-sm" onClick={() => setConfirming(true)}>
                  {t('people.sign_out_everywhere')}
                </button>
              </div>
            ))}
          {revoke.isError && (
            <div className="field-msg" role="alert">
              {errorText(revoke.error, t)}
            </div>
          )}
        </>
      )}
    </section>
  );
}
