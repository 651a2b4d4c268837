import type { Db, Queryable } from '../../db/client.ts';
import { indexText } from '../../domain/search/tokenize.ts';
import { canTransition, statusAfterMessage, type Status } from '../../domain/tickets/ticket.ts';
import { conflict, forbidden, notFound } from '../../errors.ts';
import { enqueue } from '../../jobs/queue.ts';
import { processorsFor } from '../../jobs/registry.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { decodeAttachments, saveAttachments, type AttachmentInput } from './attachments.ts';
import { listMessagesByIds } from './listMessages.ts';
import { messageBody } from './messageBody.ts';
import { ticketHooks } from './ticketHooks.ts';
import { ticketPolicy } from './ticketPolicy.ts';
import { ticketRepository } from './ticketRepository.ts';

export interface AddMessageInput { body: string; html?: string | null; internal?: boolean; status?: Status; attachments?: AttachmentInput[]; channel?: string }

/** A public reply or an internal note. A customer's reply reopens a waiting ticket; a closed ticket takes no more messages. */
export async function addMessage(db: Db, opts: {
  actor: Principal; ticketId: number; input: AddMessageInput; maxAttachmentBytes?: number; now?: Date;
  /** The channel already established that the actor writes to this ticket (an email thread, a guest link). */
  trusted?: boolean;
  /** Runs in the same transaction (the email channel marks its source mail processed atomically). */
  onAdded?: (q: Queryable, m: { id: number; created_at: Date }) => Promise<void>;
  /** Imports: record events but enqueue no processors. */
  silent?: boolean;
}) {
  const { actor, ticketId, input } = opts;
  const staff = isStaff(actor);
  const internal = input.internal ?? false;
  if (!staff && internal) throw forbidden('Customers cannot write internal notes');
  if (!staff && input.status) throw forbidden('Customers cannot set the status with a reply');
  const attachments = decodeAttachments(input.attachments, opts.maxAttachmentBytes ?? 10 * 1024 * 1024);
  const body = messageBody(input.body, input.html);
  const messageId = await db.tx(async (q) => {
    const cur = await ticketRepository.lock(q, ticketId);
    if (!cur || (!opts.trusted && !ticketPolicy.canSee(actor, cur))) throw notFound('Ticket', ticketId);
    if (cur.status === 'closed') throw conflict('This ticket is closed; open a follow-up ticket instead', { field: 'ticket_id' });
    const channel = input.channel ?? (actor.via === 'session' ? 'web' : 'api');
    const m = await ticketRepository.insertMessage(q, ticketId, { authorId: actor.personId, internal, channel, text: body.text, html: body.html }, opts.now ?? null);
    if (attachments.length) await saveAttachments(q, m.id, attachments);
    await ticketRepository.indexMessage(q, ticketId, indexText(body.text), internal);
    const next = input.status ?? statusAfterMessage(cur.status, staff ? 'staff' : 'customer', internal);
    const check = canTransition(cur.status, next);
    if (!check.ok) throw conflict(check.reason, { field: 'status' });
    const patch: Record<string, unknown> = {};
    if (next !== cur.status) {
      patch.status = next;
      if (next === 'solved') patch.solved_at = m.created_at;
    }
    if (staff && !internal && !cur.first_response_at && actor.personId !== cur.requester_id) patch.first_response_at = m.created_at;
    await ticketRepository.update(q, ticketId, patch, m.created_at);
    const data = { message_id: m.id, internal, author_role: staff ? 'staff' : 'customer', ...(next !== cur.status ? { status: [cur.status, next] } : {}) };
    await ticketRepository.insertEvent(q, { ticketId, actorId: actor.personId, type: 'message.added', data, at: m.created_at });
    if (!opts.silent) for (const job of processorsFor('message.added')) await enqueue(q, job, { event: 'message.added', ticket_id: ticketId, message_id: m.id, internal });
    await ticketHooks.afterChange(q, { ticketId, now: m.created_at });
    if (opts.onAdded) await opts.onAdded(q, m);
    return m.id;
  });
  return (await listMessagesByIds(db, [messageId]))[0];
}
