import type { Hours, Interval } from '../../api/types.ts';
import { todayIn } from '../../components/timeZones.ts';

/** A day that does not follow the weekly hours: a holiday (all day, or `from`–`to`), or a make-up workday with its hours. */
export type SpecialDay =
  | { kind: 'holiday'; date: string; from?: string; to?: string; name?: string }
  | { kind: 'workday'; date: string; hours: Interval[]; name?: string };

/**
 * The calendar's holidays and make-up workdays from today on (today in the calendar's own zone), soonest
 * first, at most `limit`: what a reader needs next to "Mon–Sat 08:00–17:30" to understand why the desk
 * is closed on a Tuesday, or open on a Sunday.
 */
export function upcomingDays(hours: Hours, now: Date, limit = 4): SpecialDay[] {
  const today = todayIn(hours.timezone, now);
  const days: SpecialDay[] = [
    ...(hours.holidays ?? []).map((h) => ({ kind: 'holiday' as const, ...h })),
    ...(hours.extra_workdays ?? []).map((w) => ({ kind: 'workday' as const, ...w })),
  ];
  return days
    .filter((d) => d.date >= today)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .slice(0, limit);
}
