import type { Queryable } from '../../db/client.ts';
import { changeTicket } from '../tickets/ticketPipeline.ts';
import { outboxRepository } from './outboxRepository.ts';

/** A mail that could not be delivered (or bounced) shows on its ticket as an `email.failed` event. */
export async function recordDeliveryFailure(q: Queryable, outboundId: number, status: 'failed' | 'bounced', error: string) {
  const out = await outboxRepository.get(q, outboundId);
  if (!out) return;
  await outboxRepository.setStatus(q, outboundId, status, error);
  if (out.ticket_id) {
    const data = { outbound_id: out.id, kind: out.kind, to: out.to_addrs, status, error: error.slice(0, 500) };
    await changeTicket(q, {
      ticketId: out.ticket_id,
      actorId: null,
      apply: () => ({ events: [{ type: 'email.failed', data }], result: null }),
    });
  }
}
