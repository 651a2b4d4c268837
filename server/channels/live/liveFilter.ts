import type { Principal } from '../../modules/auth/principal.ts';
import { ticketPolicy, withinGroups } from '../../modules/tickets/ticketPolicy.ts';

/** A ticket event as the gateway loads it (one row of `ticket_events` with its ticket's owners). */
export interface LiveEvent {
  id: number;
  ticket_id: number;
  actor_id: number | null;
  type: string;
  data: Record<string, unknown>;
  created_at: Date;
  organization_id: number | null;
  requester_id: number;
  /** The ticket's group and assignee now (an agent limited to their groups hears only of those tickets). */
  group_id: number | null;
  assignee_id: number | null;
}

/** What a WebSocket client receives for an event. Clients re-fetch through the API for content. */
export type LiveMessage = { event: string; id: number; ticket_id: number; at: string } & Record<string, unknown>;

/**
 * A group-limited agent also hears of the change that took a ticket out of their sight (its group or
 * assignee changed from one they see), so their lists can drop it; nothing after that.
 */
function movedAway(viewer: Principal, e: LiveEvent): boolean {
  if (!viewer.ticketGroups || e.type !== 'ticket.updated') return false;
  const c = (e.data?.changes ?? {}) as { group_id?: unknown; assignee_id?: unknown };
  if (!Array.isArray(c.group_id) && !Array.isArray(c.assignee_id)) return false;
  const before = (k: 'group_id' | 'assignee_id') => {
    const ch = c[k];
    return Array.isArray(ch) ? ((ch[0] as number | null | undefined) ?? null) : e[k];
  };
  return withinGroups(viewer, { group_id: before('group_id'), assignee_id: before('assignee_id') });
}

/**
 * The events the customer side hears about, on tickets it may see. Everything else (SLA warnings and
 * breaches, verification, incidents, delivery failures, and any event added later) is staff only
 * until someone decides otherwise: fail closed.
 */
export const CUSTOMER_EVENTS = new Set(['ticket.created', 'ticket.updated', 'message.added', 'ticket.merged']);

const isInternalNote = (e: LiveEvent) => e.type === 'message.added' && e.data?.internal === true;

/**
 * May this principal hear of this event, and what of it. Pure: no database, no clock.
 * Only names and ids go out (never a message body, a field value or a withheld field), so the
 * ticket shield's rules stay where they are: a client re-fetches the ticket or its messages
 * through the API, which applies them. Customers: only their organization's tickets (or their own
 * without an organization), only the events above, never an internal note.
 */
export function liveMessageFor(viewer: Principal, e: LiveEvent): LiveMessage | null {
  if (!ticketPolicy.canSee(viewer, { ...e, id: e.ticket_id }) && !movedAway(viewer, e)) return null;
  const staff = ticketPolicy.canSeeInternal(viewer);
  if (!staff && (!CUSTOMER_EVENTS.has(e.type) || isInternalNote(e))) return null;
  const out: LiveMessage = { event: e.type, id: e.id, ticket_id: e.ticket_id, at: e.created_at.toISOString() };
  const d = e.data ?? {};
  if (e.type === 'message.added') {
    if (typeof d.message_id === 'number') out.message_id = d.message_id;
    if (staff) out.internal = d.internal === true;
  }
  if (e.type === 'ticket.updated' && d.changes && typeof d.changes === 'object') out.changed = Object.keys(d.changes).sort();
  // The other ticket of a merge may belong to someone else: staff only.
  if (e.type === 'ticket.merged' && staff) for (const k of ['into', 'from'] as const) if (typeof d[k] === 'number') out[k] = d[k];
  if (staff) out.actor_id = e.actor_id;
  return out;
}

/**
 * The same rule as SQL over `ticket_events e join tickets t`, for replays (`?after=`) that must not
 * read every event of the desk to find a customer's few. `liveMessageFor` still decides each row.
 * Parameters: $1 person id, $2 organization id (or null).
 */
export const CUSTOMER_EVENTS_SQL = `(t.requester_id = $1 or (t.organization_id is not null and t.organization_id = $2))
  and e.type = any('{${[...CUSTOMER_EVENTS].join(',')}}'::text[])
  and not (e.type = 'message.added' and coalesce((e.data->>'internal')::boolean, false))`;
