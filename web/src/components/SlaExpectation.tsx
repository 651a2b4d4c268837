import { useTranslation } from 'react-i18next';
import type { Ticket } from '../api/types.ts';
import { KindBadge } from './Badges.tsx';
import { useFormat } from './format.ts';
import { slaKind, slaPolicyName } from './sla.ts';
import { useSlaZone } from './useSlaZone.ts';

/**
 * The response a customer can expect from their plan: "First response by Tue 14:30 (your time)".
 * SLA (a commitment) and SLO (an objective) are labelled; times are in the viewer's zone with the calendar's zone noted.
 */
export function SlaExpectation({ ticket, compact, hideKind }: { ticket: Ticket; compact?: boolean; hideKind?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const kind = slaKind(ticket);
  const policy = slaPolicyName(ticket);
  const zone = useSlaZone(ticket);
  const due = ticket.first_response_due_at;
  const zoneNote = zone && zone !== f.zone ? t('sla.calendar_zone', { zone, time: due ? f.dateTimeIn(due, zone) : '' }) : null;

  let line: string;
  if (ticket.first_response_at) line = t('sla.first_response_done', { time: f.dateTime(ticket.first_response_at) });
  else if (due) line = t('sla.first_response_by', { time: f.dateTime(due) });
  else if (ticket.status === 'solved' || ticket.status === 'closed') line = t('sla.none_running');
  else line = t('sla.no_target');

  return (
    <div className={`sla-expect${compact ? ' compact' : ''}`} data-testid="sla-expectation">
      {!hideKind && <KindBadge kind={kind} />}
      <span>{line}</span>
      {!compact && policy && <span className="muted"> · {policy}</span>}
      {!ticket.first_response_at && due && <span className="muted zone-note">{t('sla.zone_paren', { text: [t('sla.your_zone', { zone: f.zone }), zoneNote].filter(Boolean).join(t('sla.clause_separator')) })}</span>}
    </div>
  );
}
