import type { Db } from '../db/client.ts';
import type { TicketEventName } from '../domain/tickets/events.ts';

export interface JobContext {
  db: Db;
  now: () => Date;
  log: { info: (o: object, m?: string) => void; error: (o: object, m?: string) => void };
  /** The worker running the job (set by the worker): what a job marks as its own, e.g. a mail being sent. */
  owner?: string;
  /** This run's attempt of the job (1 for the first) and how many the queue allows (set by the worker). */
  attempt?: number;
  maxAttempts?: number;
}

/** A job is data: a name, a handler, and the ticket events it reacts to (if any). */
export interface JobDefinition {
  name: string;
  /** Ticket events that enqueue this job, in the transaction that records them (see the ticket pipeline). */
  handles?: TicketEventName[];
  /** Also run for imported history (`imported: true` events). Off by default: an import sends no mail. */
  history?: boolean;
  /**
   * For `ticket.created`: whether the new ticket, as created, gives this job anything to do. False
   * enqueues nothing (a job that would only find that out costs a claim and its reads).
   */
  wantsNewTicket?(t: NewTicketFacts): boolean;
  handler(payload: Record<string, unknown>, ctx: JobContext): Promise<void>;
}

/** Who a new ticket concerns when it is created, who opened it and through which channel. */
export interface NewTicketFacts {
  actorId: number | null;
  requesterId: number;
  assigneeId: number | null;
  groupId: number | null;
  channel: string;
}

const definitions = new Map<string, JobDefinition>();

export function defineJob(def: JobDefinition): JobDefinition {
  definitions.set(def.name, def);
  return def;
}

export const jobDefinition = (name: string) => definitions.get(name);

/**
 * Job names to enqueue when `event` is recorded (for imported history: only those that declare
 * `history`), but none in `done`: jobs whose work the recording caller did itself, in its transaction;
 * and for a new ticket (`newTicket`), none whose `wantsNewTicket` says it has nothing to do.
 */
export function processorsFor(
  event: TicketEventName,
  o: { imported?: boolean; done?: readonly string[]; newTicket?: NewTicketFacts } = {},
): string[] {
  const out: string[] = [];
  for (const d of definitions.values())
    if (
      d.handles?.includes(event) &&
      (!o.imported || d.history) &&
      !o.done?.includes(d.name) &&
      !(event === 'ticket.created' && o.newTicket && d.wantsNewTicket && !d.wantsNewTicket(o.newTicket))
    )
      out.push(d.name);
  return out;
}
