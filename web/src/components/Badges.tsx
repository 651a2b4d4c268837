import { useTranslation } from 'react-i18next';
import { usePlanNames } from '../api/plans.ts';
import type { Priority, Status } from '../api/types.ts';

/**
 * What a customer is told of a status (docs/web.md, "Statuses as customers read them"): new, open
 * and on hold are all "Open" (on hold is the desk's own business: a third party, a snooze), and
 * pending is "Awaiting your reply", addressed to them.
 */
export function customerStatus(status: Status): 'open' | 'pending' | 'solved' | 'closed' {
  return status === 'pending' || status === 'solved' || status === 'closed' ? status : 'open';
}

/** A ticket's status; `forCustomer` in the portal and on a guest's page, in the customer's words. */
export function StatusBadge({ status, forCustomer }: { status: Status; forCustomer?: boolean }) {
  const { t } = useTranslation();
  if (forCustomer) {
    const shown = customerStatus(status);
    return <span className={`badge status-c-${shown}`}>{t(`status_customer.${shown}`)}</span>;
  }
  return <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  return (
    <span className={`badge prio prio-${priority}`} title={t(`priority.${priority}.name`)}>
      {priority}
    </span>
  );
}

/** A plan's name in the reader's language (docs/sla.md, "Names of plans, add-ons and channels"). */
export function PlanBadge({ plan }: { plan: { id?: number; name: string } | null | undefined }) {
  const { t } = useTranslation();
  const shown = usePlanNames()(plan);
  return <span className={`badge plan${shown ? '' : ' plan-none'}`}>{shown ? shown.name : t('plan.none')}</span>;
}

export function KindBadge({ kind }: { kind: 'sla' | 'slo' | undefined }) {
  const { t } = useTranslation();
  if (!kind) return null;
  return (
    <abbr className={`badge kind-${kind}`} title={t(`sla.kind_long.${kind}`)}>
      {t(`sla.kind.${kind}`)}
    </abbr>
  );
}
