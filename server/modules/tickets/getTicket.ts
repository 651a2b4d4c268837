import type { Db, Queryable } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { isStaff } from '../auth/principal.ts';
import { ticketSatisfaction } from '../satisfaction/ticketSatisfaction.ts';
import { ticketPolicy } from './ticketPolicy.ts';
import { presentTicket } from './ticketPresenter.ts';
import { TICKET_STATE_COLUMNS, ticketRepository } from './ticketRepository.ts';

export const getTicketRow = (q: Queryable, id: number) => ticketRepository.get(q, id, TICKET_STATE_COLUMNS);

/** Another organization's ticket is a 404, not a 403: its existence is not disclosed. */
export async function loadVisibleTicket(q: Queryable, actor: Principal, id: number) {
  const t = await getTicketRow(q, id);
  if (!t || !ticketPolicy.canSee(actor, t)) throw notFound('Ticket', id);
  return t;
}

export async function getTicket(db: Db, opts: { actor: Principal; id: number }) {
  const row = await loadVisibleTicket(db, opts.actor, opts.id);
  const out = presentTicket(row, opts.actor);
  // The rating (docs/satisfaction.md): staff always; the requester while surveys are on.
  if (isStaff(opts.actor) || row.requester_id === opts.actor.personId) {
    const s = await ticketSatisfaction(db, { ticketId: row.id, staff: isStaff(opts.actor) });
    if (s) out.satisfaction = s.rating;
  }
  return out;
}
