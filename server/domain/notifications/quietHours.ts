import type { Calendar } from '../calendar/index.ts';

/**
 * Quiet hours: when a notification mail may go out. Pure: `now` is a parameter.
 * Returns null to send now (quiet hours off, no calendar, the calendar is open now, or it never
 * opens again: a mail is held, never dropped), else the instant the calendar next opens.
 */
export function holdMailUntil(o: { quietHours: boolean; calendar: Calendar | null; nowMs: number }): number | null {
  if (!o.quietHours || !o.calendar || o.calendar.isOpen(o.nowMs)) return null;
  const next = o.calendar.nextOpen(o.nowMs);
  return next == null || next <= o.nowMs ? null : next;
}
