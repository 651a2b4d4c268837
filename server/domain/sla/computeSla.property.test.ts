import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSla } from './computeSla.ts';
import { calendar24x7, MINUTE, weeklyUtcCalendar } from './testCalendars.ts';
import type { Calendar, PauseStatus, Priority, SlaMetric, SlaPolicy, TicketStatus, TimelineEvent } from './types.ts';

const MONDAY = Date.UTC(2025, 0, 6);
const CALENDARS: Record<string, Calendar> = { '24x7': calendar24x7(), biz: weeklyUtcCalendar() };
const PRIOS: Priority[] = ['P1', 'P2', 'P3', 'P4'];
const METRICS: SlaMetric[] = ['first_response', 'next_response', 'resolution'];
const STATUSES: TicketStatus[] = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];

interface Case {
  timeline: TimelineEvent[];
  now: number;
  policy: SlaPolicy;
}

/** Random tickets on whole minutes (so a minute-stepping model is exact). */
const caseArb = (calendarIds: string[], maxTargetMinutes = 3000): fc.Arbitrary<Case> =>
  fc
    .record({
      startMin: fc.integer({ min: 0, max: 7 * 24 * 60 }),
      priority: fc.constantFrom(...PRIOS),
      status: fc.constantFrom(...STATUSES),
      steps: fc.array(
        fc.record({
          dt: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 900 })),
          ev: fc.oneof(
            fc.record({ type: fc.constant('status' as const), status: fc.constantFrom(...STATUSES) }),
            fc.record({ type: fc.constant('priority' as const), priority: fc.constantFrom(...PRIOS) }),
            fc.constant({ type: 'agent_reply' as const }),
            fc.constant({ type: 'customer_message' as const }),
          ),
        }),
        { maxLength: 20 },
      ),
      tail: fc.integer({ min: 0, max: 900 }),
      minutes: fc.array(fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: maxTargetMinutes })), {
        minLength: 12,
        maxLength: 12,
      }),
      pause_on: fc.subarray<PauseStatus>(['pending', 'on_hold']),
      calendar_id: fc.constantFrom(...calendarIds),
    })
    .map(({ startMin, priority, status, steps, tail, minutes, pause_on, calendar_id }) => {
      let t = MONDAY + startMin * MINUTE;
      const timeline: TimelineEvent[] = [{ at: t, type: 'created', status, priority }];
      for (const { dt, ev } of steps) {
        t += dt * MINUTE;
        timeline.push({ at: t, ...ev });
      }
      const policy: SlaPolicy = {
        id: 'p',
        name: 'P',
        kind: 'sla',
        position: 0,
        match: {},
        targets: METRICS.flatMap((metric, i) =>
          PRIOS.map((p, j) => ({ metric, priority: p, minutes: minutes[i * 4 + j]!, calendar_id, pause_on })),
        ),
      };
      return { timeline, now: t + tail * MINUTE, policy };
    });

const run = (c: Case) => computeSla({ ...c, calendars: (id) => CALENDARS[id]! });

interface RefClock {
  start: number;
  stop: number | null;
  minutes: number;
  crossing: number | null;
  /** Ended by solved/closed without an answer (response metrics only). */
  cancelled?: boolean;
}

/**
 * Independent model: replay minute by minute, counting a minute when the
 * clock is active, the status counts and the calendar is open.
 */
function reference(c: Case) {
  const events = c.timeline; // generated sorted; same-instant groups handled below
  const priority = [...events].reverse().find((e) => e.priority !== undefined)!.priority!;
  const terminal = (s: TicketStatus) => s === 'solved' || s === 'closed';
  const out = new Map<SlaMetric, { last: RefClock; met: number; breached: number; cancelled: number; running: boolean }>();
  for (const metric of METRICS) {
    const target = c.policy.targets.find((x) => x.metric === metric && x.priority === priority)!;
    const cal = CALENDARS[target.calendar_id]!;
    const counts = (s: TicketStatus) => !terminal(s) && !(target.pause_on as TicketStatus[]).includes(s);
    let status: TicketStatus = events[0]!.status!;
    let firstEnd: number | null = null;
    const clocks: RefClock[] = [];
    let open: RefClock | null = null;
    const t0 = events[0]!.at;
    if (metric !== 'next_response') clocks.push((open = { start: t0, stop: null, minutes: 0, crossing: null }));
    let i = 0;
    const apply = (t: number) => {
      const group = [];
      while (i < events.length && events[i]!.at === t) group.push(events[i++]!);
      const ordered = [
        ...group.filter((e) => e.type === 'created' || e.type === 'status'),
        ...group.filter((e) => e.type === 'agent_reply' || e.type === 'customer_message'),
      ];
      for (const e of ordered) {
        if (e.type === 'created') {
          if (terminal(status)) {
            firstEnd = t;
            if (metric === 'first_response' && open) {
              open.stop = t;
              open.cancelled = true;
              open = null;
            }
            if (metric === 'resolution' && open) open.stop = t;
          }
        } else if (e.type === 'status' && e.status !== status) {
          const entering = !terminal(status) && terminal(e.status!);
          const leaving = terminal(status) && !terminal(e.status!);
          status = e.status!;
          if (entering) {
            firstEnd ??= t;
            if (metric !== 'resolution' && open) {
              open.stop = t;
              open.cancelled = true;
              open = null;
            }
            if (metric === 'resolution') open!.stop = t;
          }
          if (leaving && metric === 'resolution') open!.stop = null;
        } else if (e.type === 'agent_reply') {
          firstEnd ??= t;
          if (metric !== 'resolution' && open) {
            open.stop = t;
            open = null;
          }
        } else if (e.type === 'customer_message' && metric === 'next_response') {
          if (firstEnd !== null && open === null && !terminal(status))
            clocks.push((open = { start: t, stop: null, minutes: 0, crossing: null }));
        }
      }
    };
    const tick = (t: number) => {
      if (open && open.stop === null && counts(status) && cal.isOpen(t)) {
        open.minutes += 1;
        if (open.crossing === null && open.minutes >= target.minutes) open.crossing = t + MINUTE;
      }
    };
    for (let t = t0; t < c.now; t += MINUTE) {
      apply(t);
      tick(t);
    }
    apply(c.now);
    const last = clocks[clocks.length - 1];
    if (last === undefined) continue;
    const running = last.stop === null && counts(status);
    const done = clocks.filter((k) => k.stop !== null);
    const isBreached = (k: RefClock) => k.crossing !== null && k.stop! > k.crossing;
    // Project a running clock forward (no further events) to find its due instant.
    if (running && last.crossing === null) {
      const probe = { ...last };
      for (let t = c.now; probe.crossing === null; t += MINUTE) {
        if (cal.isOpen(t) && ++probe.minutes >= target.minutes) probe.crossing = t + MINUTE;
      }
      out.set(metric, { last: { ...last, crossing: probe.crossing }, met: 0, breached: 0, cancelled: 0, running });
    } else {
      out.set(metric, { last, met: 0, breached: 0, cancelled: 0, running });
    }
    const entry = out.get(metric)!;
    entry.met = done.filter((k) => !isBreached(k) && !k.cancelled).length;
    entry.breached = done.filter(isBreached).length;
    entry.cancelled = done.filter((k) => !isBreached(k) && k.cancelled).length;
  }
  return out;
}

describe('computeSla properties', () => {
  it('business_ms is never negative and never exceeds the elapsed wall time', () => {
    fc.assert(
      fc.property(caseArb(['24x7', 'biz']), (c) => {
        for (const m of run(c).metrics) {
          expect(m.business_ms).toBeGreaterThanOrEqual(0);
          expect(m.business_ms).toBeLessThanOrEqual((m.stopped_at ?? c.now) - m.started_at);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('24×7: a running clock is due exactly target + paused time after its start', () => {
    fc.assert(
      fc.property(caseArb(['24x7'], 20_000), (c) => {
        for (const m of run(c).metrics) {
          if (m.status !== 'running') continue;
          const paused = c.now - m.started_at - m.business_ms;
          expect(m.due_at! - m.started_at).toBe(m.target_minutes * MINUTE + paused);
          expect(m.due_at! - c.now).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with a minute-by-minute model (24×7 and business hours)', () => {
    fc.assert(
      fc.property(caseArb(['24x7', 'biz']), (c) => {
        const state = run(c);
        const ref = reference(c);
        expect(state.metrics.map((m) => m.metric)).toEqual([...ref.keys()]);
        for (const m of state.metrics) {
          const r = ref.get(m.metric)!;
          expect(m.business_ms).toBe(r.last.minutes * MINUTE);
          expect(m.started_at).toBe(r.last.start);
          expect(m.stopped_at).toBe(r.last.stop);
          if (r.last.stop !== null) {
            const breached = r.last.crossing !== null && r.last.stop > r.last.crossing;
            expect(m.status).toBe(breached ? 'breached' : r.last.cancelled ? 'cancelled' : 'met');
            expect(m.breached_at).toBe(breached ? r.last.crossing : null);
            if (!breached && r.last.cancelled) expect(m.due_at).toBeNull();
            else if (r.last.crossing !== null) expect(m.due_at).toBe(r.last.crossing);
          } else if (r.running) {
            expect(m.due_at).toBe(r.last.crossing);
            expect(m.status).toBe(c.now >= r.last.crossing! ? 'breached_running' : 'running');
          } else {
            expect(m).toMatchObject({ status: 'paused', due_at: null, breached_at: r.last.crossing });
          }
          if (m.metric === 'next_response') expect(m.cycles).toEqual({ met: r.met, breached: r.breached, cancelled: r.cancelled });
        }
        const dues = state.metrics.filter((m) => m.status === 'running' || m.status === 'breached_running').map((m) => m.due_at!);
        expect(state.next_breach_at).toBe(dues.length ? Math.min(...dues) : null);
      }),
      { numRuns: 300 },
    );
  });
});
