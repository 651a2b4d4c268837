import type { Db } from '../../db/client.ts';
import { mirrorLink, type LinkKind } from '../../domain/tickets/events.ts';
import { conflict, forbidden, invalid, notFound, text } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { changeTicket } from './ticketPipeline.ts';
import { ticketPolicy } from './ticketPolicy.ts';
import { ticketRepository } from './ticketRepository.ts';

/**
 * Links two tickets (staff): `kind` is what `otherId` is to `ticketId` — related, its parent, or its
 * child. Links may cross organizations (one outage, many customers' reports), so only staff see
 * them. A ticket has one parent at most; linking twice is a conflict. Recorded on both tickets.
 */
export async function linkTickets(db: Db, o: { actor: Principal; ticketId: number; otherId: number; kind: LinkKind }) {
  if (!isStaff(o.actor)) throw forbidden(text('tickets.errors.link_staff_only'));
  if (o.ticketId === o.otherId) throw invalid(t(o.actor.locale, 'tickets.links.self'), { field: 'ticket_id' });
  await db.tx(async (q) => {
    const [a, b] = o.ticketId < o.otherId ? [o.ticketId, o.otherId] : [o.otherId, o.ticketId];
    for (const id of [a, b]) {
      const row = await ticketRepository.lock(q, id);
      if (!row || !ticketPolicy.canSee(o.actor, row)) throw notFound('Ticket', id);
    }
    const existing = await ticketRepository.link(q, o.ticketId, o.otherId);
    if (existing) throw conflict(t(o.actor.locale, 'tickets.links.exists'), { field: 'ticket_id', kind: existing });
    const child = o.kind === 'parent' ? o.ticketId : o.kind === 'child' ? o.otherId : null;
    if (child != null && (await ticketRepository.parentOf(q, child)) != null)
      throw conflict(t(o.actor.locale, 'tickets.links.has_parent'), { field: 'kind' });
    await ticketRepository.insertLinks(
      q,
      [
        { ticketId: o.ticketId, otherId: o.otherId, kind: o.kind },
        { ticketId: o.otherId, otherId: o.ticketId, kind: mirrorLink(o.kind) },
      ],
      o.actor.personId,
    );
    await changeTicket(q, {
      ticketId: o.ticketId,
      actorId: o.actor.personId,
      apply: () => ({ result: null, events: [{ type: 'ticket.linked', data: { other_id: o.otherId, kind: o.kind } }] }),
    });
    await changeTicket(q, {
      ticketId: o.otherId,
      actorId: o.actor.personId,
      apply: () => ({ result: null, events: [{ type: 'ticket.linked', data: { other_id: o.ticketId, kind: mirrorLink(o.kind) } }] }),
    });
  });
  return listTicketLinks(db, { actor: o.actor, ticketId: o.ticketId });
}

/** Removes the link between two tickets (both ends), recorded on both. */
export async function unlinkTickets(db: Db, o: { actor: Principal; ticketId: number; otherId: number }) {
  if (!isStaff(o.actor)) throw forbidden(text('tickets.errors.link_staff_only'));
  await db.tx(async (q) => {
    const [a, b] = o.ticketId < o.otherId ? [o.ticketId, o.otherId] : [o.otherId, o.ticketId];
    for (const id of [a, b]) {
      const row = await ticketRepository.lock(q, id);
      if (row && !ticketPolicy.canSee(o.actor, row)) throw notFound('Ticket', id);
    }
    const kind = await ticketRepository.link(q, o.ticketId, o.otherId);
    if (!kind) throw notFound('Link', o.otherId);
    await ticketRepository.deleteLinks(q, o.ticketId, o.otherId);
    await changeTicket(q, {
      ticketId: o.ticketId,
      actorId: o.actor.personId,
      apply: () => ({ result: null, events: [{ type: 'ticket.unlinked', data: { other_id: o.otherId, kind } }] }),
    });
    await changeTicket(q, {
      ticketId: o.otherId,
      actorId: o.actor.personId,
      apply: () => ({ result: null, events: [{ type: 'ticket.unlinked', data: { other_id: o.ticketId, kind: mirrorLink(kind) } }] }),
    });
  });
}

/** A ticket's links (staff): parent first, then children and related tickets, newest first. */
export async function listTicketLinks(db: Db, o: { actor: Principal; ticketId: number }) {
  if (!isStaff(o.actor)) throw forbidden(text('tickets.errors.links_staff_only'));
  const ticket = await ticketRepository.get(db, o.ticketId);
  if (!ticket || !ticketPolicy.canSee(o.actor, ticket)) throw notFound('Ticket', o.ticketId);
  // An agent limited to their groups does not learn of linked tickets outside them.
  const rows = (await ticketRepository.links(db, o.ticketId, 500)).filter((r) => ticketPolicy.canSee(o.actor, r));
  return {
    data: rows.map((r) => ({
      kind: r.kind,
      ticket: { id: r.id, number: r.number, subject: r.subject, status: r.status, organization_id: r.organization_id },
      created_at: r.created_at,
    })),
  };
}
