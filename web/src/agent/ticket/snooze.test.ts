import { describe, expect, it } from 'vitest';
import { snoozePresets, toLocalInput } from './snooze.ts';

describe('snooze choices', () => {
  it('in an hour, tomorrow at nine, next Monday at nine (a Monday snoozes to the one after)', () => {
    const wed = new Date(2026, 11, 2, 15, 30); // Wednesday
    const [h, tm, mon] = snoozePresets(wed);
    expect(h.at.getTime() - wed.getTime()).toBe(3600_000);
    expect([tm.at.getDate(), tm.at.getHours()]).toEqual([3, 9]);
    expect([mon.at.getDay(), mon.at.getDate(), mon.at.getHours()]).toEqual([1, 7, 9]);
    const monday = new Date(2026, 11, 7, 8, 0);
    expect(snoozePresets(monday)[2].at.getDate()).toBe(14);
  });
  it('on a Sunday, tomorrow at nine is next Monday: offered once, not twice at the same time', () => {
    const sunday = new Date(2026, 11, 6, 20, 0);
    const presets = snoozePresets(sunday);
    expect(presets.map((p) => p.key)).toEqual(['hour', 'tomorrow']);
    expect([presets[1].at.getDay(), presets[1].at.getDate(), presets[1].at.getHours()]).toEqual([1, 7, 9]);
  });
  it('writes a datetime-local value', () => {
    expect(toLocalInput(new Date(2026, 0, 5, 7, 3))).toBe('2026-01-05T07:03');
  });
});
