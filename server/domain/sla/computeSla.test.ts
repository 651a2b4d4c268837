import { describe, expect, it } from 'vitest';
import { computeSla } from './computeSla.ts';
import { calendar24x7, HOUR, MINUTE, weeklyUtcCalendar } from './testCalendars.ts';
import type {
  Calendar,
  MetricState,
  PauseStatus,
  Priority,
  SlaMetric,
  SlaPolicy,
  SlaState,
  SlaTarget,
  TicketStatus,
  TimelineEvent,
} from './types.ts';

const T0 = Date.UTC(2025, 0, 6, 10, 0); // Monday 10:00 UTC
const at = (minutes: number): number => T0 + minutes * MINUTE;

const CALENDARS: Record<string, Calendar> = { '24x7': calendar24x7(), biz: weeklyUtcCalendar() };
const calendars = (id: string): Calendar => {
  const c = CALENDARS[id];
  if (c === undefined) throw new Error(`unknown calendar ${id}`);
  return c;
};

const PRIOS: Priority[] = ['P1', 'P2', 'P3', 'P4'];
function targets(
  metric: SlaMetric,
  minutes: number[],
  calendar_id = '24x7',
  pause_on: PauseStatus[] = ['pending', 'on_hold'],
): SlaTarget[] {
  return PRIOS.map((priority, i) => ({ metric, priority, minutes: minutes[i]!, calendar_id, pause_on }));
}

/** Enterprise SLA: first response 2h/4h/48h/48h on 24×7. */
const ENTERPRISE: SlaPolicy = {
  id: 'pol-ent',
  name: 'Enterprise',
  kind: 'sla',
  position: 1,
  match: { plan_ids: ['enterprise'] },
  targets: [
    ...targets('first_response', [120, 240, 2880, 2880]),
    ...targets('next_response', [60, 120, 480, 480]),
    ...targets('resolution', [480, 1440, 4320, 7200]),
  ],
};

const policyWith = (ts: SlaTarget[], kind: 'sla' | 'slo' = 'sla'): SlaPolicy => ({ ...ENTERPRISE, id: 'pol-x', kind, targets: ts });

const created = (t: number, priority: Priority = 'P1', status: TicketStatus = 'new'): TimelineEvent => ({
  at: t,
  type: 'created',
  status,
  priority,
});
const status = (t: number, s: TicketStatus): TimelineEvent => ({ at: t, type: 'status', status: s });
const prio = (t: number, p: Priority): TimelineEvent => ({ at: t, type: 'priority', priority: p });
const reply = (t: number): TimelineEvent => ({ at: t, type: 'agent_reply' });
const customer = (t: number): TimelineEvent => ({ at: t, type: 'customer_message' });

const run = (timeline: TimelineEvent[], now: number, policy: SlaPolicy = ENTERPRISE): SlaState =>
  computeSla({ policy, calendars, timeline, now });
const metric = (s: SlaState, m: SlaMetric): MetricState | undefined => s.metrics.find((x) => x.metric === m);

describe('computeSla: Enterprise first response on 24×7', () => {
  it.each([
    { priority: 'P1' as const, due: at(120) },
    { priority: 'P2' as const, due: at(240) },
    { priority: 'P3' as const, due: at(2880) },
    { priority: 'P4' as const, due: at(2880) },
  ])('$priority → due at created + target', ({ priority, due }) => {
    const s = run([created(T0, priority)], at(10));
    expect(s.policy_id).toBe('pol-ent');
    expect(s.kind).toBe('sla');
    expect(s.priority).toBe(priority);
    expect(metric(s, 'first_response')).toEqual({
      metric: 'first_response',
      target_minutes: (due - T0) / MINUTE,
      calendar_id: '24x7',
      status: 'running',
      due_at: due,
      started_at: T0,
      stopped_at: null,
      business_ms: 10 * MINUTE,
      breached_at: null,
    });
    expect(metric(s, 'next_response')).toBeUndefined();
    expect(s.next_breach_at).toBe(due);
  });
});

describe('computeSla: business-hours calendar (Mon–Fri 09:00–17:00 UTC)', () => {
  const FRI_1630 = Date.UTC(2025, 0, 3, 16, 30);
  const MON_0930 = Date.UTC(2025, 0, 6, 9, 30);
  const policy = policyWith([{ metric: 'first_response', priority: 'P2', minutes: 60, calendar_id: 'biz', pause_on: [] }]);

  it.each([
    { label: 'Friday 16:45', now: FRI_1630 + 15 * MINUTE, status: 'running', business: 15, breached_at: null },
    { label: 'Saturday noon', now: Date.UTC(2025, 0, 4, 12), status: 'running', business: 30, breached_at: null },
    { label: 'Monday 09:31', now: MON_0930 + MINUTE, status: 'breached_running', business: 61, breached_at: MON_0930 },
  ])('Friday 16:30 + 60 min → due Monday 09:30 ($label)', ({ now, status: st, business, breached_at }) => {
    const fr = metric(run([created(FRI_1630, 'P2')], now, policy), 'first_response')!;
    expect(fr.due_at).toBe(MON_0930);
    expect(fr.status).toBe(st);
    expect(fr.business_ms).toBe(business * MINUTE);
    expect(fr.breached_at).toBe(breached_at);
  });

  it.each([
    { label: 'reply Monday 09:30 is met', replyAt: MON_0930, status: 'met', business: 60 },
    { label: 'reply Monday 09:31 is breached', replyAt: MON_0930 + MINUTE, status: 'breached', business: 61 },
  ])('$label', ({ replyAt, status: st, business }) => {
    const fr = metric(run([created(FRI_1630, 'P2'), reply(replyAt)], replyAt + HOUR, policy), 'first_response')!;
    expect(fr).toMatchObject({ status: st, stopped_at: replyAt, business_ms: business * MINUTE, due_at: MON_0930 });
  });

  it('a reply on Saturday after a Friday 17:00 due is breached although business_ms equals the target', () => {
    const p = policyWith([{ metric: 'first_response', priority: 'P2', minutes: 30, calendar_id: 'biz', pause_on: [] }]);
    const sat = Date.UTC(2025, 0, 4, 10);
    const fr = metric(run([created(FRI_1630, 'P2'), reply(sat)], sat, p), 'first_response')!;
    expect(fr).toMatchObject({
      status: 'breached',
      business_ms: 30 * MINUTE,
      due_at: Date.UTC(2025, 0, 3, 17),
      breached_at: Date.UTC(2025, 0, 3, 17),
    });
  });
});

describe('computeSla: pauses', () => {
  // Open 30 min, pending 60 min, customer replies (→ open) at +90.
  const timeline = [created(T0, 'P1', 'open'), status(at(30), 'pending'), customer(at(90)), status(at(90), 'open')];
  const noPause = policyWith(targets('first_response', [120, 240, 2880, 2880], '24x7', []));

  it.each([
    { label: 'pause_on pending, while pending', policy: ENTERPRISE, now: at(60), st: 'paused', due: null, business: 30 },
    { label: 'pause_on pending, after resume', policy: ENTERPRISE, now: at(100), st: 'running', due: at(180), business: 40 },
    { label: 'no pause, while pending', policy: noPause, now: at(60), st: 'running', due: at(120), business: 60 },
    { label: 'no pause, after resume', policy: noPause, now: at(100), st: 'running', due: at(120), business: 100 },
  ])('first response: $label', ({ policy, now, st, due, business }) => {
    const fr = metric(run(timeline, now, policy), 'first_response')!;
    expect(fr).toMatchObject({ status: st, due_at: due, business_ms: business * MINUTE, started_at: T0, stopped_at: null });
  });

  it('paused metrics do not set next_breach_at', () => {
    const s = run([created(T0, 'P1', 'open'), status(at(5), 'on_hold')], at(10));
    expect(s.metrics.map((m) => m.status)).toEqual(['paused', 'paused']);
    expect(s.next_breach_at).toBeNull();
    expect(s.status).toBe('on_hold');
  });

  it('a target crossed before the pause keeps its breach instant, and due_at comes back equal on resume', () => {
    const tl = [created(T0, 'P1', 'open'), status(at(130), 'pending')];
    const paused = metric(run(tl, at(200)), 'first_response')!;
    expect(paused).toMatchObject({ status: 'paused', due_at: null, breached_at: at(120), business_ms: 130 * MINUTE });
    const resumed = metric(run([...tl, status(at(300), 'open')], at(310)), 'first_response')!;
    expect(resumed).toMatchObject({ status: 'breached_running', due_at: at(120), breached_at: at(120), business_ms: 140 * MINUTE });
  });
});

describe('computeSla: priority change recomputes from history', () => {
  it.each([
    {
      label: 'P3 → P1 after 3h: overdue since created + 2h',
      from: 'P3' as const,
      to: 'P1' as const,
      now: at(181),
      st: 'breached_running',
      due: at(120),
    },
    { label: 'P1 → P3 after 1h: due at created + 48h', from: 'P1' as const, to: 'P3' as const, now: at(61), st: 'running', due: at(2880) },
    { label: 'P4 → P2 after 1h: due at created + 4h', from: 'P4' as const, to: 'P2' as const, now: at(61), st: 'running', due: at(240) },
  ])('$label', ({ from, to, now, st, due }) => {
    const changeAt = now - MINUTE;
    const s = run([created(T0, from), prio(changeAt, to)], now);
    expect(s.priority).toBe(to);
    expect(metric(s, 'first_response')).toMatchObject({ status: st, due_at: due, started_at: T0, business_ms: now - T0 });
  });

  it('a stopped metric is re-judged against the new priority', () => {
    const s = run([created(T0, 'P3'), reply(at(150)), prio(at(200), 'P1')], at(210));
    expect(metric(s, 'first_response')).toMatchObject({ status: 'breached', due_at: at(120), breached_at: at(120) });
  });
});

describe('computeSla: met vs breached', () => {
  it.each([
    { replyAt: 90, st: 'met', breached_at: null },
    { replyAt: 120, st: 'met', breached_at: null },
    { replyAt: 121, st: 'breached', breached_at: at(120) },
    { replyAt: 150, st: 'breached', breached_at: at(120) },
  ])('P1 reply at +$replyAt min → $st', ({ replyAt, st, breached_at }) => {
    const fr = metric(run([created(T0), reply(at(replyAt))], at(300)), 'first_response')!;
    expect(fr).toEqual({
      metric: 'first_response',
      target_minutes: 120,
      calendar_id: '24x7',
      status: st,
      due_at: at(120),
      started_at: T0,
      stopped_at: at(replyAt),
      business_ms: replyAt * MINUTE,
      breached_at,
    });
  });

  it('solving without a reply cancels first response (and a stop while paused has no due_at)', () => {
    const s = run([created(T0, 'P1', 'open'), status(at(10), 'pending'), status(at(500), 'solved')], at(600));
    expect(metric(s, 'first_response')).toMatchObject({
      status: 'cancelled',
      stopped_at: at(500),
      due_at: null,
      breached_at: null,
      business_ms: 10 * MINUTE,
    });
    expect(metric(s, 'resolution')).toMatchObject({ status: 'met', stopped_at: at(500), due_at: null });
    expect(s.next_breach_at).toBeNull();
  });
});

describe('computeSla: a ticket that ends unanswered owes no response', () => {
  it('closing (or merging, which closes) before any reply cancels first response; resolution is met at the close', () => {
    const s = run([created(T0, 'P1', 'open'), status(at(30), 'closed')], at(600));
    expect(metric(s, 'first_response')).toMatchObject({ status: 'cancelled', stopped_at: at(30), due_at: null, breached_at: null });
    expect(metric(s, 'resolution')).toMatchObject({ status: 'met', stopped_at: at(30) });
    expect(s.next_breach_at).toBeNull();
  });
  it('a first response already missed stays breached when the ticket is solved', () => {
    const s = run([created(T0, 'P1', 'open'), status(at(200), 'solved')], at(300));
    expect(metric(s, 'first_response')).toMatchObject({ status: 'breached', stopped_at: at(200), due_at: at(120), breached_at: at(120) });
  });
  it('a reply sent with "solved" meets first response: the solve follows its reply at the same instant', () => {
    const s = run(
      [created(T0, 'P1', 'open'), { at: at(30), type: 'agent_reply' }, { at: at(30), type: 'status', status: 'solved', withReply: true }],
      at(90),
    );
    expect(metric(s, 'first_response')).toMatchObject({ status: 'met', stopped_at: at(30), breached_at: null });
    expect(metric(s, 'resolution')).toMatchObject({ status: 'met', stopped_at: at(30) });
    // Listed the other way round (as events of one instant may come), the same.
    const t = run(
      [created(T0, 'P1', 'open'), { at: at(30), type: 'status', status: 'solved', withReply: true }, { at: at(30), type: 'agent_reply' }],
      at(90),
    );
    expect(metric(t, 'first_response')).toMatchObject({ status: 'met', stopped_at: at(30) });
  });
  it('reopening restarts resolution but not a cancelled first response', () => {
    const s = run([created(T0, 'P1', 'open'), status(at(30), 'solved'), status(at(60), 'open')], at(90));
    expect(metric(s, 'first_response')).toMatchObject({ status: 'cancelled' });
    expect(metric(s, 'resolution')).toMatchObject({ status: 'running', stopped_at: null });
  });
});

describe('computeSla: next_response cycles', () => {
  const base = [
    created(T0, 'P1', 'open'),
    customer(at(5)), // before the first reply: covered by first_response
    reply(at(10)),
    customer(at(20)), // cycle 1 starts
    reply(at(50)), // met (due +80)
    customer(at(60)), // cycle 2 starts
    customer(at(70)), // does not restart the cycle
    reply(at(200)), // breached (due +120)
  ];

  it.each([
    {
      label: 'after two cycles, last one reported',
      extra: [],
      now: at(205),
      expected: {
        status: 'breached',
        started_at: at(60),
        stopped_at: at(200),
        due_at: at(120),
        breached_at: at(120),
        business_ms: 140 * MINUTE,
        cycles: { met: 1, breached: 1 },
      },
    },
    {
      label: 'third cycle running',
      extra: [customer(at(210))],
      now: at(220),
      expected: {
        status: 'running',
        started_at: at(210),
        stopped_at: null,
        due_at: at(270),
        breached_at: null,
        business_ms: 10 * MINUTE,
        cycles: { met: 1, breached: 1 },
      },
    },
    {
      label: 'third cycle overdue',
      extra: [customer(at(210))],
      now: at(280),
      expected: { status: 'breached_running', due_at: at(270), breached_at: at(270), cycles: { met: 1, breached: 1 } },
    },
  ])('$label', ({ extra, now, expected }) => {
    const s = run([...base, ...extra], now);
    expect(metric(s, 'next_response')).toMatchObject(expected);
    expect(metric(s, 'first_response')).toMatchObject({ status: 'met', stopped_at: at(10) });
  });

  it('no customer message after the first reply → no next_response metric', () => {
    const s = run([created(T0), customer(at(1)), reply(at(10))], at(20));
    expect(metric(s, 'next_response')).toBeUndefined();
  });

  it('a message recorded before its reopening status at the same instant still starts a cycle', () => {
    const s = run([created(T0), reply(at(10)), status(at(11), 'solved'), customer(at(30)), status(at(30), 'open')], at(40));
    expect(metric(s, 'next_response')).toMatchObject({ status: 'running', started_at: at(30), due_at: at(90) });
  });

  it('solving ends the open cycle; a message to a solved ticket starts none', () => {
    const s = run([created(T0), reply(at(10)), customer(at(20)), status(at(30), 'solved'), customer(at(40))], at(50));
    expect(metric(s, 'next_response')).toMatchObject({
      status: 'cancelled',
      started_at: at(20),
      stopped_at: at(30),
      due_at: null,
      cycles: { met: 0, breached: 0, cancelled: 1 },
    });
  });
});

describe('computeSla: resolution', () => {
  const tl = [created(T0, 'P1', 'open'), reply(at(10)), status(at(60), 'solved')];
  it.each([
    {
      label: 'solved',
      extra: [],
      now: at(120),
      expected: { status: 'met', stopped_at: at(60), business_ms: 60 * MINUTE, due_at: at(480) },
    },
    {
      label: 'solved then closed keeps the solve instant',
      extra: [status(at(100), 'closed')],
      now: at(120),
      expected: { status: 'met', stopped_at: at(60) },
    },
    {
      label: 'reopened: resumes, solved period excluded',
      extra: [status(at(180), 'open')],
      now: at(200),
      expected: { status: 'running', stopped_at: null, business_ms: 80 * MINUTE, due_at: at(180 + 420) },
    },
    {
      label: 'reopened and solved again late',
      extra: [status(at(180), 'open'), status(at(700), 'solved')],
      now: at(800),
      expected: { status: 'breached', stopped_at: at(700), business_ms: 580 * MINUTE, due_at: at(600), breached_at: at(600) },
    },
  ])('$label', ({ extra, now, expected }) => {
    expect(metric(run([...tl, ...extra], now), 'resolution')).toMatchObject({ started_at: T0, ...expected });
  });
});

describe('computeSla: next_breach_at', () => {
  it.each([
    { label: 'first response earliest', timeline: [created(T0)], now: at(10), expected: at(120) },
    { label: 'after the first reply: resolution', timeline: [created(T0), reply(at(10))], now: at(20), expected: at(480) },
    {
      label: 'a next_response cycle before resolution',
      timeline: [created(T0), reply(at(10)), customer(at(20))],
      now: at(30),
      expected: at(80),
    },
    { label: 'exactly at the due instant: overdue', timeline: [created(T0)], now: at(120), expected: at(120) },
    { label: 'overdue stays in the past (sorts first)', timeline: [created(T0)], now: at(300), expected: at(120) },
    { label: 'solved: nothing running', timeline: [created(T0), status(at(5), 'solved')], now: at(300), expected: null },
  ])('$label', ({ timeline, now, expected }) => {
    const s = run(timeline, now);
    expect(s.next_breach_at).toBe(expected);
    if (expected !== null && expected <= now) expect(s.metrics.some((m) => m.status === 'breached_running')).toBe(true);
  });
});

describe('computeSla: input handling', () => {
  it('ignores events after now and sorts unsorted input', () => {
    const s = run([reply(at(50)), created(T0)], at(30));
    expect(metric(s, 'first_response')).toMatchObject({ status: 'running', business_ms: 30 * MINUTE });
  });

  it('omits metrics without a target for the current priority; slo kind is labelled', () => {
    const p = policyWith([{ metric: 'first_response', priority: 'P1', minutes: 60, calendar_id: '24x7', pause_on: [] }], 'slo');
    expect(run([created(T0, 'P4')], at(1), p)).toMatchObject({ kind: 'slo', metrics: [], next_breach_at: null });
    expect(run([created(T0, 'P1')], at(1), p).metrics).toHaveLength(1);
  });

  it.each([
    { label: 'no created event', timeline: [reply(T0)] },
    { label: 'now before creation', timeline: [created(at(10))] },
    { label: 'two created events', timeline: [created(T0), created(at(1))] },
    { label: 'status event without status', timeline: [created(T0), { at: at(1), type: 'status' as const }] },
  ])('rejects invalid timelines: $label', ({ timeline }) => {
    expect(() => run(timeline, at(5))).toThrow(RangeError);
  });

  it('rejects a negative target', () => {
    const p = policyWith([{ metric: 'resolution', priority: 'P1', minutes: -1, calendar_id: '24x7', pause_on: [] }]);
    expect(() => run([created(T0)], at(5), p)).toThrow(RangeError);
  });
});
