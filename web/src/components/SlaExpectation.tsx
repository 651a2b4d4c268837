import { useTranslation } from 'react-i18next';
import type { Ticket } from '../api/types.ts';
import { KindBadge } from './Badges.tsx';
import { useFormat } from './format.ts';
import { slaKind, slaPolicyName } from './sla.ts';
import { useSlaZone } from './useSlaZone.ts';

/**
 * The response a customer can expect from their plan: "First response by Tue 14:30 (your time)".
 * SLA (a commitment) and SLO (an objective) are labelled; times are in the viewer's zone with the calendar's zone noted.
 * The policy's name ("· 企业 SLA") is never broken: on a narrow screen it moves up beside its badge (styles.css).
 */
export function SlaExpectation({
  ticket,
  compact,
  hideKind,
  forCustomer,
}: {
  ticket: Ticket;
  compact?: boolean;
  hideKind?: boolean;
  /** The portal: a pause is told in the customer's words ("while we wait for your reply"), and on hold is not named. */
  forCustomer?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const kind = slaKind(ticket);
  const policy = slaPolicyName(ticket, i18n.language);
  const zone = useSlaZone(ticket);
  const due = ticket.first_response_due_at;

  // An expectation is shown only while it applies: not on a solved, closed or merged ticket, and not for a
  // first response the ticket stopped owing (solved before any answer); a reply the desk owes instead is shown.
  const done = ticket.status === 'solved' || ticket.status === 'closed';
  const next = ticket.sla?.metrics?.find(
    (m) => m.metric === 'next_response' && (m.status === 'running' || m.status === 'breached_running'),
  );
  const firstCancelled = ticket.sla?.metrics?.some((m) => m.metric === 'first_response' && m.status === 'cancelled');
  let line: string;
  let shownDue: string | number | null | undefined = null;
  if (ticket.first_response_at) line = t('sla.first_response_done', { time: f.dateTime(ticket.first_response_at) });
  else if (done) line = t('sla.none_running');
  else if (due) {
    line = t('sla.first_response_by', { time: f.dateTime(due) });
    shownDue = due;
  } else if (next?.due_at) {
    line = t('sla.next_response_by', { time: f.dateTime(next.due_at) });
    shownDue = next.due_at;
  } else if (firstCancelled) line = t('sla.none_running');
  // Waiting on the customer (or on hold): the plan has a target, its clock is only paused.
  else if (ticket.sla?.metrics?.some((m) => m.status === 'paused'))
    line = forCustomer
      ? t(ticket.status === 'pending' ? 'sla.paused_your_reply' : 'sla.paused_for_now')
      : t(ticket.status === 'on_hold' ? 'sla.paused_on_hold' : 'sla.paused_while_waiting');
  else line = t('sla.no_target');
  const zoneNote =
    zone && zone !== f.zone ? t('sla.calendar_zone', { zone, time: shownDue != null ? f.dateTimeIn(shownDue, zone) : '' }) : null;

  return (
    <div className={`sla-expect${compact ? ' compact' : ''}${!compact && policy ? ' with-policy' : ''}`} data-testid="sla-expectation">
      {!hideKind && <KindBadge kind={kind} />}
      <span className="sla-expect-line">{line}</span>
      {!compact && policy && (
        <span className="muted sla-policy">
          <span className="sla-sep" aria-hidden="true">
            ·{' '}
          </span>
          {policy}
        </span>
      )}
      {shownDue != null && (
        <span className="muted zone-note">
          {t('sla.zone_paren', { text: [t('sla.your_zone', { zone: f.zone }), zoneNote].filter(Boolean).join(t('sla.clause_separator')) })}
        </span>
      )}
    </div>
  );
}
