import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, type Page } from '../../api/client.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { AttachmentList } from '../../components/mail/AttachmentList.tsx';
import { Field } from '../../components/Field.tsx';
import { usePageTitle } from '../../components/PageTitle.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { Time } from '../../components/Time.tsx';
import { MailDeliveryNotice } from './MailDeliveryNotice.tsx';
import { linksIn, textOf, type OutboxMail } from './emailApi.ts';

const STATUSES = ['local', 'queued', 'sending', 'sent', 'failed', 'bounced'] as const;

function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const tone = status === 'sent' ? ' ok' : status === 'failed' || status === 'bounced' ? ' note' : '';
  return <span className={`badge${tone}`}>{t(`admin.outbox.status.${status}`, { defaultValue: status })}</span>;
}

function MailView({ mail }: { mail: OutboxMail }) {
  const { t } = useTranslation();
  const text = textOf(mail);
  const links = linksIn(text);
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <article className="card" aria-labelledby="mail-subject">
      <div className="btn-row">
        <Link to="/admin/outbox">← {t('admin.outbox.back')}</Link>
      </div>
      <h2 id="mail-subject">{mail.subject}</h2>
      <dl className="kv">
        <dt>{t('admin.outbox.from')}</dt>
        <dd className="mono">{mail.from}</dd>
        <dt>{t('admin.outbox.to')}</dt>
        <dd className="mono">{mail.to.join(', ')}</dd>
        {mail.cc?.length ? (
          <>
            <dt>{t('admin.outbox.cc')}</dt>
            <dd className="mono">{mail.cc.join(', ')}</dd>
          </>
        ) : null}
        {mail.reply_to && (
          <>
            <dt>{t('admin.outbox.reply_to')}</dt>
            <dd className="mono">{mail.reply_to}</dd>
          </>
        )}
        <dt>{t('admin.outbox.status_label')}</dt>
        <dd>
          <StatusBadge status={mail.status} />
        </dd>
        <dt>{t('admin.outbox.created')}</dt>
        <dd>
          <Time value={mail.created_at} />
        </dd>
        {mail.sent_at && mail.status === 'sent' && (
          <>
            <dt>{t('admin.outbox.sent')}</dt>
            <dd>
              <Time value={mail.sent_at} />
            </dd>
          </>
        )}
        {mail.last_error && (
          <>
            <dt>{t('admin.outbox.error')}</dt>
            <dd className="break">{mail.last_error}</dd>
          </>
        )}
      </dl>
      {mail.status === 'local' && <p className="notice notice-warn">{t('admin.outbox.local_explained')}</p>}
      {links.length > 0 && (
        <section aria-labelledby="mail-links">
          <h3 id="mail-links">{t('admin.outbox.links')}</h3>
          <ul className="plain">
            {links.map((l) => (
              <li key={l} className="row-gap">
                <a href={l} className="mono break" target="_blank" rel="noreferrer noopener">
                  {l}
                </a>{' '}
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => {
                    void navigator.clipboard?.writeText(l);
                    setCopied(l);
                  }}
                >
                  {copied === l ? `✓ ${t('admin.outbox.copied')}` : t('common.copy')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <h3>{t('admin.outbox.body')}</h3>
      <pre className="body-preview msg-body" data-testid="mail-body">
        {text || t('admin.outbox.no_body')}
      </pre>
      {mail.attachments?.length ? (
        <section aria-labelledby="mail-attachments">
          <h3 id="mail-attachments">{t('admin.outbox.attachments', { count: mail.attachments.length })}</h3>
          <AttachmentList attachments={mail.attachments} />
        </section>
      ) : null}
    </article>
  );
}

/** Every outgoing mail, newest first; open one to read it (without SMTP, this is the only place mail can be read). */
export function Outbox() {
  const { t } = useTranslation();
  const { id } = useParams();
  const openId = id ? Number(id) : null;
  usePageTitle(t('admin.nav.outbox'));
  const [status, setStatus] = useState('');
  const pages = useInfiniteQuery({
    queryKey: ['outbox', status],
    queryFn: ({ pageParam }) =>
      api.get<Page<OutboxMail>>('/outbox', { limit: 50, status: status || undefined, cursor: pageParam || undefined }),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const mails = pages.data?.pages.flatMap((p) => p.data) ?? [];
  const open = openId ? mails.find((m) => m.id === openId) : undefined;
  // A link to an older mail: load further pages until it appears.
  useEffect(() => {
    if (openId && !open && pages.hasNextPage && !pages.isFetchingNextPage) void pages.fetchNextPage();
  }, [openId, open, pages]);

  return (
    <main className="admin-page" id="main">
      <div className="page-head">
        <h1>{t('admin.nav.outbox')}</h1>
      </div>
      <MailDeliveryNotice place="outbox" />
      {openId ? (
        open ? (
          <MailView mail={open} />
        ) : pages.isFetching ? (
          <p className="muted">{t('common.loading')}</p>
        ) : (
          <EmptyState title={t('admin.outbox.not_found')} />
        )
      ) : (
        <>
          <p className="muted">{t('admin.channels.outbox_desc')}</p>
          <div className="inline-form">
            <Field label={t('admin.outbox.filter')}>
              {(p) => (
                <select {...p} value={status} onChange={(e) => setStatus(e.target.value)}>
                  <option value="">{t('admin.outbox.all')}</option>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`admin.outbox.status.${s}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <QueryView query={pages}>
            {() =>
              mails.length === 0 ? (
                <EmptyState title={t('admin.outbox.empty')} />
              ) : (
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th>{t('admin.outbox.subject')}</th>
                        <th>{t('admin.outbox.to')}</th>
                        <th>{t('admin.outbox.status_label')}</th>
                        <th>{t('admin.outbox.created')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {mails.map((m) => (
                        <tr key={m.id}>
                          <td>
                            <Link to={`/admin/outbox/${m.id}`}>{m.subject || t('admin.outbox.no_subject')}</Link>
                          </td>
                          <td className="mono">{m.to.join(', ')}</td>
                          <td>
                            <StatusBadge status={m.status} />
                          </td>
                          <td>
                            <Time value={m.created_at} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )
            }
          </QueryView>
          {pages.hasNextPage && (
            <div className="btn-row">
              <button type="button" className="btn" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
                {t('admin.outbox.more')}
              </button>
            </div>
          )}
        </>
      )}
    </main>
  );
}
