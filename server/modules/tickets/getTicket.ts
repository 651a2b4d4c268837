import type { Db, Queryable } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
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
  return presentTicket(await loadVisibleTicket(db, opts.actor, opts.id), opts.actor);
}
