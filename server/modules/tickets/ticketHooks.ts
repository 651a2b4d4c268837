import type { Queryable } from '../../db/client.ts';
import { recomputeTicketSla } from '../sla/recomputeTicketSla.ts';
import { slaForNewTicket } from '../sla/ticketSla.ts';
import type { NewTicket } from './ticketRepository.ts';

/**
 * The points where other areas take part in a ticket's life, inside its transaction:
 * SLA clocks are computed here.
 */
export const ticketHooks = {
  /** Extra columns for a new ticket: its SLA policy, due times and queue position. */
  async beforeCreate(q: Queryable, o: { draft: Omit<NewTicket, 'extra'>; addons: string[]; now: Date }): Promise<Record<string, unknown>> {
    const d = o.draft;
    return { ...(await slaForNewTicket(q, {
      planId: d.planId, planRank: d.planRank, addons: o.addons, channel: d.channel, category: d.category, priority: d.priority, status: d.status,
      createdAt: (d.createdAt ?? o.now).getTime(), now: o.now.getTime(),
    })) };
  },
  /** After a change to a ticket (status, priority, message): recompute its clocks from its history. */
  async afterChange(q: Queryable, o: { ticketId: number; now: Date; reselect?: boolean }): Promise<void> {
    await recomputeTicketSla(q, o);
  },
  extraColumns: `, t.sla_policy, t.sla_reason, t.sla_state, t.first_response_due_at, t.next_response_due_at, t.resolution_due_at, t.sla_next_breach_at,
    (select m.number from tickets m where m.id = t.merged_into_id) as merged_into_number`,
};
