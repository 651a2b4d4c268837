import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { QueryView } from '../../components/QueryView.tsx';
import { useNow } from '../../components/useNow.ts';
import { SupportAppEnrol } from './SupportAppEnrol.tsx';

const PERIOD_MS = 30_000;

/**
 * The 6-digit code to read out to an agent, with a bar running down to when it changes. The header's
 * "Support code" link (…/contact#support-code) brings it into view, also when followed inside the app
 * (the browser scrolls to an anchor only on a full page load).
 */
export function SupportCodeCard() {
  const { t } = useTranslation();
  const now = useNow();
  const location = useLocation();
  const card = useRef<HTMLElement>(null);
  const q = useQuery({
    queryKey: ['support-code'],
    queryFn: () => api.get<{ code: string; expires_at: string }>('/me/support-code'),
    refetchInterval: (query) => {
      const exp = query.state.data ? new Date(query.state.data.expires_at).getTime() : 0;
      return Math.max(500, exp - Date.now() + 300);
    },
    gcTime: 0,
  });
  const shown = q.isSuccess;
  useEffect(() => {
    if (location.hash === '#support-code' && shown) card.current?.scrollIntoView({ block: 'start' });
  }, [location.hash, location.key, shown]);
  return (
    <section className="card" id="support-code" aria-labelledby="support-code-title" ref={card}>
      <h2 id="support-code-title">{t('kf.code.title')}</h2>
      <p className="muted">{t('kf.code.intro')}</p>
      <QueryView query={q}>
        {(c) => {
          const left = Math.max(0, new Date(c.expires_at).getTime() - now);
          return (
            <>
              <div className="support-code mono" data-testid="support-code" aria-live="polite">
                {c.code.slice(0, 3)} {c.code.slice(3)}
              </div>
              <div
                className="code-bar"
                role="progressbar"
                aria-label={t('kf.code.changes_in', { s: Math.ceil(left / 1000) })}
                aria-valuemin={0}
                aria-valuemax={30}
                aria-valuenow={Math.ceil(left / 1000)}
              >
                <span style={{ width: `${Math.min(100, (left / PERIOD_MS) * 100)}%` }} />
              </div>
              <p className="muted small">{t('kf.code.changes_in', { s: Math.ceil(left / 1000) })}</p>
            </>
          );
        }}
      </QueryView>
      <SupportAppEnrol />
    </section>
  );
}
