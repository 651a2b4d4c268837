import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, type Page } from '../../api/client.ts';
import { usePlanNames } from '../../api/plans.ts';
import { useMe } from '../../api/session.ts';
import type { Message, Ticket } from '../../api/types.ts';

import { KindBadge, PlanBadge, PriorityBadge, StatusBadge } from '../../components/Badges.tsx';
import { Conversation } from '../../components/Conversation.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Skeleton } from '../../components/Loading.tsx';
import { usePageTitle } from '../../components/PageTitle.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { QueueReasonText } from '../../components/QueueReasonText.tsx';
import { SlaCountdown } from '../../components/SlaCountdown.tsx';
import { Time } from '../../components/Time.tsx';
import { TicketByNumber } from '../../components/TicketByNumber.tsx';
import type { TicketView } from '../../components/useTicketByNumber.ts';
import { queueNav } from '../queueNav.ts';
import { useViews, viewBySlug, viewName } from '../views.ts';
import { useShortcuts } from '../useShortcuts.ts';
import { Composer, type ComposerMode } from './Composer.tsx';
import { EventHistory } from './EventHistory.tsx';
import { MergeButton } from './MergeDialog.tsx';
import { SnoozeButton } from './SnoozeButton.tsx';
import { SplitButton } from './SplitDialog.tsx';
import { PresenceNotice } from './PresenceNotice.tsx';
import { SidePanel } from './SidePanel.tsx';
import { TicketProperties } from './TicketProperties.tsx';
import { usePresence } from './usePresence.ts';

/** Solved and closed tickets need no more work: nothing to take or solve. */
const isDone = (tk: Ticket) => tk.status === 'solved' || tk.status === 'closed';

/** The name of the view the agent came from, as the sidebar says it (a custom view's own name), else "Queue". */
function useQueueLabel() {
  const { t } = useTranslation();
  const views = useViews().data;
  const v = viewBySlug(views, queueNav.view());
  return v ? viewName(t, v) : t('agent.nav.queue');
}

/** /agent/tickets/:number — the ticket people know as #number. */
export function AgentTicket() {
  const backLabel = useQueueLabel();
  return (
    <TicketByNumber back={{ to: `/agent/queue/${queueNav.view()}`, label: backLabel }}>
      {(id, number) => <AgentTicketView key={id} id={id} number={number} />}
    </TicketByNumber>
  );
}

/** The agent's ticket view: conversation and composer in the middle, properties, history and context beside. */
function AgentTicketView({ id, number }: { id: number; number: number }) {
  const { t } = useTranslation();
  const backLabel = useQueueLabel();
  const planName = usePlanNames();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe().data;
  const ticket = useQuery({ queryKey: ['ticket', id], queryFn: () => api.get<TicketView>(`/tickets/${id}`), refetchInterval: 30_000 });
  const messages = useQuery({
    queryKey: ['messages', id],
    queryFn: () => api.get<Page<Message>>(`/tickets/${id}/messages`, { limit: 200 }),
    refetchInterval: 30_000,
  });
  const presence = usePresence(id, me?.id);
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [focusTick, setFocusTick] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  usePageTitle(ticket.data ? `#${ticket.data.number} ${ticket.data.subject}` : t('ticket.ticket'));

  const refresh = () =>
    Promise.all(
      ['ticket', 'messages', 'events']
        .map((k) => qc.invalidateQueries({ queryKey: [k, id] }))
        .concat(qc.invalidateQueries({ queryKey: ['queue'] })),
    );
  const patch = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.patch<Ticket>(`/tickets/${id}`, body),
    onSuccess: refresh,
  });
  const focusBox = (m: ComposerMode) => {
    setMode(m);
    setFocusTick((n) => n + 1);
  };
  const go = (step: 1 | -1) => {
    const n = queueNav.neighbour(number, step);
    if (n) navigate(`/agent/tickets/${n}`);
  };
  useShortcuts({
    r: () => focusBox('reply'),
    n: () => focusBox('note'),
    j: () => go(1),
    k: () => go(-1),
    u: () => navigate(`/agent/queue/${queueNav.view()}`),
    a: () => {
      const tk = ticket.data;
      if (me?.id && tk && !isDone(tk)) patch.mutate({ assignee_id: me.id });
    },
    s: () => {
      const tk = ticket.data;
      if (tk && !isDone(tk)) patch.mutate({ status: 'solved' });
    },
  });

  return (
    <main className="ticket-view" id="main">
      <QueryView query={ticket} skeleton={<Skeleton rows={3} height={80} />}>
        {(tk) => (
          <>
            <div className="ticket-main">
              <p className="crumbs">
                <Link to={`/agent/queue/${queueNav.view()}`}>← {backLabel}</Link>
              </p>
              <header className="ticket-title">
                <h1>
                  <span className="muted">#{tk.number}</span> {tk.subject}
                </h1>
                <PresenceNotice viewers={presence.others} />
                <div className="request-meta">
                  <StatusBadge status={tk.status} />
                  <PriorityBadge priority={tk.priority} />
                  <PlanBadge plan={planName(tk.plan)} />
                  <KindBadge kind={tk.sla?.kind} />
                  {tk.category && <span className="badge subtle">{t(`category.${tk.category}.name`, { defaultValue: tk.category })}</span>}
                  {tk.asset && <span className="badge subtle mono">{tk.asset.name}</span>}
                  {tk.sender_verified === false && (
                    <span className="badge warn" title={t('ticket.sender_not_verified_hint')} data-testid="ticket-sender-not-verified">
                      {t('ticket.sender_not_verified')}
                    </span>
                  )}
                  <span className="muted">
                    <Time value={tk.created_at} />
                  </span>
                </div>
                <div className="sla-line">
                  {tk.status !== 'pending' && tk.status !== 'on_hold' && tk.sla_next_breach_at && (
                    <SlaCountdown dueAt={tk.sla_next_breach_at} clock={tk.sla_clock} />
                  )}
                  <QueueReasonText ticket={tk} />
                </div>
                <div className="btn-row">
                  {me?.id && tk.assignee_id !== me.id && !isDone(tk) && (
                    <button type="button" className="btn btn-sm" onClick={() => patch.mutate({ assignee_id: me.id })}>
                      {t('agent.take')} <kbd>a</kbd>
                    </button>
                  )}
                  {!isDone(tk) && (
                    <button type="button" className="btn btn-sm" onClick={() => patch.mutate({ status: 'solved' })}>
                      {t('agent.solve')} <kbd>s</kbd>
                    </button>
                  )}
                  <SnoozeButton ticket={tk} />
                  <MergeButton ticket={tk} messages={messages.data?.data} />
                </div>
                {patch.isError && <ErrorBanner error={patch.error} />}
              </header>
              {tk.merged_into_number != null && (
                <div className="notice merged-note" role="note" data-testid="merged-into">
                  <strong>
                    <Trans
                      i18nKey="ticket.merged_into"
                      values={{ number: tk.merged_into_number }}
                      components={{ ticket: <Link to={`/agent/tickets/${tk.merged_into_number}`} /> }}
                    />
                  </strong>
                  <span className="muted"> {t('ticket.merged_body')}</span>
                </div>
              )}
              <QueryView query={messages}>
                {(p) => (
                  <Conversation
                    messages={p.data}
                    frames
                    viewerId={me?.id}
                    actions={(m) => <SplitButton ticket={tk} message={m} count={p.data.length} />}
                  />
                )}
              </QueryView>
              {tk.status !== 'closed' ? (
                <Composer
                  ticket={tk}
                  mode={mode}
                  setMode={setMode}
                  textareaRef={box}
                  focusTick={focusTick}
                  onSent={() => {
                    presence.sent();
                    return refresh();
                  }}
                  messages={messages.data?.data}
                  latest={async () => (await messages.refetch()).data?.data}
                  onTyping={presence.typing}
                />
              ) : (
                <p className="muted">{t('agent.closed_note')}</p>
              )}
            </div>
            <div className="ticket-aside">
              <TicketProperties ticket={tk} />
              <SidePanel ticket={tk} />
              <EventHistory ticketId={id} />
            </div>
          </>
        )}
      </QueryView>
    </main>
  );
}
