import { describe, expect, it } from 'vitest';
import { compileCalendar, type CalendarSpec } from '../calendar/index.ts';
import { holdMailUntil } from './quietHours.ts';

const none: [string, string][] = [];
const spec: CalendarSpec = {
  timezone: 'Asia/Shanghai',
  weekly: {
    mon: [['09:00', '18:00']],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [['09:00', '18:00']],
    sat: none,
    sun: none,
  } as CalendarSpec['weekly'],
  holidays: [{ date: '2026-10-01', name: '国庆节' }],
  extra_workdays: [],
};
const cal = compileCalendar(spec);
const at = (iso: string) => Date.parse(iso);

describe('holdMailUntil', () => {
  it.each([
    ['off: sends now, even at night', false, '2026-12-02T16:00:00Z', null],
    ['open (Wed 10:00 Shanghai): sends now', true, '2026-12-02T02:00:00Z', null],
    ['Wed 23:00 Shanghai: held until Thu 09:00', true, '2026-12-02T15:00:00Z', '2026-12-03T01:00:00.000Z'],
    ['Fri 19:00 Shanghai: held over the weekend to Mon 09:00', true, '2026-12-04T11:00:00Z', '2026-12-07T01:00:00.000Z'],
    ['a holiday (Thu 1 Oct): held to Fri 09:00', true, '2026-10-01T03:00:00Z', '2026-10-02T01:00:00.000Z'],
    ['the closing minute is closed: held', true, '2026-12-02T10:00:00Z', '2026-12-03T01:00:00.000Z'],
  ])('%s', (_name, quietHours, now, expected) => {
    const r = holdMailUntil({ quietHours, calendar: cal, nowMs: at(now) });
    expect(r == null ? null : new Date(r).toISOString()).toBe(expected);
  });

  it('no calendar on the desk: sends now', () => {
    expect(holdMailUntil({ quietHours: true, calendar: null, nowMs: at('2026-12-02T15:00:00Z') })).toBeNull();
  });

  it('a calendar that never opens again: sends now rather than never', () => {
    const never = { isOpen: () => false, nextOpen: () => null } as never;
    expect(holdMailUntil({ quietHours: true, calendar: never, nowMs: 0 })).toBeNull();
  });
});
