import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { alwaysOpenSpec, CalendarNeverOpensError, compileCalendar, type CalendarSpec, type Interval } from './index.ts';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

/** Local wall time → instant ('compatible'; only used for unambiguous times here). */
const at = (local: string, tz: string) => Temporal.PlainDateTime.from(local).toZonedDateTime(tz).epochMilliseconds;
const local = (ms: number | null, tz: string) =>
  ms === null
    ? null
    : Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz).toPlainDateTime().toString({ smallestUnit: 'second' });

function spec(timezone: string, days: Partial<CalendarSpec['weekly']>, extra: Partial<CalendarSpec> = {}): CalendarSpec {
  const none: Interval[] = [];
  return {
    timezone,
    weekly: { mon: none, tue: none, wed: none, thu: none, fri: none, sat: none, sun: none, ...days },
    holidays: [],
    extra_workdays: [],
    ...extra,
  };
}
const monFri = (h: Interval[]) => ({ mon: h, tue: h, wed: h, thu: h, fri: h });
const monSat = (h: Interval[]) => ({ ...monFri(h), sat: h });

const SH = 'Asia/Shanghai';
const shDay: Interval[] = [['08:00', '17:30']];
const golden = [1, 2, 3, 4, 5, 6, 7].map((d) => ({ date: `2026-10-0${d}`, name: '国庆节' }));
const shanghai = compileCalendar(
  spec(SH, monSat(shDay), {
    holidays: [...golden, { date: '2026-12-24', from: '12:00', to: '24:00' }],
    extra_workdays: [{ date: '2026-09-20', hours: shDay, name: '国庆调休' }],
  }),
);
// Mon–Fri variant: the Saturday make-up day 2026-10-10 matters.
const shanghai5 = compileCalendar(spec(SH, monFri(shDay), { holidays: golden, extra_workdays: [{ date: '2026-10-10', hours: shDay }] }));

describe('due() known answers — Asia/Shanghai Mon–Sat 08:00–17:30', () => {
  const cases: Array<[string, string, number, string]> = [
    ['Fri 17:20 + 60 min → Sat 08:50', '2026-03-06T17:20', 60 * MIN, '2026-03-07T08:50:00'],
    ['Sat 17:20 + 60 min → Mon 08:50', '2026-03-07T17:20', 60 * MIN, '2026-03-09T08:50:00'],
    ['budget ending at 17:30 is due at 17:30', '2026-03-06T17:20', 10 * MIN, '2026-03-06T17:30:00'],
    ['whole day from opening', '2026-03-06T08:00', 9.5 * H, '2026-03-06T17:30:00'],
    ['one second past the day', '2026-03-06T08:00', 9.5 * H + 1000, '2026-03-07T08:00:01'],
    ['zero from a closed instant (20:00) → next opening', '2026-03-06T20:00', 0, '2026-03-07T08:00:00'],
    ['zero at the closing instant → next opening', '2026-03-06T17:30', 0, '2026-03-07T08:00:00'],
    ['zero from an open instant → itself', '2026-03-06T12:34:56', 0, '2026-03-06T12:34:56'],
    ['Sunday start counts from Monday', '2026-03-08T10:00', 90 * MIN, '2026-03-09T09:30:00'],
    ['fractional minutes (2.5 min)', '2026-03-06T17:29', 2.5 * MIN, '2026-03-07T08:01:30'],
    ['国庆: Wed 09-30 17:00 + 1 h → Thu 10-08 08:30', '2026-09-30T17:00', H, '2026-10-08T08:30:00'],
    ['make-up Sunday 09-20 is a workday', '2026-09-19T17:00', H, '2026-09-20T08:30:00'],
    ['partial holiday 12-24 from 12:00', '2026-12-24T11:00', 2 * H, '2026-12-25T09:00:00'],
    ['one week of open time (57 h)', '2026-03-02T08:00', 57 * H, '2026-03-07T17:30:00'],
  ];
  it.each(cases)('%s', (_name, start, dur, want) => {
    expect(local(shanghai.due(at(start, SH), dur), SH)).toBe(want);
  });

  it('make-up Saturday 10-10 on a Mon–Fri calendar', () => {
    expect(local(shanghai5.due(at('2026-10-09T17:00', SH), H), SH)).toBe('2026-10-10T08:30:00');
    expect(local(shanghai5.due(at('2026-09-30T17:00', SH), H), SH)).toBe('2026-10-08T08:30:00');
  });

  it('holidays have no open time; the partial holiday closes at 12:00', () => {
    expect(shanghai.elapsed(at('2026-10-01T00:00', SH), at('2026-10-08T00:00', SH))).toBe(0);
    expect(shanghai.isOpen(at('2026-12-24T11:59:59.999', SH))).toBe(true);
    expect(shanghai.isOpen(at('2026-12-24T12:00', SH))).toBe(false);
    expect(shanghai.elapsed(at('2026-12-24T00:00', SH), at('2026-12-25T00:00', SH))).toBe(4 * H);
  });
});

describe('isOpen / nextOpen / elapsed basics', () => {
  it('intervals are half-open [open, close)', () => {
    expect(shanghai.isOpen(at('2026-03-06T08:00', SH))).toBe(true);
    expect(shanghai.isOpen(at('2026-03-06T07:59:59.999', SH))).toBe(false);
    expect(shanghai.isOpen(at('2026-03-06T17:29:59.999', SH))).toBe(true);
    expect(shanghai.isOpen(at('2026-03-06T17:30', SH))).toBe(false);
  });
  it('nextOpen', () => {
    expect(shanghai.nextOpen(at('2026-03-06T12:00', SH))).toBe(at('2026-03-06T12:00', SH));
    expect(local(shanghai.nextOpen(at('2026-03-07T17:30', SH)), SH)).toBe('2026-03-09T08:00:00');
    expect(local(shanghai.nextOpen(at('2026-09-30T18:00', SH)), SH)).toBe('2026-10-08T08:00:00');
  });
  it('nextClose: the end of the open stretch, the instant itself when closed, null when it never ends', () => {
    expect(local(shanghai.nextClose(at('2026-03-07T17:20', SH)), SH)).toBe('2026-03-07T17:30:00');
    expect(local(shanghai.nextClose(at('2026-03-06T08:00', SH)), SH)).toBe('2026-03-06T17:30:00');
    expect(shanghai.nextClose(at('2026-03-07T17:30', SH))).toBe(at('2026-03-07T17:30', SH));
    expect(shanghai.nextClose(at('2026-03-08T12:00', SH))).toBe(at('2026-03-08T12:00', SH));
    // Touching intervals are one stretch: Mon 20:00–24:00 + Tue 00:00–04:00 closes Tuesday 04:00.
    const night = compileCalendar(spec('UTC', { mon: [['20:00', '24:00']], tue: [['00:00', '04:00']] }));
    expect(local(night.nextClose(Date.UTC(2026, 2, 9, 21)), 'UTC')).toBe('2026-03-10T04:00:00');
    expect(compileCalendar(alwaysOpenSpec('UTC')).nextClose(Date.UTC(2026, 0, 1))).toBeNull();
    expect(compileCalendar(spec('UTC', {})).nextClose(5)).toBe(5);
  });
  it('elapsed is 0 when to <= from, and exact to the millisecond', () => {
    const t = at('2026-03-06T12:00', SH);
    expect(shanghai.elapsed(t, t)).toBe(0);
    expect(shanghai.elapsed(t, t - H)).toBe(0);
    expect(shanghai.elapsed(t, t + 1)).toBe(1);
    expect(shanghai.elapsed(at('2026-03-06T17:00', SH), at('2026-03-07T08:00:00.250', SH))).toBe(30 * MIN + 250);
  });
  it('rejects bad arguments', () => {
    expect(() => shanghai.due(Number.NaN, H)).toThrow(RangeError);
    expect(() => shanghai.due(0, -1)).toThrow(RangeError);
    expect(() => shanghai.isOpen(Infinity)).toThrow(RangeError);
  });
  it('answers queries far apart in time (table is rebuilt or grown)', () => {
    const cal = compileCalendar(spec(SH, monSat(shDay)));
    expect(local(cal.due(at('2026-03-06T17:20', SH), H), SH)).toBe('2026-03-07T08:50:00');
    expect(local(cal.due(at('1995-06-02T17:20', SH), H), SH)).toBe('1995-06-03T08:50:00'); // Friday
    expect(local(cal.due(at('2126-01-01T12:00', SH), H), SH)).toBe('2126-01-01T13:00:00'); // Thursday
    expect(local(cal.due(at('2026-03-06T17:20', SH), H), SH)).toBe('2026-03-07T08:50:00');
  });
});

describe('overnight intervals, holidays and extra workdays', () => {
  const night = compileCalendar(spec('UTC', { fri: [['22:00', '02:00']] }));
  const cases: Array<[string, string, number, string]> = [
    ['inside the night', '2026-03-06T23:00', 2 * H, '2026-03-07T01:00:00'],
    ['runs out at 02:00 Saturday', '2026-03-06T23:00', 3 * H, '2026-03-07T02:00:00'],
    ['one minute more → next Friday', '2026-03-06T23:00', 3 * H + MIN, '2026-03-13T22:01:00'],
    ['from Saturday 01:00', '2026-03-07T01:00', 90 * MIN, '2026-03-13T22:30:00'],
  ];
  it.each(cases)('fri 22:00–02:00: %s', (_n, start, dur, want) => {
    expect(local(night.due(at(start, 'UTC'), dur), 'UTC')).toBe(want);
  });
  it('Saturday 01:59 is open, 02:00 is not', () => {
    expect(night.isOpen(at('2026-03-07T01:59', 'UTC'))).toBe(true);
    expect(night.isOpen(at('2026-03-07T02:00', 'UTC'))).toBe(false);
  });
  it('a whole-date holiday closes its wall-clock date only (overnight cut at midnight)', () => {
    const sat = compileCalendar(spec('UTC', { fri: [['22:00', '02:00']] }, { holidays: [{ date: '2026-03-07' }] }));
    expect(sat.elapsed(at('2026-03-06T00:00', 'UTC'), at('2026-03-09T00:00', 'UTC'))).toBe(2 * H);
    expect(sat.isOpen(at('2026-03-07T00:00', 'UTC'))).toBe(false);
    const fri = compileCalendar(spec('UTC', { fri: [['22:00', '02:00']] }, { holidays: [{ date: '2026-03-06' }] }));
    expect(fri.elapsed(at('2026-03-06T00:00', 'UTC'), at('2026-03-09T00:00', 'UTC'))).toBe(2 * H);
    expect(fri.isOpen(at('2026-03-07T00:00', 'UTC'))).toBe(true);
  });
  it('an extra workday replaces that date’s weekly hours; a holiday beats it', () => {
    const base = spec('UTC', monFri([['09:00', '17:00']]));
    const swap = compileCalendar({ ...base, extra_workdays: [{ date: '2026-03-09', hours: [['10:00', '12:00']] }] });
    expect(swap.elapsed(at('2026-03-09T00:00', 'UTC'), at('2026-03-10T00:00', 'UTC'))).toBe(2 * H);
    expect(swap.isOpen(at('2026-03-09T09:30', 'UTC'))).toBe(false);
    const both = compileCalendar({
      ...base,
      holidays: [{ date: '2026-03-09' }],
      extra_workdays: [{ date: '2026-03-09', hours: [['10:00', '12:00']] }],
    });
    expect(both.elapsed(at('2026-03-09T00:00', 'UTC'), at('2026-03-10T00:00', 'UTC'))).toBe(0);
  });
  it('24:00 ends and consecutive days merge seamlessly', () => {
    const cal = compileCalendar(spec('UTC', { mon: [['20:00', '24:00']], tue: [['00:00', '04:00']] }));
    expect(local(cal.due(at('2026-03-09T20:00', 'UTC'), 8 * H), 'UTC')).toBe('2026-03-10T04:00:00');
    expect(cal.isOpen(at('2026-03-10T00:00', 'UTC'))).toBe(true);
  });
});

describe('long durations', () => {
  const NY = 'America/New_York';
  const ny = compileCalendar(spec(NY, monFri([['09:00', '17:00']])));
  it('13 weeks of Mon–Fri 09–17 (520 h) across the March DST change', () => {
    const s = at('2026-01-05T09:00', NY);
    expect(local(ny.due(s, 520 * H), NY)).toBe('2026-04-03T17:00:00');
    expect(ny.elapsed(s, at('2026-04-03T17:00', NY))).toBe(520 * H);
  });
  it('3 months of 24×7 time in New York is 90 real days', () => {
    const cal = compileCalendar(alwaysOpenSpec(NY));
    const s = at('2026-01-01T00:00', NY);
    expect(cal.due(s, 90 * D)).toBe(s + 90 * D);
    expect(local(cal.due(s, 90 * D), NY)).toBe('2026-04-01T01:00:00');
  });
  it('years of open time', () => {
    const utc = compileCalendar(alwaysOpenSpec('UTC'));
    const s = Date.UTC(2026, 0, 1);
    expect(utc.due(s, 3650 * D)).toBe(s + 3650 * D);
    const s2 = at('2026-01-05T09:00', NY);
    const five = ny.due(s2, 5 * 52 * 40 * H);
    expect(ny.elapsed(s2, five)).toBe(5 * 52 * 40 * H);
    expect(five - s2).toBeGreaterThan(4.9 * 365 * D);
  });
  it('durations too long for the table are refused', () => {
    const cal = compileCalendar(spec('UTC', { mon: [['09:00', '09:01']] }));
    expect(() => cal.due(Date.UTC(2026, 0, 1), 1e6 * MIN)).toThrow(RangeError);
  });
  it('a due date within the longest supported span is found even when doubling the table would overshoot it', () => {
    // Found by the property test: one minute a week, 5,484 minutes ≈ 105 years. The table grew by
    // doubling past the 200-year limit and refused a due date that lies well inside it.
    const cal = compileCalendar(spec(NY, { mon: [['00:00', '00:01']] }));
    const s = Date.UTC(2026, 0, 1);
    const due = cal.due(s, 329_040_001);
    expect(local(due, NY)).toBe('2131-02-12T00:00:00');
    expect(cal.elapsed(s, due)).toBe(329_040_001);
    // Past the limit it is still refused, with the reason.
    expect(() => cal.due(s, 20 * D)).toThrow(/durations that long are not supported/);
  });
});

describe('never-opening calendars', () => {
  it('all-empty: due throws, nextOpen null, elapsed 0, isOpen false', () => {
    const cal = compileCalendar(spec('UTC', {}));
    expect(() => cal.due(0, H)).toThrow(CalendarNeverOpensError);
    expect(() => cal.due(0, 0)).toThrow(CalendarNeverOpensError);
    expect(cal.nextOpen(0)).toBeNull();
    expect(cal.elapsed(0, 1e12)).toBe(0);
    expect(cal.isOpen(0)).toBe(false);
  });
  it('only extra workdays: open then, never again after', () => {
    const cal = compileCalendar(spec('UTC', {}, { extra_workdays: [{ date: '2026-05-01', hours: [['09:00', '17:00']] }] }));
    expect(local(cal.nextOpen(Date.UTC(2026, 0, 1)), 'UTC')).toBe('2026-05-01T09:00:00');
    expect(cal.nextOpen(Date.UTC(2026, 4, 2))).toBeNull();
    expect(local(cal.due(Date.UTC(2026, 3, 30), 8 * H), 'UTC')).toBe('2026-05-01T17:00:00');
    expect(() => cal.due(Date.UTC(2026, 3, 30), 8 * H + 1)).toThrow(CalendarNeverOpensError);
  });
  it('compileCalendar validates its input', () => {
    expect(() => compileCalendar({ ...spec('UTC', {}), timezone: 'Nowhere/Land' })).toThrow(/unknown time zone/);
  });
});
