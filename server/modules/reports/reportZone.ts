import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { isValidTimeZone } from '../../domain/calendar/index.ts';
import { invalid, text } from '../../errors.ts';
import { activityRepository } from './activityRepository.ts';
import { resolvePeriod, type Period } from './reportPeriod.ts';

/** An IANA time zone name (`Asia/Shanghai`); an unknown one is a 400. */
export const timeZoneQuery = z
  .string()
  .max(64)
  .refine(isValidTimeZone, { message: 'Unknown time zone: use an IANA name such as Asia/Shanghai or Europe/London' })
  .describe("IANA time zone of the buckets and of date bounds; default: the desk's (its standard-hours calendar), else UTC");

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The zone a report counts in: the one asked for (its canonical spelling), else the desk's, else UTC. */
export async function reportZone(db: Db, asked: string | undefined): Promise<string> {
  const tz = asked ?? (await activityRepository.deskTimeZone(db));
  if (!tz || !isValidTimeZone(tz)) return 'UTC';
  return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
}

/**
 * The period [from, to) of a report that counts in a time zone: a date bound (`2026-12-01`) is
 * midnight of that day in `tz`, an instant is itself; then the shared checks (reportPeriod.ts:
 * default the last 30 days, `to` after `from`, at most 400 days).
 */
export function resolveZonedPeriod(q: { from?: string; to?: string }, tz: string, now: number, locale?: string | null): Period {
  const local = (s: string | undefined, field: string) => {
    if (!s || !DATE.test(s)) return s;
    try {
      return new Date(Temporal.PlainDate.from(s).toZonedDateTime({ timeZone: tz }).epochMilliseconds).toISOString();
    } catch {
      throw invalid(text('reports.errors.invalid_date', { field }), { field });
    }
  };
  return resolvePeriod({ from: local(q.from, 'from'), to: local(q.to, 'to') }, now, locale);
}

/** The period of any report: date bounds are read in `q.tz`, else the desk's time zone (one rule for every report). */
export async function reportPeriod(
  db: Db,
  q: { from?: string; to?: string; tz?: string },
  now: number,
  locale?: string | null,
): Promise<Period & { tz: string }> {
  const tz = await reportZone(db, q.tz);
  return { ...resolveZonedPeriod(q, tz, now, locale), tz };
}

const HOUR_NS = 3_600_000_000_000;

/**
 * Whether `tz` is a whole number of hours from UTC at every instant of [from, to): then each UTC
 * hour lies inside one local day and week, and the hourly roll-ups can be bucketed in that zone
 * (rollupRepository.ts). False for zones such as Asia/Kolkata (+05:30) or a period crossing a
 * half-hour transition (Australia/Lord_Howe).
 */
export function wholeHourOffsets(tz: string, from: Date, to: Date): boolean {
  let at = Temporal.Instant.fromEpochMilliseconds(from.getTime()).toZonedDateTimeISO(tz);
  for (let i = 0; i < 10_000; i++) {
    if (at.offsetNanoseconds % HOUR_NS !== 0) return false;
    const next = at.getTimeZoneTransition('next');
    if (!next || next.epochMilliseconds >= to.getTime()) return true;
    at = next;
  }
  return false;
}
