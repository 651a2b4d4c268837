import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, type Page } from '../api/client.ts';
import { useMe } from '../api/session.ts';
import type { Message, Ticket } from '../api/types.ts';
import { PriorityBadge, StatusBadge } from '../components/Badges.tsx';
import { Conversation } from '../components/Conversation.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Skeleton } from '../components/Loading.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { ReplyBox } from '../components/ReplyBox.tsx';
import { SlaExpectation } from '../components/SlaExpectation.tsx';
import { TicketFields } from '../components/TicketFields.tsx';
import { Time } from '../components/Time.tsx';
import { TicketByNumber } from '../components/TicketByNumber.tsx';
import type { TicketView } from '../components/useTicketByNumber.ts';
import { ProblemToo } from '../status/ProblemToo.tsx';
import { RateTicket } from './RateTicket.tsx';

/** /requests/:number — the request the customer knows as #number. */
export function PortalTicket() {
  const { t } = useTranslation();
  return (
    <TicketByNumber back={{ to: '/requests', label: t('portal.my_requests') }}>
      {(id) => <PortalTicketView key={id} id={id} />}
    </TicketByNumber>
  );
}

/** One request as the customer sees it: the conversation, a reply box, and what to expect. */
function PortalTicketView({ id }: { id: number }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const qc = useQueryClient();
  const ticket = useQuery({ queryKey: ['ticket', id], queryFn: () => api.get<TicketView>(`/tickets/${id}`) });
  const messages = useQuery({
    queryKey: ['messages', id],
    queryFn: () => api.get<Page<Message>>(`/tickets/${id}/messages`, { limit: 200 }),
    refetchInterval: 30_000,
  });
  usePageTitle(ticket.data ? `#${ticket.data.number} ${ticket.data.subject}` : t('portal.request'));
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['ticket', id] }),
      qc.invalidateQueries({ queryKey: ['messages', id] }),
      qc.invalidateQueries({ queryKey: ['tickets'] }),
    ]);
  const solve = useMutation({ mutationFn: () => api.patch<Ticket>(`/tickets/${id}`, { status: 'solved' }), onSuccess: refresh });

  return (
    <main className="page page-narrow" id="main">
      <p>
        <Link to="/requests">← {t('portal.my_requests')}</Link>
      </p>
      <QueryView query={ticket} skeleton={<Skeleton rows={2} height={60} />}>
        {(tk) => (
          <>
            <div className="ticket-title">
              <h1>
                <span className="muted">#{tk.number}</span> {tk.subject}
              </h1>
              <div className="request-meta">
                <StatusBadge status={tk.status} forCustomer />
                <PriorityBadge priority={tk.priority} />
                {tk.asset && <span className="badge subtle">{tk.asset.name}</span>}
                <span className="muted">
                  {t('portal.opened')} <Time value={tk.created_at} />
                </span>
              </div>
              <SlaExpectation ticket={tk} forCustomer />
            </div>
            <ProblemToo ticket={tk} onChange={refresh} />
            <RateTicket ticket={tk} onRated={refresh} />
            {tk.merged_into_number != null && (
              <div className="notice merged-note" role="note" data-testid="merged-into">
                <strong>
                  <Trans
                    i18nKey="ticket.merged_into"
                    values={{ number: tk.merged_into_number }}
                    components={{ ticket: <Link to={`/requests/${tk.merged_into_number}`} /> }}
                  />
                </strong>
                <span className="muted"> {t('ticket.merged_body')}</span>
              </div>
            )}
            {/* The details the guided form kept out of the message (sensitive ones included): the customer's own. */}
            <TicketFields ticket={tk} viewer="customer" />
            <section aria-labelledby="conv-h">
              <h2 id="conv-h" className="sr-only">
                {t('ticket.conversation')}
              </h2>
              <QueryView query={messages}>{(p) => <Conversation messages={p.data} viewerId={me?.id} frames />}</QueryView>
            </section>
            {tk.status !== 'closed' ? (
              <ReplyBox
                label={t('portal.reply_label')}
                placeholder={t('portal.reply_placeholder')}
                submitLabel={t('portal.send_reply')}
                onSubmit={async (body, attachments) => {
                  await api.post(`/tickets/${id}/messages`, { body, attachments });
                  await refresh();
                }}
              />
            ) : (
              <p className="muted">{t('portal.closed_note')}</p>
            )}
            {tk.status !== 'solved' && tk.status !== 'closed' && (
              <div className="solve-row">
                <span className="muted">{t('portal.solve_hint')}</span>
                <button type="button" className="btn" onClick={() => solve.mutate()} disabled={solve.isPending}>
                  {t('portal.mark_solved')}
                </button>
              </div>
            )}
            {solve.isError && <ErrorBanner error={solve.error} />}
          </>
        )}
      </QueryView>
    </main>
  );
}
