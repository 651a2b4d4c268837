import { useTranslation } from 'react-i18next';
import { usePlanNames } from '../api/plans.ts';
import type { Ticket } from '../api/types.ts';
import { formatSpan } from './format.ts';
import { queueReason } from './sla.ts';

const KNOWN = new Set([
  'queue.reason.due',
  'queue.reason.overdue',
  'queue.reason.paused',
  'queue.reason.no_target',
  'queue.reason.no_running_target',
  'queue.reason.ended',
]);

/** "Enterprise · P1 · first response due in 3 h 20 min" — the reason for the ticket's place in the queue. */
export function QueueReasonText({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const planName = usePlanNames();
  const r = queueReason(ticket);
  const p = r.params ?? {};
  // The reason names the plan as the server stored it; show the ticket's plan in the reader's language.
  const plan =
    p.plan != null && ticket.plan && p.plan === ticket.plan.name
      ? (planName(ticket.plan)?.name ?? String(p.plan))
      : (p.plan as string | null);
  const params = {
    ...p,
    plan: plan ?? t('plan.none'),
    priority: String(p.priority ?? ticket.priority),
    metric: p.metric ? t(`sla.metric.${String(p.metric)}`) : '',
    kind: p.kind ? t(`sla.kind.${String(p.kind)}`) : '',
    status: p.status ? t(`status.${String(p.status)}`) : '',
    minutes: Number(p.minutes ?? 0),
    span: formatSpan(Number(p.minutes ?? 0), t),
  };
  const key = KNOWN.has(r.key) ? r.key : 'queue.reason.no_target';
  return <span className="queue-reason">{t(key, params)}</span>;
}
