import type { Queryable } from '../../db/client.ts';
import type { TicketEvent, TicketEventData } from '../../domain/tickets/events.ts';
import { statusChange, type Status, type TransitionRefusal } from '../../domain/tickets/ticket.ts';
import { conflict, notFound, text } from '../../errors.ts';
import { processorsFor } from '../../jobs/registry.ts';
import type { Principal } from '../auth/principal.ts';
import { slaSubscriber } from '../sla/slaSubscriber.ts';
import { appendTicketEvent, type RecordedEvent, type TicketSubscriber } from '../shared/ticketEventLog.ts';
import { ticketRepository, type NewMessage, type NewTicket, type TicketRow } from './ticketRepository.ts';

/** The text a refused status change is answered in (server/i18n tickets.json). */
const REFUSAL_TEXT: Record<TransitionRefusal['code'], string> = {
  closed: 'tickets.errors.closed_change',
  back_to_new: 'tickets.errors.back_to_new',
};

/**
 * In-transaction subscribers, in the order they run. The SLA clocks come first: anything added
 * later may read the recomputed due times.
 */
const SUBSCRIBERS: readonly TicketSubscriber[] = [slaSubscriber];

export type LockedTicket = NonNullable<Awaited<ReturnType<typeof ticketRepository.lock>>>;

/** What a use case does to a locked ticket. */
export interface TicketChange<R> {
  /** Columns to set. A `status` goes through the domain's status rules, which also set solved_at / closed_at. */
  patch?: Record<string, unknown>;
  /** Bump updated_at even with no column changed (a message, a merge). */
  touch?: boolean;
  /** When it happened (imports and mail give their own time); default now. */
  at?: Date;
  /** The events this change records, each typed by its name. */
  events: TicketEvent[];
  result: R;
}

/** Imported history is marked on its events; processors skip it unless they declare `history`. */
export const historyMark = (actor: Principal): { imported?: true } => (actor.via === 'import' ? { imported: true } : {});

async function runSubscribers(q: Queryable, ticketId: number, events: RecordedEvent[], now: Date) {
  for (const s of SUBSCRIBERS) {
    if (events.some((e) => s.events.includes(e.type))) await s.afterChange(q, { ticketId, events, now });
  }
}

/**
 * The one way an existing ticket changes. Inside the caller's transaction: locks the ticket, lets
 * `apply` look at it and make its writes (a message row, moved messages), applies the status rules
 * to the patch, updates the row, appends the change's typed events with the jobs of the processors
 * that handle them, and runs the subscribers (SLA first). After commit the events reach the live
 * socket through their row's trigger. An unknown ticket is a 404; access checks belong to `apply`,
 * which sees the locked row.
 */
export async function changeTicket<R>(
  q: Queryable,
  o: {
    ticketId: number;
    actorId: number | null;
    apply: (cur: LockedTicket) => Promise<TicketChange<R>> | TicketChange<R>;
  },
): Promise<R> {
  const cur = await ticketRepository.lock(q, o.ticketId);
  if (!cur) throw notFound('Ticket', o.ticketId);
  const change = await o.apply(cur);
  const at = change.at ?? new Date();
  const patch: Record<string, unknown> = { ...change.patch };
  if (patch.status !== undefined) {
    const s = statusChange(cur.status, patch.status as Status, at);
    if (!s.ok) throw conflict(text(REFUSAL_TEXT[s.code]), { field: 'status' });
    delete patch.status;
    Object.assign(patch, s.patch);
  }
  if (Object.keys(patch).length || change.touch) await ticketRepository.update(q, o.ticketId, patch, at);
  const recorded: RecordedEvent[] = [];
  for (const e of change.events) recorded.push(await appendTicketEvent(q, { ticketId: o.ticketId, actorId: o.actorId, at, ...e }));
  await runSubscribers(q, o.ticketId, recorded, at);
  return change.result;
}

/**
 * The one way a ticket begins: the row with the subscribers' columns (its SLA policy and due times),
 * its first message, its `ticket.created` event and that event's processor jobs, in one statement
 * (atomic without a transaction, which keeps creation as fast as it can be).
 */
export async function openTicket(
  q: Queryable,
  o: {
    ticket: Omit<NewTicket, 'extra'>;
    addons: string[];
    message: NewMessage;
    actorId: number | null;
    data: TicketEventData<'ticket.created'>;
    /** Processors of `ticket.created` whose work the caller does itself (see processorsFor). */
    done?: readonly string[];
  },
): Promise<TicketRow & { message_id: number }> {
  const now = new Date();
  const extra: Record<string, unknown> = {};
  for (const s of SUBSCRIBERS) {
    if (s.columnsForNew && s.events.includes('ticket.created'))
      Object.assign(extra, await s.columnsForNew(q, { ...o.ticket, addons: o.addons }, now));
  }
  return ticketRepository.insertWithMessage(q, { ...o.ticket, extra }, o.message, {
    actorId: o.actorId,
    data: o.data,
    jobs: processorsFor('ticket.created', {
      imported: o.data.imported === true,
      done: o.done,
      newTicket: {
        actorId: o.actorId,
        requesterId: o.ticket.requesterId,
        assigneeId: o.ticket.assigneeId ?? null,
        groupId: o.ticket.groupId ?? null,
        channel: o.ticket.channel,
      },
    }),
  });
}
