import { describe, expect, it } from 'vitest';
import { calendar24x7, HOUR, MINUTE, weeklyUtcCalendar } from './testCalendars.ts';

const FRI_1630 = Date.UTC(2025, 0, 3, 16, 30); // Friday
const MON_0930 = Date.UTC(2025, 0, 6, 9, 30);

describe('test calendars', () => {
  it('24x7 is wall time', () => {
    const c = calendar24x7();
    expect(c.due(1000, 5 * MINUTE)).toBe(1000 + 5 * MINUTE);
    expect(c.elapsed(1000, 500)).toBe(0);
    expect(c.isOpen(0)).toBe(true);
    expect(c.nextOpen(42)).toBe(42);
  });

  it('Mon–Fri 09:00–17:00 UTC', () => {
    const c = weeklyUtcCalendar();
    expect(c.due(FRI_1630, 60 * MINUTE)).toBe(MON_0930);
    expect(c.due(FRI_1630, 30 * MINUTE)).toBe(Date.UTC(2025, 0, 3, 17, 0));
    expect(c.elapsed(FRI_1630, MON_0930)).toBe(60 * MINUTE);
    expect(c.elapsed(Date.UTC(2025, 0, 4), Date.UTC(2025, 0, 5, 23))).toBe(0);
    expect(c.elapsed(Date.UTC(2025, 0, 6), Date.UTC(2025, 0, 13))).toBe(5 * 8 * HOUR);
    expect(c.isOpen(FRI_1630)).toBe(true);
    expect(c.isOpen(Date.UTC(2025, 0, 3, 17, 0))).toBe(false);
    expect(c.nextOpen(Date.UTC(2025, 0, 4, 12))).toBe(Date.UTC(2025, 0, 6, 9));
    expect(c.due(Date.UTC(2025, 0, 4, 12), 1)).toBe(Date.UTC(2025, 0, 6, 9) + 1);
  });
});
