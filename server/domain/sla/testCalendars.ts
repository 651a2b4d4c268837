/**
 * Tiny Calendar implementations for the SLA tests only (UTC, no holidays).
 * The real business calendar lives in server/domain/calendar/.
 */
import type { Calendar, CalendarSpec, HHMM, Interval, Weekday } from '../calendar/types.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** getUTCDay() order. */
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function parseHHMM(s: HHMM): number {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (m === null) throw new RangeError(`bad HH:MM '${s}'`);
  const ms = (Number(m[1]) * 60 + Number(m[2])) * MINUTE;
  if (ms > DAY) throw new RangeError(`bad HH:MM '${s}'`);
  return ms;
}

function weeklySpec(days: readonly Weekday[], interval: Interval): CalendarSpec {
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, days.includes(d) ? [interval] : []])) as Record<Weekday, Interval[]>;
  return { timezone: 'UTC', weekly, holidays: [], extra_workdays: [] };
}

/** Always open. */
export function calendar24x7(): Calendar {
  return {
    spec: weeklySpec(WEEKDAYS, ['00:00', '24:00']),
    due: (startMs, durationMs) => startMs + Math.max(0, durationMs),
    elapsed: (fromMs, toMs) => Math.max(0, toMs - fromMs),
    nextOpen: (ms) => ms,
    nextClose: () => null,
    isOpen: () => true,
  };
}

export interface WeeklyUtcOptions {
  days?: readonly Weekday[];
  open?: HHMM;
  close?: HHMM;
}

/** One interval per open day, UTC; defaults to Mon–Fri 09:00–17:00. */
export function weeklyUtcCalendar({
  days = ['mon', 'tue', 'wed', 'thu', 'fri'],
  open = '09:00',
  close = '17:00',
}: WeeklyUtcOptions = {}): Calendar {
  const o = parseHHMM(open);
  const c = parseHHMM(close);
  if (!(o < c) || days.length === 0) throw new RangeError('weeklyUtcCalendar: empty opening hours');
  const floorDay = (ms: number): number => Math.floor(ms / DAY) * DAY;
  const hours = (dayStart: number): [number, number] | null =>
    days.includes(WEEKDAYS[new Date(dayStart).getUTCDay()]!) ? [dayStart + o, dayStart + c] : null;

  return {
    spec: weeklySpec(days, [open, close]),
    elapsed(fromMs, toMs) {
      let total = 0;
      for (let d = floorDay(fromMs); d < toMs; d += DAY) {
        const h = hours(d);
        if (h !== null) total += Math.max(0, Math.min(h[1], toMs) - Math.max(h[0], fromMs));
      }
      return total;
    },
    due(startMs, durationMs) {
      if (durationMs <= 0) return startMs;
      let left = durationMs;
      for (let d = floorDay(startMs); ; d += DAY) {
        const h = hours(d);
        if (h === null) continue;
        const s = Math.max(h[0], startMs);
        if (s >= h[1]) continue;
        if (left <= h[1] - s) return s + left;
        left -= h[1] - s;
      }
    },
    nextOpen(ms) {
      for (let d = floorDay(ms); d <= ms + 8 * DAY; d += DAY) {
        const h = hours(d);
        if (h !== null && ms < h[1]) return Math.max(ms, h[0]);
      }
      return null;
    },
    nextClose(ms) {
      const h = hours(floorDay(ms));
      return h !== null && h[0] <= ms && ms < h[1] ? h[1] : ms;
    },
    isOpen(ms) {
      const h = hours(floorDay(ms));
      return h !== null && h[0] <= ms && ms < h[1];
    },
  };
}
