import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.ts';
import type { Message, Status } from '../api/types.ts';
import { StatusBadge } from '../components/Badges.tsx';
import { Conversation } from '../components/Conversation.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { ReplyBox } from '../components/ReplyBox.tsx';
import { Time } from '../components/Time.tsx';
import { useFormat } from '../components/format.ts';
import { StatusBanner } from '../status/StatusBanner.tsx';
import { RatingBox } from './RateTicket.tsx';

interface GuestView {
  ticket: {
    number: number;
    subject: string;
    status: Status;
    created_at: string;
    first_response_due_at?: string | null;
    first_response_at?: string | null;
  };
  messages: Array<{
    id: number;
    author: { name: string | null; role: 'customer' | 'agent' } | null;
    body: string;
    attachments: Array<{ id: number; filename: string; size: number; content_type?: string }>;
    created_at: string;
  }>;
  /** Solved or closed, surveys on: the signed rating token and the current rating. */
  satisfaction?: { token: string; rating: { score: number; comment: string | null } | null } | null;
}

/** A ticket through the private link in an email: read and reply without an account. */
export function GuestTicket() {
  const { t } = useTranslation();
  const token = useParams().token ?? '';
  const qc = useQueryClient();
  const f = useFormat();
  const q = useQuery({
    queryKey: ['guest', token],
    queryFn: () => api.get<GuestView>(`/guest/tickets/${encodeURIComponent(token)}`),
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 2,
    // A guest has no live connection (it needs a session): an answer written while the page is open
    // appears within 30 s, as on the portal's fallback, instead of only after a reload.
    refetchInterval: (query) => (query.state.error ? false : 30_000),
  });
  usePageTitle(q.data ? `#${q.data.ticket.number} ${q.data.ticket.subject}` : t('portal.request'));
  const asMessages = (v: GuestView): Message[] =>
    v.messages.map((m) => ({
      id: m.id,
      ticket_id: 0,
      internal: false,
      channel: 'web',
      body: m.body,
      html: '',
      created_at: m.created_at,
      author: m.author ? { id: -1, name: m.author.name, role: m.author.role } : null,
      attachments: m.attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size, content_type: a.content_type ?? '' })),
    }));
  // What the acknowledgement mail promised ("we will answer by …"), as the portal tells a signed-in requester.
  const expectation = (v: GuestView) => {
    const { first_response_at: done, first_response_due_at: due, status } = v.ticket;
    if (done) return <span>{t('sla.first_response_done', { time: f.dateTime(done) })}</span>;
    if (!due || status === 'solved' || status === 'closed') return null;
    return (
      <>
        <span>{t('sla.first_response_by', { time: f.dateTime(due) })}</span>
        <span className="muted zone-note">{t('sla.zone_paren', { text: t('sla.your_zone', { zone: f.zone }) })}</span>
      </>
    );
  };
  return (
    <div className="portal">
      <header className="app-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">
            客
          </span>
          <span className="brand-name">{t('common.product')}</span>
          <span className="brand-area">{t('portal.area')}</span>
        </span>
        <div className="header-right">
          <LanguageSwitch />
          <Link to="/signin" className="btn btn-ghost btn-sm">
            {t('auth.sign_in')}
          </Link>
        </div>
      </header>
      <main className="page page-narrow" id="main">
        <StatusBanner />
        {q.error instanceof ApiError && q.error.status === 404 ? (
          <EmptyState title={t('portal.guest_link_dead_title')}>
            <p>{t('portal.guest_link_dead_body')}</p>
            <Link className="btn btn-primary" to="/signin?next=/requests">
              {t('auth.sign_in')}
            </Link>
          </EmptyState>
        ) : (
          <QueryView query={q}>
            {(v) => (
              <>
                <div className="ticket-title">
                  <h1>
                    <span className="muted">#{v.ticket.number}</span> {v.ticket.subject}
                  </h1>
                  <div className="request-meta">
                    <StatusBadge status={v.ticket.status} forCustomer />
                    <span className="muted">
                      {t('portal.opened')} <Time value={v.ticket.created_at} />
                    </span>
                  </div>
                  {expectation(v) && (
                    <p className="sla-expect" data-testid="sla-expectation">
                      {expectation(v)}
                    </p>
                  )}
                  <p className="muted small">{t('portal.guest_note')}</p>
                </div>
                {v.satisfaction && (
                  <RatingBox
                    current={v.satisfaction.rating}
                    save={(score, comment) =>
                      api.post(`/public/satisfaction/${encodeURIComponent(v.satisfaction!.token)}`, { score, comment })
                    }
                    onRated={() => qc.invalidateQueries({ queryKey: ['guest', token] })}
                  />
                )}
                <Conversation messages={asMessages(v)} attachmentBase={`/api/v1/guest/tickets/${encodeURIComponent(token)}/attachments`} />
                {v.ticket.status !== 'closed' && (
                  <ReplyBox
                    label={t('portal.reply_label')}
                    placeholder={t('portal.reply_placeholder')}
                    submitLabel={t('portal.send_reply')}
                    onSubmit={async (body, attachments) => {
                      await api.post(`/guest/tickets/${encodeURIComponent(token)}/messages`, { body, attachments });
                      await qc.invalidateQueries({ queryKey: ['guest', token] });
                    }}
                  />
                )}
              </>
            )}
          </QueryView>
        )}
      </main>
    </div>
  );
}
