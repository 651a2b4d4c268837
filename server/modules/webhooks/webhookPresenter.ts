import type { DeliveryRow, ListedDeliveryRow, WebhookRow } from './webhookRepository.ts';

/** A webhook as the API shows it: never its secret (answered once, at creation or rotation). */
export const presentWebhook = (w: WebhookRow) => ({
  id: Number(w.id),
  name: w.name,
  url: w.url,
  events: w.events,
  active: w.active,
  created_by: w.created_by == null ? null : Number(w.created_by),
  created_at: w.created_at.toISOString(),
  updated_at: w.updated_at.toISOString(),
});

export const presentDelivery = (d: DeliveryRow) => ({
  id: Number(d.id),
  webhook_id: Number(d.webhook_id),
  event_id: d.event_id == null ? null : Number(d.event_id),
  ticket_id: d.ticket_id == null ? null : Number(d.ticket_id),
  event_type: d.event_type,
  status: d.status,
  attempts: d.attempts,
  last_status_code: d.last_status_code,
  last_error: d.last_error,
  last_duration_ms: d.last_duration_ms,
  created_at: d.created_at.toISOString(),
  finished_at: d.finished_at?.toISOString() ?? null,
});

/** A listed delivery: also when its next attempt runs and at which attempt it gives up (docs/webhooks.md). */
export const presentListedDelivery = (d: ListedDeliveryRow) => ({
  ...presentDelivery(d),
  next_attempt_at: d.next_attempt_at?.toISOString() ?? null,
  max_attempts: d.max_attempts == null ? null : Number(d.max_attempts),
});
