import { within, type Db } from '../../db/client.ts';
import { forbidden, notFound, text, unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { createTicket } from './createTicket.ts';
import { getTicketRow } from './getTicket.ts';
import { changeTicket } from './ticketPipeline.ts';
import { presentTicket } from './ticketPresenter.ts';
import { ticketPolicy } from './ticketPolicy.ts';
import { ticketRepository } from './ticketRepository.ts';

/**
 * Splits a public message out into a new ticket (staff): a customer raised a second problem in the
 * same thread. The new ticket starts with a copy of the message (its text, formatting and
 * attachments), for the same requester and organization, priority and channel; the message stays
 * where it was, so the source's history is intact. Both tickets record `ticket.split`.
 */
export async function splitTicket(db: Db, o: { actor: Principal; ticketId: number; messageId: number; subject?: string }) {
  if (!isStaff(o.actor)) throw forbidden(text('tickets.errors.split_staff_only'));
  const source = await getTicketRow(db, o.ticketId);
  if (!source || !ticketPolicy.canSee(o.actor, source)) throw notFound('Ticket', o.ticketId);
  const m = await ticketRepository.message(db, o.messageId);
  if (!m || m.ticket_id !== o.ticketId)
    throw unprocessable(t(o.actor.locale, 'tickets.split.not_in_ticket', { id: o.messageId }), { field: 'message_id' });
  if (m.internal) throw unprocessable(t(o.actor.locale, 'tickets.split.internal'), { field: 'message_id' });
  const firstLine =
    m.body_text
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? '';
  // The customer who wrote it asks; a staff message stays with the source's requester.
  const requesterId = m.author_role === 'customer' && m.author_id != null ? m.author_id : source.requester_id;
  // The subject is the customer's (their portal, the mail they get): in their language, not the agent's.
  const requesterLocale = (await peopleRepository.get(db, requesterId))?.locale ?? o.actor.locale;
  const subject =
    o.subject?.trim() || t(requesterLocale, 'tickets.split.subject', { number: source.number, text: firstLine.slice(0, 120) });
  const newId = await db.tx(async (q) => {
    const created = await createTicket(within(db, q), {
      actor: o.actor,
      input: {
        subject: subject.slice(0, 300),
        body: m.body_text,
        html: m.body_html,
        requester_id: requesterId,
        organization_id: source.organization_id,
        priority: source.priority,
        channel: source.channel,
        category: source.category,
        asset_id: source.asset_id,
        override_entitlement: true,
      },
    });
    const id = created.id as number;
    await ticketRepository.copyAttachments(q, o.messageId, await ticketRepository.firstMessageId(q, id));
    await changeTicket(q, {
      ticketId: o.ticketId,
      actorId: o.actor.personId,
      apply: () => ({ result: null, events: [{ type: 'ticket.split', data: { message_id: o.messageId, into: id } }] }),
    });
    await changeTicket(q, {
      ticketId: id,
      actorId: o.actor.personId,
      apply: () => ({ result: null, events: [{ type: 'ticket.split', data: { message_id: o.messageId, from: o.ticketId } }] }),
    });
    return id;
  });
  return presentTicket((await getTicketRow(db, newId))!, o.actor);
}
