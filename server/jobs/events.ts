/** Every event name Kefu records, in one list. Processors declare which of these they handle. */
export const EVENTS = [
  'ticket.created',
  'ticket.updated',
  'ticket.merged',
  'message.added',
  'sla.warning',
  'sla.breached',
  'email.failed',
] as const;
export type EventName = (typeof EVENTS)[number];
