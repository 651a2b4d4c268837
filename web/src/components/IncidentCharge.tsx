import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client.ts';
import { usePlanNames } from '../api/plans.ts';
import type { Ticket, TicketEvent } from '../api/types.ts';
import { tightenHan } from '../i18n/index.ts';

/**
 * Why this ticket used a paid incident: charged at submission because the plan has no help from a
 * person, or by an agent; with the order it came from and the balance left (event `incident.consumed`).
 */
export function IncidentCharge({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const planName = usePlanNames();
  const q = useQuery({
    queryKey: ['events', ticket.id],
    queryFn: () => api.get<Page<TicketEvent>>(`/tickets/${ticket.id}/events`, { limit: 200 }),
  });
  const e = q.data?.data.find((x) => x.type === 'incident.consumed');
  if (!e) return null;
  const d = e.data as { automatic?: boolean; order_ref?: string; service?: string; balance?: number };
  return (
    <p className="notice small" role="note" data-testid="incident-charge">
      {d.automatic
        ? tightenHan(t('kf.incidents.why_automatic', { plan: planName(ticket.plan)?.name ?? '—' }))
        : t('kf.incidents.why_agent', { name: e.actor?.name ?? '—' })}{' '}
      {t('kf.incidents.why_order', { order: d.order_ref || '—', service: d.service ?? '—', n: d.balance ?? 0 })}
    </p>
  );
}
