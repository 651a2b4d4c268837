import type { Queryable } from '../../db/client.ts';
import { indexText } from '../../domain/search/tokenize.ts';
import type { TicketEvent } from '../../domain/tickets/events.ts';
import { textToHtml } from './messageBody.ts';
import { changeTicket } from './ticketPipeline.ts';
import { ticketRepository } from './ticketRepository.ts';

/**
 * A message from Kefu itself (no author), inside the caller's transaction: an internal note ("1,980
 * Cc addresses were dropped") or a public notice to the requester ("verification is locked for 15
 * minutes"). Recorded as `message.added` with `author_role: 'system'`: it moves no status and no
 * SLA clock. `events` adds what the notice is about to the same change.
 */
export function addSystemMessage(
  q: Queryable,
  o: {
    ticketId: number;
    actorId?: number | null;
    text: string;
    internal: boolean;
    channel: string;
    at?: Date;
    events?: (messageId: number) => TicketEvent[];
  },
): Promise<{ id: number; created_at: Date }> {
  return changeTicket(q, {
    ticketId: o.ticketId,
    actorId: o.actorId ?? null,
    apply: async () => {
      const m = await ticketRepository.insertMessage(
        q,
        o.ticketId,
        { authorId: null, internal: o.internal, channel: o.channel, text: o.text, html: textToHtml(o.text) },
        o.at ?? null,
      );
      await ticketRepository.indexMessage(q, o.ticketId, o.internal ? indexText(o.text) : '', o.internal);
      return {
        touch: true,
        at: m.created_at,
        result: m,
        events: [
          { type: 'message.added', data: { message_id: m.id, internal: o.internal, author_role: 'system' } },
          ...(o.events?.(m.id) ?? []),
        ],
      };
    },
  });
}
