import type { Queryable } from '../../db/client.ts';
import type { NewTicket } from './ticketRepository.ts';

/**
 * The points where other areas take part in a ticket's life, inside its transaction:
 * SLA clocks are computed here. Each returns extra ticket columns to store.
 */
export const ticketHooks = {
  async beforeCreate(_q: Queryable, _o: { draft: Omit<NewTicket, 'extra'>; addons: string[]; now: Date }): Promise<Record<string, unknown>> {
    return {};
  },
  /** After a change to a ticket (status, priority, message): recompute derived columns. */
  async afterChange(_q: Queryable, _o: { ticketId: number; now: Date }): Promise<void> {},
  extraColumns: '',
};
