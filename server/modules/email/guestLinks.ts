import type { Db } from '../../db/client.ts';
import { forbidden, localizedError, notFound, text } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { privateLinkRating } from '../satisfaction/privateLinkRating.ts';
import { addMessage, type AddMessageInput } from '../tickets/addMessage.ts';
import { attachmentFile } from '../tickets/attachments.ts';
import { getTicketRow } from '../tickets/getTicket.ts';
import { listMessagesByIds } from '../tickets/listMessages.ts';
import { guestLinkRepository } from './guestLinkRepository.ts';
import type { GuestLinkRecord } from './outboxRepository.ts';

/**
 * Private links let a requester without an account read their ticket (public messages only) and
 * reply on the web. Only the hash is stored; links expire and can be revoked.
 */
export const GUEST_LINK_DAYS = 90;

/**
 * A private link for a mail about the ticket: the token for the mail's text, and the record
 * queueEmail stores in the mail's own statement (a mail already sent once stores no second link).
 */
export function newGuestLink(o: { personId: number; days?: number }): { token: string; record: GuestLinkRecord } {
  const { token, hash } = newSecret('kfg');
  return { token, record: { hash, personId: o.personId, days: o.days ?? GUEST_LINK_DAYS } };
}

export const guestLinkUrl = (publicUrl: string, token: string) => `${publicUrl}/guest/tickets/${token}`;

const invalidLink = () => localizedError('not_found', 'http.errors.private_link_invalid');

async function resolve(db: Db, token: string) {
  if (!/^kfg_[\w-]{20,64}$/.test(token)) throw invalidLink();
  const link = await guestLinkRepository.findValid(db, hashSecret(token));
  if (!link) throw invalidLink();
  const ticket = await getTicketRow(db, link.ticket_id);
  if (!ticket) throw invalidLink();
  return { link, ticket };
}

async function publicMessages(db: Db, ticketId: number) {
  const ids = await guestLinkRepository.publicMessageIds(db, ticketId);
  return ids.length ? listMessagesByIds(db, ids) : [];
}

/** The ticket as its requester sees it: no internal notes, no staff-only fields. */
export async function readGuestTicket(db: Db, opts: { token: string; now?: Date }) {
  const { link, ticket } = await resolve(db, opts.token);
  const messages = (await publicMessages(db, ticket.id)).map((m) => ({
    id: m.id,
    author: m.author ? { name: m.author.name, role: m.author.role === 'customer' ? 'customer' : 'agent' } : null,
    body: m.body,
    html: m.html,
    attachments: m.attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size, content_type: a.content_type })),
    created_at: m.created_at,
  }));
  return {
    ticket: {
      number: ticket.number,
      subject: ticket.subject,
      status: ticket.status,
      created_at: ticket.created_at,
      updated_at: ticket.updated_at,
      // By when the first answer is due (the acknowledgement mail says it too) and when it came: what the
      // portal shows a signed-in requester, without the policy's internals.
      first_response_due_at: ticket.first_response_due_at ?? null,
      first_response_at: ticket.first_response_at ?? null,
    },
    messages,
    // Once solved, the page asks "How did we do?" as the solved mail does (with the same signed token).
    satisfaction: await privateLinkRating(db, { ticket, personId: link.person_id, now: opts.now ?? new Date() }),
  };
}

/** A file of one of the ticket's public messages, through the private link; any other id is a 404. */
export async function readGuestAttachment(db: Db, opts: { token: string; id: number }) {
  const { ticket } = await resolve(db, opts.token);
  const rows = await db.query<{ filename: string; content_type: string; data: Uint8Array }>(
    `select a.filename, a.content_type, a.data from attachments a join messages m on m.id = a.message_id
      where a.id = $1 and m.ticket_id = $2 and not m.internal`,
    [opts.id, ticket.id],
  );
  if (!rows[0]) throw notFound('Attachment', opts.id);
  return attachmentFile(rows[0]);
}

/** A reply through the private link, as the person the link was sent to. */
export async function replyAsGuest(
  db: Db,
  opts: { token: string; body: string; attachments?: AddMessageInput['attachments']; maxAttachmentBytes?: number },
) {
  const { link } = await resolve(db, opts.token);
  const person = await peopleRepository.get(db, link.person_id);
  if (!person || !person.active) throw invalidLink();
  // The link proves this person writes to this one ticket, and nothing more.
  const actor: Principal = {
    kind: 'person',
    personId: person.id,
    role: person.role,
    organizationId: person.organization_id,
    locale: person.locale,
    via: 'token',
    grantedTickets: [link.ticket_id],
  };
  const m = await addMessage(db, {
    actor,
    ticketId: link.ticket_id,
    input: { body: opts.body, channel: 'web', internal: false, attachments: opts.attachments },
    maxAttachmentBytes: opts.maxAttachmentBytes,
  });
  return {
    id: m.id,
    body: m.body,
    html: m.html,
    attachments: m.attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size, content_type: a.content_type })),
    created_at: m.created_at,
  };
}

export async function revokeGuestLink(db: Db, opts: { token: string }) {
  if (!(await guestLinkRepository.revokeByHash(db, hashSecret(opts.token)))) throw invalidLink();
}

/** Staff: revoke every private link of a ticket (e.g. a link was forwarded to the wrong person). */
export async function revokeTicketGuestLinks(db: Db, opts: { actor: Principal; ticketId: number }) {
  if (!isStaff(opts.actor)) throw forbidden(text('email.errors.revoke_staff_only'));
  if (!(await getTicketRow(db, opts.ticketId))) throw notFound('Ticket', opts.ticketId);
  return { revoked: await guestLinkRepository.revokeByTicket(db, opts.ticketId) };
}
