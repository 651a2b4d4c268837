import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { ApiResponse, Item } from '../api/types.ts';
import { deviceOf } from '../agent/people/peopleApi.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { Time } from '../components/Time.tsx';

type MySession = Item<ApiResponse<'/api/v1/me/sessions', 'get'>>;

/**
 * "Where you're signed in" on Your account: every browser signed in as you (GET /me/sessions), this one
 * marked, and a way to sign out any other (DELETE /me/sessions/{id}): a lost phone, a shared computer.
 */
export function AccountSessions() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['me-sessions'], queryFn: () => api.get<{ data: MySession[] }>('/me/sessions') });
  const revoke = useMutation({
    mutationFn: (id: number) => api.del(`/me/sessions/${id}`),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['me-sessions'] }),
  });
  const device = (ua: string | null) => {
    const d = deviceOf(ua);
    if (d.browser && d.os) return t('people.device', { browser: d.browser, os: d.os });
    return d.browser ?? d.os ?? t('people.device_unknown');
  };
  return (
    <QueryView query={q}>
      {({ data }) => (
        <div className="stack">
          <p className="muted">{t('account.sessions.intro')}</p>
          <ul className="plain facts" data-testid="my-sessions">
            {data.map((s) => (
              <li key={s.id} title={s.user_agent ?? undefined} className="session-row">
                <div>
                  <strong>{device(s.user_agent)}</strong>
                  {s.ip && <span className="muted mono"> · {s.ip}</span>}
                  {s.current && (
                    <>
                      {' '}
                      <span className="badge ok">{t('account.sessions.this_browser')}</span>
                    </>
                  )}
                  <div className="muted small">
                    {t('people.last_seen')} <Time value={s.last_seen_at} relative /> · {t('people.signed_in')} <Time value={s.created_at} />
                  </div>
                </div>
                {!s.current && (
                  <button
                    type="button"
                    className="btn btn-sm"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate(s.id)}
                    aria-label={t('account.sessions.sign_out_label', { device: device(s.user_agent) })}
                  >
                    {t('account.sessions.sign_out')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {revoke.isError && <ErrorBanner error={revoke.error} />}
        </div>
      )}
    </QueryView>
  );
}
