/**
 * SLA clocks for one ticket, replayed from its timeline. Pure: `now` is a
 * parameter, calendars are injected. See docs/sla.md for the rules.
 */
import type {
  Calendar,
  ComputeSlaOptions,
  MetricState,
  PauseStatus,
  Priority,
  SlaMetric,
  SlaState,
  SlaTarget,
  TicketStatus,
  TimelineEvent,
  TimelineEventType,
} from './types.ts';
import { SLA_METRICS } from './types.ts';

const MINUTE_MS = 60_000;

/** A constant-status stretch of the ticket's life; spans are contiguous. */
interface Span {
  from: number;
  to: number;
  status: TicketStatus;
}

/** A closed interval [from, to] of wall time. */
interface Window {
  from: number;
  to: number;
}

/** One next_response cycle: an unanswered customer message until the answer. */
interface Cycle {
  start: number;
  stop: number | null;
  /** Stopped because the ticket was solved, closed or merged, not by an answer. */
  cancelled: boolean;
}

/** What the timeline says, as of `now`. */
interface History {
  created: number;
  priority: Priority;
  status: TicketStatus;
  /** Contiguous, covering [created, now]. */
  spans: Span[];
  /** First public agent reply or first entry into solved/closed. */
  firstResponseEnd: number | null;
  /** First response ended by solved/closed (or a merge), with no public reply before. */
  firstResponseCancelled: boolean;
  /** Last entry into solved/closed (meaningful while the ticket is solved/closed). */
  lastTerminalAt: number | null;
  cycles: Cycle[];
}

const isTerminal = (s: TicketStatus): boolean => s === 'solved' || s === 'closed';

/**
 * Same-instant events: creation first, then status/priority changes, then messages, then a status an
 * agent set with their reply (a customer's message that reopens a ticket reopens it first).
 */
const RANK: Record<TimelineEventType, number> = {
  created: 0,
  status: 1,
  priority: 1,
  agent_reply: 2,
  customer_message: 2,
};

const rank = (e: TimelineEvent) => (e.type === 'status' && e.withReply ? 3 : RANK[e.type]);

function normalize(timeline: readonly TimelineEvent[], now: number): TimelineEvent[] {
  if (!Number.isFinite(now)) throw new RangeError('sla: now must be a finite number');
  for (const e of timeline) {
    if (!Number.isFinite(e.at)) throw new RangeError(`sla: event '${e.type}' has a non-finite 'at'`);
  }
  const events = timeline
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.at <= now)
    .sort((a, b) => a.e.at - b.e.at || rank(a.e) - rank(b.e) || a.i - b.i)
    .map(({ e }) => e);
  const first = events[0];
  if (first === undefined || first.type !== 'created') {
    throw new RangeError("sla: the timeline must start with a 'created' event at or before now");
  }
  if (first.status === undefined || first.priority === undefined) {
    throw new RangeError("sla: the 'created' event needs a status and a priority");
  }
  for (const e of events.slice(1)) {
    if (e.type === 'created') throw new RangeError("sla: more than one 'created' event");
    if (e.type === 'status' && e.status === undefined) throw new RangeError("sla: a 'status' event needs a status");
    if (e.type === 'priority' && e.priority === undefined) throw new RangeError("sla: a 'priority' event needs a priority");
  }
  return events;
}

function readHistory(events: readonly TimelineEvent[], now: number): History {
  const created = events[0]!;
  let status = created.status!;
  let priority = created.priority!;
  let spanFrom = created.at;
  const spans: Span[] = [];
  let firstResponseEnd: number | null = isTerminal(status) ? created.at : null;
  let firstResponseCancelled = isTerminal(status);
  let lastTerminalAt: number | null = isTerminal(status) ? created.at : null;
  const cycles: Cycle[] = [];
  let open: Cycle | null = null;

  for (const e of events.slice(1)) {
    if (e.type === 'priority') {
      priority = e.priority!;
    } else if (e.type === 'status') {
      const next = e.status!;
      if (next === status) continue;
      spans.push({ from: spanFrom, to: e.at, status });
      const enteringTerminal = !isTerminal(status) && isTerminal(next);
      status = next;
      spanFrom = e.at;
      if (enteringTerminal) {
        lastTerminalAt = e.at;
        if (firstResponseEnd === null) {
          firstResponseEnd = e.at;
          firstResponseCancelled = true;
        }
        if (open) {
          open.stop = e.at;
          open.cancelled = true;
        }
        open = null;
      }
    } else if (e.type === 'agent_reply') {
      firstResponseEnd ??= e.at;
      if (open) open.stop = e.at;
      open = null;
    } else if (e.type === 'customer_message') {
      if (firstResponseEnd !== null && open === null && !isTerminal(status)) {
        open = { start: e.at, stop: null, cancelled: false };
        cycles.push(open);
      }
    }
  }
  spans.push({ from: spanFrom, to: now, status });
  return { created: created.at, priority, status, spans, firstResponseEnd, firstResponseCancelled, lastTerminalAt, cycles };
}

const counts = (status: TicketStatus, pauseOn: readonly PauseStatus[]): boolean =>
  !isTerminal(status) && !(pauseOn as readonly TicketStatus[]).includes(status);

/** Wall-time windows inside `active` where the clock runs; adjacent ones merged. */
function runningWindows(active: Window, spans: readonly Span[], pauseOn: readonly PauseStatus[]): Window[] {
  const out: Window[] = [];
  for (const s of spans) {
    if (!counts(s.status, pauseOn)) continue;
    const from = Math.max(s.from, active.from);
    const to = Math.min(s.to, active.to);
    if (from > to) continue;
    const last = out[out.length - 1];
    if (last !== undefined && from <= last.to) last.to = Math.max(last.to, to);
    else out.push({ from, to });
  }
  return out;
}

interface ClockInput {
  metric: SlaMetric;
  target: SlaTarget;
  calendar: Calendar;
  windows: readonly Window[];
  startedAt: number;
  stoppedAt: number | null;
  /** The stop ended the work without an answer (solved, closed, merged): the target no longer applies. */
  cancelled?: boolean;
  /** The clock is counting at `now` (not stopped, not paused). */
  running: boolean;
  now: number;
}

function evaluateClock(c: ClockInput): MetricState {
  const targetMs = c.target.minutes * MINUTE_MS;
  let consumed = 0;
  let crossing: number | null = null;
  let before = 0;
  let last: Window | null = null;
  for (const w of c.windows) {
    const e = c.calendar.elapsed(w.from, w.to);
    if (crossing === null && consumed + e >= targetMs) crossing = c.calendar.due(w.from, targetMs - consumed);
    before = consumed;
    consumed += e;
    last = w;
  }
  // The due instant as it stands: the crossing once reached, else projected
  // from the last (re)start of the clock with the remaining target.
  const projected = crossing ?? (last === null ? null : c.calendar.due(last.from, targetMs - before));
  const base = {
    metric: c.metric,
    target_minutes: c.target.minutes,
    calendar_id: c.target.calendar_id,
    started_at: c.startedAt,
    stopped_at: c.stoppedAt,
    business_ms: consumed,
  };
  if (c.stoppedAt !== null) {
    const breached = crossing !== null && c.stoppedAt > crossing;
    const runningAtStop = last !== null && last.to === c.stoppedAt;
    // A response target the ticket no longer owes (it ended unanswered) is cancelled, unless it was already missed.
    if (c.cancelled && !breached) return { ...base, status: 'cancelled', due_at: null, breached_at: null };
    return {
      ...base,
      status: breached ? 'breached' : 'met',
      due_at: crossing ?? (runningAtStop ? projected : null),
      breached_at: breached ? crossing : null,
    };
  }
  if (!c.running || projected === null) {
    return { ...base, status: 'paused', due_at: null, breached_at: crossing };
  }
  const overdue = c.now >= projected;
  return {
    ...base,
    status: overdue ? 'breached_running' : 'running',
    due_at: projected,
    breached_at: overdue ? projected : null,
  };
}

function findTarget(targets: readonly SlaTarget[], metric: SlaMetric, priority: Priority): SlaTarget | undefined {
  return targets.find((t) => t.metric === metric && t.priority === priority);
}

/**
 * Replays the timeline (events after `now` are ignored) and evaluates every
 * metric that has a target for the ticket's priority as of `now`. A priority
 * change re-evaluates the whole history with the new priority's targets,
 * counted from the original start instants.
 */
export function computeSla({ policy, calendars, timeline, now }: ComputeSlaOptions): SlaState {
  const h = readHistory(normalize(timeline, now), now);
  const metrics: MetricState[] = [];

  for (const metric of SLA_METRICS) {
    const target = findTarget(policy.targets, metric, h.priority);
    if (target === undefined) continue;
    if (!(Number.isFinite(target.minutes) && target.minutes >= 0)) {
      throw new RangeError(`sla: target ${metric}/${h.priority} needs a finite, non-negative number of minutes`);
    }
    const calendar = calendars(target.calendar_id);
    const runningNow = counts(h.status, target.pause_on);
    const clock = (startedAt: number, stoppedAt: number | null, windows: Window[], cancelled = false): MetricState =>
      evaluateClock({ metric, target, calendar, windows, startedAt, stoppedAt, cancelled, running: runningNow, now });

    if (metric === 'first_response') {
      const end = h.firstResponseEnd;
      const windows = runningWindows({ from: h.created, to: end ?? now }, h.spans, target.pause_on);
      metrics.push(clock(h.created, end, windows, h.firstResponseCancelled));
    } else if (metric === 'resolution') {
      const stoppedAt = isTerminal(h.status) ? h.lastTerminalAt : null;
      const windows = runningWindows({ from: h.created, to: now }, h.spans, target.pause_on);
      metrics.push(clock(h.created, stoppedAt, windows));
    } else {
      if (h.cycles.length === 0) continue;
      let met = 0;
      let breached = 0;
      let cancelled = 0;
      let current: MetricState | null = null;
      for (const cycle of h.cycles) {
        const windows = runningWindows({ from: cycle.start, to: cycle.stop ?? now }, h.spans, target.pause_on);
        current = clock(cycle.start, cycle.stop, windows, cycle.cancelled);
        if (current.status === 'met') met += 1;
        else if (current.status === 'breached') breached += 1;
        else if (current.status === 'cancelled') cancelled += 1;
      }
      metrics.push({ ...current!, cycles: { met, breached, cancelled } });
    }
  }

  const dues = metrics.filter((m) => m.status === 'running' || m.status === 'breached_running').map((m) => m.due_at!);
  return {
    policy_id: policy.id,
    kind: policy.kind,
    priority: h.priority,
    status: h.status,
    as_of: now,
    metrics,
    next_breach_at: dues.length > 0 ? Math.min(...dues) : null,
  };
}
