/**
 * DST behaviour. Wall-clock rule: an instant is open iff the local wall clock
 * at that instant shows an open time of its date. Wall times skipped by a
 * spring-forward gap are never open; a repeated fall-back hour is open on
 * both passes when its wall time is.
 */
import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { alwaysOpenSpec, compileCalendar, type CalendarSpec, type Interval } from './index.ts';

const MIN = 60_000;
const H = 60 * MIN;
const at = (local: string, tz: string) => Temporal.PlainDateTime.from(local).toZonedDateTime(tz).epochMilliseconds;
const utc = (iso: string) => Date.parse(iso);
const local = (ms: number | null, tz: string) =>
  ms === null
    ? null
    : Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz).toString({ smallestUnit: 'minute', timeZoneName: 'never' });

function every(timezone: string, h: Interval[]): CalendarSpec {
  return { timezone, weekly: { mon: h, tue: h, wed: h, thu: h, fri: h, sat: h, sun: h }, holidays: [], extra_workdays: [] };
}
const sunday = (timezone: string, h: Interval[]): CalendarSpec => ({
  ...every(timezone, []),
  weekly: { ...every(timezone, []).weekly, sun: h },
});

const dayLength: Array<[string, string, number, number]> = [
  ['America/New_York', '2026-03-08', 23, 8],
  ['America/New_York', '2026-11-01', 25, 8],
  ['America/New_York', '2026-06-01', 24, 8],
  ['Europe/London', '2026-03-29', 23, 8],
  ['Europe/London', '2026-10-25', 25, 8],
  ['Australia/Sydney', '2026-04-05', 25, 8],
  ['Australia/Sydney', '2026-10-04', 23, 8],
  ['Asia/Shanghai', '2026-03-08', 24, 8],
];

describe('open time of a DST day', () => {
  it.each(dayLength)('%s %s: 24×7 gives %i h, 09–17 gives %i h', (tz, date, full, office) => {
    const next = Temporal.PlainDate.from(date).add({ days: 1 }).toString();
    const from = at(`${date}T00:00`, tz),
      to = at(`${next}T00:00`, tz);
    expect(compileCalendar(alwaysOpenSpec(tz)).elapsed(from, to)).toBe(full * H);
    expect(compileCalendar(every(tz, [['09:00', '17:00']])).elapsed(from, to)).toBe(office * H);
  });
  it('24×7 due() is plain addition across both changes', () => {
    const cal = compileCalendar(alwaysOpenSpec('America/New_York'));
    const s = at('2026-03-07T12:00', 'America/New_York');
    expect(cal.due(s, 300 * 24 * H)).toBe(s + 300 * 24 * H);
  });
});

describe('spring forward, America/New_York 2026-03-08 (02:00 EST → 03:00 EDT at 07:00Z)', () => {
  const NY = 'America/New_York';
  const day = [utc('2026-03-08T05:00Z'), utc('2026-03-09T04:00Z')] as const;
  it('an interval inside the gap (02:00–03:00) is never open', () => {
    const cal = compileCalendar(sunday(NY, [['02:00', '03:00']]));
    expect(cal.elapsed(...day)).toBe(0);
    expect(cal.isOpen(utc('2026-03-08T07:00Z'))).toBe(false);
    expect(local(cal.nextOpen(day[0]), NY)).toBe('2026-03-15T02:00-04:00');
  });
  it('01:30–03:30 is open 01:30 EST → 03:30 EDT, one real hour', () => {
    const cal = compileCalendar(sunday(NY, [['01:30', '03:30']]));
    expect(cal.elapsed(...day)).toBe(H);
    expect(cal.nextOpen(day[0])).toBe(utc('2026-03-08T06:30Z'));
    expect(cal.isOpen(utc('2026-03-08T07:00Z'))).toBe(true); // 03:00 EDT
    expect(cal.isOpen(utc('2026-03-08T07:30Z'))).toBe(false); // 03:30 EDT
    expect(cal.due(utc('2026-03-08T06:30Z'), H)).toBe(utc('2026-03-08T07:30Z'));
  });
  it('02:30–04:00 opens at 03:00 EDT, the first instant whose wall time is inside', () => {
    const cal = compileCalendar(sunday(NY, [['02:30', '04:00']]));
    expect(cal.nextOpen(day[0])).toBe(utc('2026-03-08T07:00Z'));
    expect(cal.elapsed(...day)).toBe(H);
  });
});

describe('fall back, America/New_York 2026-11-01 (02:00 EDT → 01:00 EST at 06:00Z)', () => {
  const NY = 'America/New_York';
  const day = [utc('2026-11-01T04:00Z'), utc('2026-11-02T05:00Z')] as const;
  it('01:00–02:00 is open on both passes (2 real hours)', () => {
    const cal = compileCalendar(sunday(NY, [['01:00', '02:00']]));
    expect(cal.elapsed(...day)).toBe(2 * H);
    expect(cal.due(utc('2026-11-01T05:00Z'), 2 * H)).toBe(utc('2026-11-01T07:00Z'));
  });
  it('00:00–01:30 is open until 01:30 EDT and again 01:00–01:30 EST', () => {
    const cal = compileCalendar(sunday(NY, [['00:00', '01:30']]));
    expect(cal.elapsed(...day)).toBe(2 * H);
    expect(cal.isOpen(utc('2026-11-01T05:29Z'))).toBe(true);
    expect(cal.isOpen(utc('2026-11-01T05:30Z'))).toBe(false); // 01:30 EDT
    expect(cal.isOpen(utc('2026-11-01T06:00Z'))).toBe(true); // 01:00 EST
    expect(cal.isOpen(utc('2026-11-01T06:30Z'))).toBe(false); // 01:30 EST
    expect(cal.due(utc('2026-11-01T05:00Z'), H)).toBe(utc('2026-11-01T06:30Z'));
  });
  it('a ticket at 16:00 Friday before the change, 2 h of 09–17 Mon–Fri → Monday 10:00 EST', () => {
    const h: Interval[] = [['09:00', '17:00']];
    const cal = compileCalendar({ ...every(NY, []), weekly: { mon: h, tue: h, wed: h, thu: h, fri: h, sat: [], sun: [] } });
    expect(local(cal.due(at('2026-10-30T16:00', NY), 2 * H), NY)).toBe('2026-11-02T10:00-05:00');
  });
});

describe('Europe/London and Australia/Sydney weekends over the change', () => {
  const h: Interval[] = [['09:00', '17:00']];
  const office = (tz: string): CalendarSpec => ({ ...every(tz, []), weekly: { mon: h, tue: h, wed: h, thu: h, fri: h, sat: [], sun: [] } });
  const cases: Array<[string, string, string]> = [
    ['Europe/London', '2026-03-27T16:00', '2026-03-30T10:00+01:00'],
    ['Europe/London', '2026-10-23T16:00', '2026-10-26T10:00+00:00'],
    ['Australia/Sydney', '2026-04-03T16:00', '2026-04-06T10:00+10:00'],
    ['Australia/Sydney', '2026-10-02T16:00', '2026-10-05T10:00+11:00'],
  ];
  it.each(cases)('%s Friday %s + 2 h → %s', (tz, start, want) => {
    expect(local(compileCalendar(office(tz)).due(at(start, tz), 2 * H), tz)).toBe(want);
  });
  it('Sydney 24×7 over the April weekend: Sat 00:00 + 49 h → Mon 00:00', () => {
    const tz = 'Australia/Sydney';
    const cal = compileCalendar(alwaysOpenSpec(tz));
    expect(local(cal.due(at('2026-04-04T00:00', tz), 49 * H), tz)).toBe('2026-04-06T00:00+10:00');
  });
  it('overnight fri 22:00–02:00 over the London spring change (Sunday 01:00 GMT)', () => {
    const tz = 'Europe/London';
    const cal = compileCalendar({ ...every(tz, []), weekly: { ...every(tz, []).weekly, sat: [['22:00', '02:00']] } });
    // Sat 28 Mar 22:00 GMT → Sun 29 Mar 02:00 BST (= 01:00 GMT): three real hours.
    expect(cal.elapsed(at('2026-03-28T12:00', tz), at('2026-03-29T12:00', tz))).toBe(3 * H);
  });
});

describe('a fall-back that crosses midnight (America/Goose_Bay 2000-10-29 00:01 ADT → 2000-10-28 23:01 AST)', () => {
  const tz = 'America/Goose_Bay';
  const allDay: Interval[] = [['00:00', '24:00']];
  it('Saturday 28th is shown for 24 h 59 min, interrupted by one minute of Sunday', () => {
    const sat = compileCalendar({ ...every(tz, []), weekly: { ...every(tz, []).weekly, sat: allDay } });
    expect(sat.elapsed(utc('2000-10-27T00:00Z'), utc('2000-10-31T00:00Z'))).toBe(24 * H + 59 * MIN);
    expect(sat.isOpen(utc('2000-10-29T02:59Z'))).toBe(true);
    expect(sat.isOpen(utc('2000-10-29T03:00:30Z'))).toBe(false); // Sunday 00:00 ADT
    expect(sat.isOpen(utc('2000-10-29T03:01Z'))).toBe(true); // Saturday 23:01 AST
    expect(sat.due(utc('2000-10-29T02:59Z'), 2 * MIN)).toBe(utc('2000-10-29T03:02Z'));
  });
  it('Sunday 29th gets that minute plus its own 24 h', () => {
    const sun = compileCalendar(sunday(tz, allDay));
    expect(sun.elapsed(utc('2000-10-27T00:00Z'), utc('2000-10-31T00:00Z'))).toBe(24 * H + MIN);
    expect(sun.nextOpen(utc('2000-10-28T12:00Z'))).toBe(utc('2000-10-29T03:00Z'));
    expect(sun.due(utc('2000-10-29T03:00Z'), 2 * MIN)).toBe(utc('2000-10-29T04:01Z'));
  });
});
