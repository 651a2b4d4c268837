import { describe, expect, it } from 'vitest';
import { formatIntervals, intervalsOf, parseIntervals, slotsOf, zonedToInstant } from './intervals.ts';

describe('calendar editor helpers', () => {
  it('reads hours as people type them', () => {
    expect(parseIntervals('08:00-12:00, 13:00–17:30')).toEqual([
      ['08:00', '12:00'],
      ['13:00', '17:30'],
    ]);
    expect(parseIntervals('9:00~18:00')).toEqual([['09:00', '18:00']]);
    expect(parseIntervals('13:00-18:00，08:00-12:00')).toEqual([
      ['08:00', '12:00'],
      ['13:00', '18:00'],
    ]);
    expect(parseIntervals('')).toEqual([]);
    expect(parseIntervals('00:00-24:00')).toEqual([['00:00', '24:00']]);
    for (const bad of ['18:00-09:00', '9-17', '08:00-25:00', '08:61-09:00', 'closed']) expect(parseIntervals(bad), bad).toBeNull();
    expect(
      formatIntervals([
        ['08:00', '12:00'],
        ['13:00', '17:30'],
      ]),
    ).toBe('08:00–12:00, 13:00–17:30');
  });

  it('turns half-hour cells into intervals and back', () => {
    const xs: Array<[string, string]> = [
      ['08:00', '12:00'],
      ['13:00', '17:30'],
    ];
    const slots = slotsOf(xs);
    expect(slots.filter(Boolean)).toHaveLength(8 + 9);
    expect(intervalsOf(slots)).toEqual(xs);
    expect(intervalsOf(slotsOf([['00:00', '24:00']]))).toEqual([['00:00', '24:00']]);
    const painted = slotsOf(xs);
    painted[24] = true;
    painted[25] = true; // 12:00–13:00 joins the two
    expect(intervalsOf(painted)).toEqual([['08:00', '17:30']]);
  });

  it('finds the instant of a wall time in a zone, across DST', () => {
    expect(zonedToInstant('2026-03-06T16:00', 'Asia/Shanghai').toISOString()).toBe('2026-03-06T08:00:00.000Z');
    expect(zonedToInstant('2026-07-01T09:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(zonedToInstant('2026-01-01T09:00', 'Europe/Berlin').toISOString()).toBe('2026-01-01T08:00:00.000Z');
    expect(zonedToInstant('2026-03-08T12:00', 'America/New_York').toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(() => zonedToInstant('2026-03-08T12:00', 'Mars/Olympus')).toThrow();
  });
});
