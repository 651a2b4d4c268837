import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { daysFromCivil, weekdayOf, ZoneRules } from './zone.ts';

describe('zone rules', () => {
  // Zones with transitions on block boundaries, at midnight, of 30 min, or crossing midnight.
  const zones = [
    'Asia/Jerusalem',
    'Europe/Chisinau',
    'Africa/Cairo',
    'America/Havana',
    'Australia/Lord_Howe',
    'America/Goose_Bay',
    'America/Santiago',
    'Europe/Lisbon',
    'America/New_York',
    'Asia/Shanghai',
    'UTC',
  ];
  it.each(zones)('%s: transitions 1900–2040 match Temporal exactly', (tz) => {
    const from = Date.UTC(1900, 0, 1),
      to = Date.UTC(2040, 0, 1);
    const seg = new ZoneRules(tz).segments(from, to);
    const mine: Array<[number, number]> = [];
    for (let k = 3; k < seg.length; k += 3) mine.push([seg[k], seg[k + 2]]);
    const ref: Array<[number, number]> = [];
    let z: Temporal.ZonedDateTime | null = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(tz);
    expect(seg[2]).toBe(z.offsetNanoseconds / 1e6);
    let prev = z.offsetNanoseconds;
    while ((z = z.getTimeZoneTransition('next')) && z.epochMilliseconds < to) {
      if (z.offsetNanoseconds !== prev) ref.push([z.epochMilliseconds, z.offsetNanoseconds / 1e6]);
      prev = z.offsetNanoseconds;
    }
    expect(mine).toEqual(ref);
  });
  it('civil dates and weekdays', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2026, 10, 10)).toBe(Date.UTC(2026, 9, 10) / 86_400_000);
    expect(daysFromCivil(1, 1, 1)).toBe(Date.parse('0001-01-01T00:00:00Z') / 86_400_000);
    expect(weekdayOf(daysFromCivil(2026, 10, 10))).toBe(5); // Saturday (Monday = 0)
    expect(weekdayOf(daysFromCivil(1969, 12, 29))).toBe(0); // Monday
  });
});
