/**
 * Property tests: the compiled calendar against the brute-force minute-stepping
 * oracle in test/oracles/calendarOracle.ts, plus algebraic properties.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileCalendar, parseCalendar, type CalendarSpec, type Interval } from './index.ts';
import { CalendarOracle } from '../../../test/oracles/calendarOracle.ts';

const MIN = 60_000;
const DAY = 86_400_000;
const YEAR_START = Date.UTC(2026, 0, 1);
const YEAR_MINUTES = 365 * 1440;

/** DST transitions of 2026 (UTC) per zone; start instants are biased toward these weeks. */
const ZONES: Record<string, number[]> = {
  'America/New_York': [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)],
  'Europe/London': [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1)],
  'Australia/Sydney': [Date.UTC(2026, 3, 4, 16), Date.UTC(2026, 9, 3, 16)],
  'Asia/Shanghai': [Date.UTC(2026, 4, 1)],
  UTC: [Date.UTC(2026, 11, 31)],
};

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** A time of day in minutes 0…1440, mostly on the half hour (to hit DST hours). */
const point = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 48 }).map((x) => x * 30), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 1440 }), weight: 1 },
);

/** Non-overlapping intervals of one day; the last may run past midnight. */
const dayHours: fc.Arbitrary<Interval[]> = fc
  .record({
    points: fc.uniqueArray(point, { maxLength: 6 }),
    overnightEnd: fc.option(point, { nil: undefined, freq: 3 }),
  })
  .map(({ points, overnightEnd }) => {
    const p = [...points].sort((a, b) => a - b);
    const out: Array<[number, number]> = [];
    for (let i = 0; i + 1 < p.length; i += 2) out.push([p[i], p[i + 1]]);
    const last = out[out.length - 1];
    if (last && overnightEnd !== undefined && overnightEnd < last[0]) last[1] = overnightEnd;
    return out.map(([a, b]) => [hhmm(a), hhmm(b)] as Interval);
  });

const weekly = fc.oneof(
  {
    arbitrary: fc.record({ mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours }),
    weight: 4,
  },
  { arbitrary: fc.constant('24x7' as const), weight: 1 },
  { arbitrary: fc.constant('office' as const), weight: 1 },
);

const scenario = fc.record({
  zone: fc.constantFrom(...Object.keys(ZONES)),
  weekly,
  /** Start: minute of 2026, or minutes around one of the zone's DST changes. */
  start: fc.oneof(
    fc.record({ kind: fc.constant('year' as const), minute: fc.integer({ min: 0, max: YEAR_MINUTES - 1 }) }),
    fc.record({ kind: fc.constant('dst' as const), which: fc.nat(1), minute: fc.integer({ min: -7 * 1440, max: 7 * 1440 }) }),
  ),
  holidays: fc.array(fc.record({ day: fc.integer({ min: -3, max: 20 }), part: fc.option(fc.tuple(point, point), { nil: undefined }) }), {
    maxLength: 4,
  }),
  extras: fc.uniqueArray(fc.record({ day: fc.integer({ min: -3, max: 20 }), hours: dayHours }), {
    selector: (x) => x.day,
    maxLength: 3,
  }),
  durations: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 20_160 })), {
    minLength: 1,
    maxLength: 5,
  }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario): { spec: CalendarSpec; start: number } {
  const transitions = ZONES[s.zone];
  const start =
    s.start.kind === 'year'
      ? YEAR_START + s.start.minute * MIN
      : Math.floor(transitions[s.start.which % transitions.length] / MIN) * MIN + s.start.minute * MIN;
  const date = (offsetDays: number) => new Date(start + offsetDays * DAY).toISOString().slice(0, 10);
  const all: Interval[] = [['00:00', '24:00']];
  const office: Interval[] = [['09:00', '17:00']];
  const w =
    s.weekly === '24x7'
      ? { mon: all, tue: all, wed: all, thu: all, fri: all, sat: all, sun: all }
      : s.weekly === 'office'
        ? {
            mon: office,
            tue: office,
            wed: office,
            thu: office,
            fri: [
              ['09:00', '17:00'],
              ['22:00', '02:00'],
            ] as Interval[],
            sat: [],
            sun: [],
          }
        : s.weekly;
  const holidays = s.holidays.map((h) => {
    if (!h.part || h.part[0] === h.part[1]) return { date: date(h.day) };
    const [a, b] = h.part[0] < h.part[1] ? h.part : [h.part[1], h.part[0]];
    return { date: date(h.day), from: hhmm(a === 1440 ? 0 : a), to: hhmm(b) };
  });
  const extra_workdays = s.extras.map((x) => ({ date: date(x.day), hours: x.hours }));
  return { spec: parseCalendar({ timezone: s.zone, weekly: w, holidays, extra_workdays }), start };
}

describe('calendar vs brute-force oracle', () => {
  it('due, elapsed, nextOpen, nextClose and isOpen agree with minute stepping', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { spec, start } = build(s);
        const cal = compileCalendar(spec);
        const oracle = new CalendarOracle(spec);
        const ctx = () => JSON.stringify({ spec, start: new Date(start).toISOString() });
        expect(cal.isOpen(start), ctx()).toBe(oracle.isOpen(start));
        expect(cal.isOpen(start + 30_000), ctx()).toBe(oracle.isOpen(start));
        const next = oracle.nextOpen(start);
        if (next !== null) expect(cal.nextOpen(start), ctx()).toBe(next);
        const close = oracle.nextClose(start);
        if (close !== null) expect(cal.nextClose(start), ctx()).toBe(close);
        const available = oracle.openMinutesFrom(start);
        for (const raw of s.durations) {
          const d = Math.min(raw, available) * MIN;
          if (d === 0 && next === null) continue;
          const want = oracle.due(start, d);
          expect(cal.due(start, d), `${ctx()} d=${d / MIN}`).toBe(want);
          const to = start + raw * MIN;
          expect(cal.elapsed(start, to), `${ctx()} to=${new Date(to).toISOString()}`).toBe(oracle.elapsed(start, to));
          expect(cal.isOpen(to), ctx()).toBe(oracle.isOpen(to));
          const nextTo = oracle.nextOpen(to);
          if (nextTo !== null) expect(cal.nextOpen(to), ctx()).toBe(nextTo);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('algebraic properties (any millisecond)', () => {
  const withinYear = fc.integer({ min: 0, max: 365 * DAY - 1 }).map((x) => YEAR_START + x);
  const dur = fc.oneof(fc.integer({ min: 0, max: 10 * 3_600_000 }), fc.integer({ min: 0, max: 30 * DAY }));

  it('elapsed(s, due(s, d)) === d; due is monotonic in d; due(s, 0) === nextOpen(s)', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(scenario, withinYear, dur, dur, (s, start, d1, d2) => {
        const { spec } = build(s);
        const cal = compileCalendar(spec);
        if (cal.nextOpen(start) === null) return;
        const [a, b] = d1 <= d2 ? [d1, d2] : [d2, d1];
        let da: number, db: number;
        try {
          da = cal.due(start, a);
          db = cal.due(start, b);
        } catch (e) {
          // Only a calendar without weekly hours may run out of open time.
          expect(Object.values(spec.weekly).every((x) => x.length === 0)).toBe(true);
          return;
        }
        expect(cal.elapsed(start, da)).toBe(a);
        expect(cal.elapsed(start, db)).toBe(b);
        expect(da).toBeLessThanOrEqual(db);
        expect(cal.due(start, 0)).toBe(cal.nextOpen(start));
        if (a > 0) expect(cal.isOpen(da - 1)).toBe(true);
        expect(cal.elapsed(start, db) - cal.elapsed(start, da)).toBe(cal.elapsed(da, db));
      }),
      { numRuns: 1500 },
    );
  });
});
