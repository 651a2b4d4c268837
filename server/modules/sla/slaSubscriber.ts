import { CLOCK_EVENTS } from '../../domain/tickets/events.ts';
import type { TicketSubscriber } from '../shared/ticketEventLog.ts';
import { recomputeTicketSla } from './recomputeTicketSla.ts';
import { slaForNewTicket } from './ticketSla.ts';

/**
 * The SLA clocks as a ticket subscriber: a new ticket gets its policy, due times and queue keys with
 * its insert; any change that can move a clock (status, priority, a message, a merge) recomputes them
 * from the event log in the same transaction, appending the warnings and breaches now owed.
 */
export const slaSubscriber: TicketSubscriber = {
  name: 'sla',
  events: CLOCK_EVENTS,
  async columnsForNew(q, t, now) {
    return { ...(await slaForNewTicket(q, { ...t, createdAt: (t.createdAt ?? now).getTime(), now: now.getTime() })) };
  },
  async afterChange(q, o) {
    await recomputeTicketSla(q, { ticketId: o.ticketId, now: o.now });
  },
};
