import type { Queryable } from '../../db/client.ts';
import { isImported, type TicketEvent, type TicketEventData, type TicketEventName } from '../../domain/tickets/events.ts';
import { processorsFor } from '../../jobs/registry.ts';

export type RecordedEvent = TicketEvent & { id: number; ticketId: number; actorId: number | null; at: Date };

/**
 * The lowest layer of the ticket pipeline and the only writer of `ticket_events`: appends one typed
 * event and, in the same statement, the jobs of the processors that handle it. Each job's payload is
 * `{event, event_id, ticket_id, ...data}`, so a processor reads exactly the event that enqueued it.
 * Called by `changeTicket` (server/modules/tickets/ticketPipeline.ts) and by the SLA recompute it
 * runs; nothing else appends ticket events. The row's trigger publishes it after commit (docs/live.md).
 */
export async function appendTicketEvent(
  q: Queryable,
  e: { ticketId: number; actorId: number | null; at?: Date | null } & TicketEvent,
): Promise<RecordedEvent> {
  const jobs = processorsFor(e.type, { imported: isImported(e) });
  const rows = await q.query<{ id: number; created_at: Date }>(
    `with e as (insert into ticket_events (ticket_id, actor_id, type, data, created_at) values ($1, $2, $3, $4::jsonb, coalesce($5, now())) returning id, created_at),
          j as (insert into jobs (name, payload)
                select n, $4::jsonb || jsonb_build_object('event', $3::text, 'event_id', e.id, 'ticket_id', $1::int8) from e, unnest($6::text[]) as n)
     select id, created_at from e`,
    [e.ticketId, e.actorId, e.type, JSON.stringify(e.data ?? {}), e.at ?? null, jobs],
    { prepare: true },
  );
  return { ...e, id: rows[0].id, at: rows[0].created_at } as RecordedEvent;
}

/** What a new ticket is, for the subscribers that add columns to it before it is inserted. */
export interface NewTicketFacts {
  planId: number | null;
  planRank: number;
  addons: string[];
  channel: string;
  category: string | null;
  priority: TicketEventData<'ticket.created'>['priority'];
  status: TicketEventData<'ticket.created'>['status'];
  createdAt: Date | null;
}

/**
 * A part of the product that must change with a ticket inside its transaction (the SLA clocks). The
 * pipeline runs subscribers in the order it declares them, once per change, after the change's events
 * are appended, when one of those events is in `events`.
 */
export interface TicketSubscriber {
  name: string;
  events: readonly TicketEventName[];
  /** Columns to store with a new ticket (computed before the insert: creation stays one statement). */
  columnsForNew?(q: Queryable, t: NewTicketFacts, now: Date): Promise<Record<string, unknown>>;
  afterChange(q: Queryable, o: { ticketId: number; events: RecordedEvent[]; now: Date }): Promise<void>;
}
