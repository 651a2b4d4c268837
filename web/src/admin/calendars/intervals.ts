import type { CalendarRecord, CalendarSpec, Interval, Weekday } from '../../api/types.ts';
import { WEEKDAYS } from '../../api/types.ts';

export const SLOT_MIN = 30;
export const SLOTS = (24 * 60) / SLOT_MIN;

export const toMin = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};
export const toHHMM = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

/** Half-hour slots fully inside the day's intervals. */
export function slotsOf(intervals: Interval[]): boolean[] {
  const out = new Array<boolean>(SLOTS).fill(false);
  for (const [a, b] of intervals) {
    const s = toMin(a),
      e = toMin(b);
    for (let i = 0; i < SLOTS; i++) if (i * SLOT_MIN >= s && (i + 1) * SLOT_MIN <= e) out[i] = true;
  }
  return out;
}

export function intervalsOf(slots: boolean[]): Interval[] {
  const out: Interval[] = [];
  let start = -1;
  for (let i = 0; i <= SLOTS; i++) {
    if (i < SLOTS && slots[i]) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push([toHHMM(start * SLOT_MIN), toHHMM(i * SLOT_MIN)]);
      start = -1;
    }
  }
  return out;
}

export const formatIntervals = (xs: Interval[]) => xs.map(([a, b]) => `${a}–${b}`).join(', ');

/** "08:00-12:00, 13:00–17:30" → intervals; null when it does not read. */
export function parseIntervals(s: string): Interval[] | null {
  const parts = s
    .split(/[,，;；]/)
    .map((x) => x.trim())
    .filter(Boolean);
  const out: Interval[] = [];
  for (const p of parts) {
    const m = /^(\d{1,2}):(\d{2})\s*[-–~—]\s*(\d{1,2}):(\d{2})$/.exec(p);
    if (!m) return null;
    const a = `${m[1].padStart(2, '0')}:${m[2]}`,
      b = `${m[3].padStart(2, '0')}:${m[4]}`;
    if (toMin(a) >= toMin(b) || toMin(b) > 1440 || Number(m[2]) > 59 || Number(m[4]) > 59) return null;
    out.push([a, b]);
  }
  return out.sort((x, y) => toMin(x[0]) - toMin(y[0]));
}

export const emptyWeek = (): Record<Weekday, Interval[]> =>
  Object.fromEntries(WEEKDAYS.map((d) => [d, []])) as unknown as Record<Weekday, Interval[]>;

export const defaultSpec = (timezone: string): CalendarSpec => ({
  timezone,
  weekly: {
    ...emptyWeek(),
    mon: [['09:00', '18:00']],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [['09:00', '18:00']],
  },
  holidays: [],
  extra_workdays: [],
});

/** The calendar JSON, whether the API nests it under `spec` or not. */
export function specOf(c: CalendarRecord): CalendarSpec {
  const s = c.spec ?? c;
  return {
    timezone: s.timezone ?? 'UTC',
    weekly: { ...emptyWeek(), ...(s.weekly ?? {}) },
    holidays: s.holidays ?? [],
    extra_workdays: s.extra_workdays ?? [],
  };
}

/** The instant at which a wall-clock time in a zone occurs (the earlier one in a DST overlap). */
export function zonedToInstant(wall: string, timeZone: string): Date {
  const [d, t] = wall.split('T');
  const [y, mo, da] = d.split('-').map(Number);
  const [h, mi] = (t ?? '00:00').split(':').map(Number);
  const guess = Date.UTC(y, mo - 1, da, h, mi);
  const offset = (ms: number) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .formatToParts(new Date(ms))
        .map((x) => [x.type, x.value]),
    );
    return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - ms;
  };
  let ms = guess - offset(guess);
  ms = guess - offset(ms);
  return new Date(ms);
}

/** Now, in a zone, as a datetime-local value rounded to the hour. */
export function nowInZone(timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit' })
      .formatToParts(new Date())
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:00`;
}
