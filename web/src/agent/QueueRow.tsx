import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { usePlanNames } from '../api/plans.ts';
import type { Ticket } from '../api/types.ts';
import { KindBadge, PlanBadge, PriorityBadge, StatusBadge } from '../components/Badges.tsx';
import { QueueReasonText } from '../components/QueueReasonText.tsx';
import { SlaCountdown } from '../components/SlaCountdown.tsx';
import { Time } from '../components/Time.tsx';

interface Props {
  ticket: Ticket;
  selected: boolean;
  onFocus: () => void;
  /** Chosen for a bulk change; `onCheck(range)`: range is true when shift was held (select from the last one clicked). */
  checked?: boolean;
  onCheck?: (range: boolean) => void;
}

export const QueueRow = forwardRef<HTMLAnchorElement, Props>(function QueueRow({ ticket: tk, selected, onFocus, checked, onCheck }, ref) {
  const { t } = useTranslation();
  const planName = usePlanNames();
  return (
    <li
      className={`queue-row${selected ? ' selected' : ''}${checked ? ' checked' : ''}`}
      data-testid="queue-row"
      aria-current={selected ? 'true' : undefined}
    >
      {onCheck && (
        <span className="q-check">
          <input
            type="checkbox"
            checked={!!checked}
            aria-label={t('agent.bulk.select_ticket', { number: tk.number, subject: tk.subject })}
            onChange={(e) => onCheck(!!(e.nativeEvent as MouseEvent).shiftKey)}
            data-testid="row-check"
          />
        </span>
      )}
      <Link ref={ref} to={`/agent/tickets/${tk.number}`} className="queue-link" onFocus={onFocus}>
        <span className="q-countdown">
          {tk.status === 'pending' || tk.status === 'on_hold' ? (
            <span className="countdown countdown-none">{t('sla.paused')}</span>
          ) : (
            <SlaCountdown dueAt={tk.sla_next_breach_at} clock={tk.sla_clock} />
          )}
        </span>
        <span className="q-main">
          <span className="q-title">
            <span className="muted">#{tk.number}</span> {tk.subject}
          </span>
          <span className="q-sub">
            <QueueReasonText ticket={tk} />
          </span>
        </span>
        <span className="q-badges">
          <PlanBadge plan={planName(tk.plan)} />
          <KindBadge kind={tk.sla?.kind} />
          <PriorityBadge priority={tk.priority} />
          <StatusBadge status={tk.status} />
        </span>
        <span className="q-who">
          <span>{tk.organization?.name ?? tk.requester.name ?? tk.requester.email}</span>
          <span className="muted">
            {/* The time is the ticket's, not the assignment's: said so ("opened …"), next to who has it. */}
            {tk.assignee ? tk.assignee.name : t('agent.unassigned')} · {t('agent.opened')} <Time value={tk.created_at} relative />
          </span>
        </span>
      </Link>
    </li>
  );
});
