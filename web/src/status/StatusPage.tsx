import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client.ts';
import { componentNames, useStatusPage, type StatusComponent } from '../api/status.ts';
import { useMe } from '../api/session.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { Time } from '../components/Time.tsx';
import { StatusCompliance } from './StatusCompliance.tsx';

const tone = (s: StatusComponent['status']) =>
  s === 'operational' ? 'ok' : s === 'maintenance' ? 'subtle' : s === 'degraded' ? 'note' : 'warn';

/** The public status page (`/status`, no sign-in): components, open status incidents and the week's resolved ones. */
export function StatusPage() {
  const { t } = useTranslation();
  usePageTitle(t('statuspage.title'));
  const q = useStatusPage();
  const me = useMe().data;
  return (
    <div className="portal">
      <header className="app-header">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            客
          </span>
          <span className="brand-name">{t('common.product')}</span>
          <span className="brand-area">{t('statuspage.area')}</span>
        </Link>
        <div className="header-right">
          <LanguageSwitch />
          {me ? (
            <Link to="/" className="btn btn-ghost btn-sm">
              {t('statuspage.back')}
            </Link>
          ) : (
            <Link to="/signin" className="btn btn-ghost btn-sm">
              {t('auth.sign_in')}
            </Link>
          )}
        </div>
      </header>
      <main className="page page-narrow status-page" id="main">
        <h1>{t('statuspage.title')}</h1>
        <SubscriptionLink />
        <QueryView query={q}>
          {(p) => {
            const open = p.incidents.filter((i) => i.status !== 'resolved');
            const resolved = p.incidents.filter((i) => i.status === 'resolved');
            const allOk = !open.length && p.components.every((c) => c.status === 'operational');
            return (
              <>
                <div className={`banner ${allOk ? 'banner-ok' : 'banner-warn'}`} role="status">
                  <strong>
                    {allOk
                      ? t('statuspage.all_ok')
                      : open.length
                        ? t('statuspage.some_open', { count: open.length })
                        : t('statuspage.degraded')}
                  </strong>
                </div>
                {/* Seed 000: the status page comes first; a problem not listed here is reported next. */}
                <p className="small" data-testid="status-contact">
                  <Trans
                    i18nKey="statuspage.not_listed"
                    components={{ contact: <Link to={me?.role === 'customer' ? '/requests/contact' : '/contact'} /> }}
                  />
                </p>
                {p.components.length > 0 && (
                  <section className="card">
                    <h2>{t('statuspage.components')}</h2>
                    <ul className="status-components">
                      {p.components.map((c) => (
                        <li key={c.key}>
                          <span>{c.name}</span>
                          <span className={`badge ${tone(c.status)}`}>{t(`statuspage.component_status.${c.status}`)}</span>
                        </li>
                      ))}
                    </ul>
                  </section>
                )}
                {p.compliance && <StatusCompliance compliance={p.compliance} />}
                {[
                  { list: open, title: t('statuspage.open_incidents') },
                  { list: resolved, title: t('statuspage.resolved_incidents') },
                ].map(
                  (g) =>
                    g.list.length > 0 && (
                      <section key={g.title}>
                        <h2>{g.title}</h2>
                        {g.list.map((i) => (
                          <article key={i.id} className="card status-incident" id={`incident-${i.id}`}>
                            <h3>
                              {i.title}{' '}
                              <span className={`badge ${i.status === 'resolved' ? 'ok' : 'warn'}`}>
                                {t(`statuspage.incident_status.${i.status}`)}
                              </span>
                            </h3>
                            {i.components.length > 0 && (
                              <p className="muted small">
                                {t('statuspage.banner.affects', {
                                  components: componentNames(p, i.components).join(t('statuspage.list_sep')),
                                })}
                              </p>
                            )}
                            <ol className="status-updates">
                              {i.updates.map((u) => (
                                <li key={u.id}>
                                  <strong>{t(`statuspage.incident_status.${u.status}`)}</strong> — {u.message}{' '}
                                  <span className="muted small">
                                    <Time value={u.created_at} />
                                  </span>
                                </li>
                              ))}
                            </ol>
                          </article>
                        ))}
                      </section>
                    ),
                )}
              </>
            );
          }}
        </QueryView>
        <Subscribe defaultEmail={me?.emails?.find((e) => e.primary)?.email ?? ''} ready={q.isSuccess} />
      </main>
    </div>
  );
}

/** "Subscribe instead of filing": an address gets a confirmation link, then every update by email. */
function Subscribe({ defaultEmail, ready }: { defaultEmail: string; ready: boolean }) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState(defaultEmail);
  const sub = useMutation({
    mutationFn: () => api.post('/status/subscriptions', { email: email.trim(), locale: i18n.language === 'zh-CN' ? 'zh-CN' : 'en' }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    sub.mutate();
  };
  // Arriving from a banner's "subscribe instead of filing": show the form once the page above it has loaded.
  useEffect(() => {
    if (ready && window.location.hash === '#subscribe') document.getElementById('subscribe')?.scrollIntoView();
  }, [ready]);
  return (
    <section className="card status-subscribe" id="subscribe" aria-labelledby="subscribe-h">
      <h2 id="subscribe-h">{t('statuspage.subscribe.title')}</h2>
      <p className="muted">{t('statuspage.subscribe.body')}</p>
      {sub.isError && <ErrorBanner error={sub.error} />}
      {sub.isSuccess ? (
        <div className="banner banner-ok" role="status">
          {t('statuspage.subscribe.sent', { email: email.trim() })}
        </div>
      ) : (
        <form onSubmit={submit} aria-label={t('statuspage.subscribe.title')}>
          <Field label={t('statuspage.subscribe.email')}>
            {(p) => <input {...p} type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <button type="submit" className="btn btn-primary" disabled={sub.isPending}>
            {t('statuspage.subscribe.action')}
          </button>
        </form>
      )}
    </section>
  );
}

/** Follows a mailed link (`?confirm=…` or `?unsubscribe=…`) once, and says what happened. */
function SubscriptionLink() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const confirm = params.get('confirm');
  const unsubscribe = params.get('unsubscribe');
  const follow = useMutation({
    mutationFn: () =>
      confirm
        ? api.post('/status/subscriptions/confirm', { token: confirm })
        : api.post('/status/subscriptions/unsubscribe', { token: unsubscribe }),
  });
  const started = useRef(false);
  useEffect(() => {
    if (started.current || (!confirm && !unsubscribe)) return;
    started.current = true;
    follow.mutate();
  }, [confirm, unsubscribe, follow]);
  if (!confirm && !unsubscribe) return null;
  if (follow.isError) return <ErrorBanner error={follow.error} />;
  const done = follow.isSuccess;
  return (
    <div className={`banner ${done ? 'banner-ok' : ''}`} role="status" data-testid="subscription-result">
      {confirm
        ? t(done ? 'statuspage.subscribe.confirmed' : 'statuspage.subscribe.confirming')
        : t(done ? 'statuspage.subscribe.unsubscribed' : 'statuspage.subscribe.unsubscribing')}
    </div>
  );
}
