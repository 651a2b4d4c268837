import type { Queryable } from '../../db/client.ts';
import { webhookRepository } from './webhookRepository.ts';

/**
 * The JSON a delivery posts (docs/webhooks.md): the event as recorded, the ticket as it is when the
 * delivery is sent, and for `message.added` the message. Custom and sensitive field values are left out
 * (`changes.fields` of `ticket.updated`, the ticket's fields): a receiver that needs them reads the API
 * with a token, under the rules for sensitive fields.
 */
export async function webhookPayload(
  q: Queryable,
  o: { deliveryId: number; webhookId: number; eventId: number | null; eventType: string; publicUrl: string },
): Promise<Record<string, unknown> | null> {
  const base = { delivery_id: o.deliveryId, webhook_id: o.webhookId };
  if (o.eventId == null)
    return { ...base, event: { id: null, type: 'webhook.test', at: new Date().toISOString(), actor_id: null, data: {} }, ticket: null };
  const f = await webhookRepository.eventFacts(q, o.eventId);
  if (!f) return null;
  const data = { ...f.data };
  if (f.type === 'ticket.updated' && data.changes && typeof data.changes === 'object') {
    const { fields: _fields, ...changes } = data.changes as Record<string, unknown>;
    data.changes = changes;
  }
  const payload: Record<string, unknown> = {
    ...base,
    event: {
      id: Number(f.id),
      type: f.type,
      at: f.created_at.toISOString(),
      actor_id: f.actor_id == null ? null : Number(f.actor_id),
      data,
    },
    ticket: {
      id: Number(f.ticket_id),
      number: Number(f.number),
      subject: f.subject,
      status: f.status,
      priority: f.priority,
      category: f.category,
      channel: f.channel,
      requester_id: Number(f.requester_id),
      organization_id: f.organization_id == null ? null : Number(f.organization_id),
      assignee_id: f.assignee_id == null ? null : Number(f.assignee_id),
      group_id: f.group_id == null ? null : Number(f.group_id),
      tags: f.tags,
      created_at: f.ticket_created_at.toISOString(),
      updated_at: f.ticket_updated_at.toISOString(),
      url: `${o.publicUrl.replace(/\/+$/, '')}/agent/tickets/${Number(f.number)}`,
    },
  };
  if (f.type === 'message.added' && typeof data.message_id === 'number') {
    const m = await webhookRepository.message(q, data.message_id);
    if (m)
      payload.message = {
        id: Number(m.id),
        author_id: m.author_id == null ? null : Number(m.author_id),
        internal: m.internal,
        channel: m.channel,
        body_text: m.body_text,
        created_at: m.created_at.toISOString(),
      };
  }
  return payload;
}
