/**
 * Every event a ticket records, with the type of its payload: one list for the writers (the ticket
 * pipeline), the processors that declare what they handle, and the readers (timelines, reports, the
 * live socket). An event name not in this list does not compile. Pure: types and data only.
 *
 * A payload is stored as `ticket_events.data` (jsonb) and is part of the public record: fields are
 * added, never renamed or retyped. `imported` marks history brought in by an import (processors do
 * not act on history unless they declare so).
 */
import type { SlaMetric } from '../sla/index.ts';
import type { Priority, Status } from './ticket.ts';

/** A field change as `[before, after]`; `subject` and `category` keep no before (`null`). */
export type Change<T> = [T | null | undefined, T | null | undefined];

/** The columns a `ticket.updated` may report. */
export interface TicketChanges {
  status?: Change<Status>;
  subject?: Change<string>;
  priority?: Change<Priority>;
  category?: Change<string>;
  assignee_id?: Change<number>;
  group_id?: Change<number>;
  asset_id?: Change<number>;
  tags?: Change<string[]>;
  fields?: Change<Record<string, unknown>>;
  snoozed_until?: Change<string>;
}

/** The lifecycle rules that change tickets on their own (docs/lifecycle.md). */
export type LifecycleRule = 'auto_close' | 'pending_solve' | 'snooze_ended';

interface SlaEscalation {
  metric: SlaMetric;
  due_at: string;
  kind?: string;
  policy?: string;
}
interface History {
  imported?: true;
}
/** What another ticket is to this one. */
export type LinkKind = 'related' | 'parent' | 'child';
export const LINK_KINDS: readonly LinkKind[] = ['related', 'parent', 'child'];
/** The same link seen from the other ticket. */
export const mirrorLink = (k: LinkKind): LinkKind => (k === 'parent' ? 'child' : k === 'child' ? 'parent' : 'related');

export interface TicketEventPayloads {
  /** A ticket was opened (by a customer, an agent for a caller, the email channel, an import). */
  'ticket.created': History & { subject: string; priority: Priority; status: Status; channel: string };
  /** Fields or status changed; `rule` when a lifecycle rule changed it rather than a person. */
  'ticket.updated': History & {
    changes: TicketChanges;
    rule?: LifecycleRule;
    /** A merge reopened the ticket: the merged ticket (id) whose words still wait for an answer. */
    merged_from?: number;
  };
  /** The customer was reminded that the ticket waits on them (lifecycle rule). */
  'ticket.reminded': { pending_since: string; after_days: number };
  /** A public reply or an internal note; `status` when the message moved the ticket's status. */
  'message.added': History & {
    message_id: number;
    internal: boolean;
    author_role: 'staff' | 'customer' | 'system';
    status?: [Status, Status];
  };
  /** Recorded on both tickets: the source names `into`, the target names `from`. */
  'ticket.merged': { into: number } | { from: number };
  /** A public message was copied out into a new ticket: the source names `into`, the new ticket `from`. */
  'ticket.split': { message_id: number; into: number } | { message_id: number; from: number };
  /** Linked to another ticket; `kind` is what the other ticket is to this one. */
  'ticket.linked': { other_id: number; kind: LinkKind };
  'ticket.unlinked': { other_id: number; kind: LinkKind };
  'sla.warning': SlaEscalation;
  'sla.breached': SlaEscalation;
  /** A mail about this ticket could not be delivered (or bounced). */
  'email.failed': { outbound_id: number; kind: string; to: string[]; status: 'failed' | 'bounced'; error: string };
  /** The ticket drew one of its organization's purchased incidents. */
  'incident.consumed': {
    purchase_id: number;
    order_ref: string | null;
    service: string | null;
    automatic: boolean;
    balance: number;
    reason: 'plan_without_human_support' | 'charged_by_agent';
  };
  'security.requester_verified': { method: 'support_code' | 'authenticator_app'; verified_until: string };
  'security.verification_failed': { reason: 'invalid' | 'replayed'; failures: number };
  'security.verification_locked': { locked_until: string; message_id: number };
  /** Two people were one: the ticket's requester `from` (now a tombstone) was merged into `into` (docs/people.md). */
  'requester.merged': { from: number; into: number; from_name: string; into_name: string };
  /** Linked to a status incident (docs/status.md); `title` as it was then. `from` when it replaced another link. */
  'ticket.status_incident_linked': { incident_id: number; title: string; from?: number };
  'ticket.status_incident_unlinked': { incident_id: number };
  /**
   * The requester rated the solved ticket 1–5 (docs/satisfaction.md); `comment` is theirs (null
   * without one), `previous` the score it replaced. `via`: the portal, or the mailed link.
   */
  'satisfaction.rated': { score: number; comment: string | null; previous: number | null; via: 'portal' | 'link' };
}

export type TicketEventName = keyof TicketEventPayloads;
export type TicketEventData<E extends TicketEventName> = TicketEventPayloads[E];

/** An event to record: its name and the payload its name requires. */
export type TicketEvent = { [E in TicketEventName]: { type: E; data: TicketEventPayloads[E] } }[TicketEventName];

const NAMES: Record<TicketEventName, true> = {
  'ticket.created': true,
  'ticket.updated': true,
  'message.added': true,
  'ticket.merged': true,
  'ticket.split': true,
  'ticket.linked': true,
  'ticket.unlinked': true,
  'ticket.reminded': true,
  'sla.warning': true,
  'sla.breached': true,
  'email.failed': true,
  'incident.consumed': true,
  'security.requester_verified': true,
  'security.verification_failed': true,
  'security.verification_locked': true,
  'requester.merged': true,
  'ticket.status_incident_linked': true,
  'ticket.status_incident_unlinked': true,
  'satisfaction.rated': true,
};
/** Every event name, for validation and documentation. */
export const TICKET_EVENTS = Object.keys(NAMES) as TicketEventName[];

/** Events that change a ticket's SLA clocks (the timeline a recompute reads). */
export const CLOCK_EVENTS = [
  'ticket.created',
  'ticket.updated',
  'message.added',
  'ticket.merged',
] as const satisfies readonly TicketEventName[];

export const isImported = (e: TicketEvent) => 'imported' in e.data && e.data.imported === true;
