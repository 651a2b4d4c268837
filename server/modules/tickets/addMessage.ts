import type { Db } from '../../db/client.ts';
import { indexText } from '../../domain/search/tokenize.ts';
import { statusAfterMessage, type Status } from '../../domain/tickets/ticket.ts';
import { conflict, forbidden, notFound, text } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { decodeAttachments, saveAttachments, type AttachmentInput } from './attachments.ts';
import { listMessagesByIds } from './listMessages.ts';
import { messageBody } from './messageBody.ts';
import { changeTicket, historyMark } from './ticketPipeline.ts';
import { ticketPolicy } from './ticketPolicy.ts';
import { ticketRepository } from './ticketRepository.ts';

export interface AddMessageInput {
  body: string;
  html?: string | null;
  internal?: boolean;
  status?: Status;
  attachments?: AttachmentInput[];
  channel?: string;
}

/**
 * A public reply or an internal note. A customer's reply reopens a waiting ticket; a closed ticket
 * takes no more messages. To write more in the same transaction (the email channel records its
 * source mail), call it with a `Db` bound to your transaction (`within`).
 */
export async function addMessage(
  db: Db,
  opts: { actor: Principal; ticketId: number; input: AddMessageInput; maxAttachmentBytes?: number; now?: Date },
) {
  const { actor, ticketId, input } = opts;
  const staff = isStaff(actor);
  const internal = input.internal ?? false;
  if (!staff && internal) throw forbidden(text('tickets.errors.customer_internal_note'));
  if (!staff && input.status) throw forbidden(text('tickets.errors.customer_reply_status'));
  const attachments = decodeAttachments(input.attachments, opts.maxAttachmentBytes ?? 10 * 1024 * 1024);
  const body = messageBody(input.body, input.html);
  const messageId = await db.tx((q) =>
    changeTicket(q, {
      ticketId,
      actorId: actor.personId,
      apply: async (cur) => {
        if (!ticketPolicy.canSee(actor, cur)) throw notFound('Ticket', ticketId);
        if (cur.status === 'closed') throw conflict(text('tickets.errors.closed_reply'), { field: 'ticket_id' });
        const channel = input.channel ?? (actor.via === 'session' ? 'web' : 'api');
        // The first public staff reply from someone other than the requester is the first response.
        const first = staff && !internal && !cur.first_response_at && actor.personId !== cur.requester_id;
        const m = await ticketRepository.insertMessage(
          q,
          ticketId,
          { authorId: actor.personId, internal, channel, text: body.text, html: body.html },
          opts.now ?? null,
          first ? cur.created_at : null,
        );
        if (attachments.length) await saveAttachments(q, m.id, attachments);
        await ticketRepository.indexMessage(q, ticketId, indexText(body.text), internal);
        const next = input.status ?? statusAfterMessage(cur.status, staff ? 'staff' : 'customer', internal);
        const patch: Record<string, unknown> = next !== cur.status ? { status: next } : {};
        if (first) patch.first_response_at = m.created_at;
        return {
          patch,
          touch: true,
          at: m.created_at,
          result: m.id,
          events: [
            {
              type: 'message.added',
              data: {
                message_id: m.id,
                internal,
                author_role: staff ? 'staff' : 'customer',
                ...(next !== cur.status ? { status: [cur.status, next] as [Status, Status] } : {}),
                ...historyMark(actor),
              },
            },
          ],
        };
      },
    }),
  );
  return (await listMessagesByIds(db, [messageId]))[0];
}
