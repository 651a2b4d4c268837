/**
 * Brute-force business-calendar oracle for property tests. Deliberately
 * naive and independent of server/domain/calendar: it walks UTC minute by
 * minute, asks Temporal for the zone's offset, reads the local wall date and
 * time, and decides open/closed straight from the JSON spec.
 *
 * Assumption (checked): within the covered range the zone's offset only
 * changes on whole minutes. Only minute-aligned instants and whole-minute
 * durations are supported.
 */
import { Temporal } from 'temporal-polyfill';
import type { CalendarSpec } from '../../server/domain/calendar/types.ts';

const MIN = 60_000;
const HOUR_MIN = 60;
/** Covered range (UTC): 2025-11-01 … 2027-09-01. */
export const ORACLE_FROM = Date.UTC(2025, 10, 1);
export const ORACLE_TO = Date.UTC(2027, 8, 1);
const MINUTES = (ORACLE_TO - ORACLE_FROM) / MIN;
const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function offsetMinutes(tz: string, ms: number): number {
  const ns = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz).offsetNanoseconds;
  return ns / 60e9;
}

/** UTC offset in minutes for every minute of the range, per zone. */
const offsetCache = new Map<string, Int16Array>();
function offsetsFor(tz: string): Int16Array {
  let offs = offsetCache.get(tz);
  if (offs) return offs;
  offs = new Int16Array(MINUTES);
  for (let h = 0; h * HOUR_MIN < MINUTES; h++) {
    const t0 = ORACLE_FROM + h * HOUR_MIN * MIN;
    const a = offsetMinutes(tz, t0);
    const b = offsetMinutes(tz, t0 + (HOUR_MIN - 1) * MIN);
    for (let k = 0; k < HOUR_MIN; k++) {
      // Same offset at both ends of the hour: assume constant; else ask per minute.
      offs[h * HOUR_MIN + k] = a === b ? a : offsetMinutes(tz, t0 + k * MIN);
    }
  }
  offsetCache.set(tz, offs);
  return offs;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export class CalendarOracle {
  /** 1 when the minute [t, t + 1 min) is open. */
  readonly open: Uint8Array;
  private readonly dayCache = new Map<number, Uint8Array>();

  constructor(private readonly spec: CalendarSpec) {
    const offs = offsetsFor(spec.timezone);
    this.open = new Uint8Array(MINUTES);
    const base = ORACLE_FROM / MIN;
    for (let m = 0; m < MINUTES; m++) {
      const wall = base + m + offs[m]; // local wall time, in minutes since 1970-01-01T00:00 "local"
      const wallDay = Math.floor(wall / 1440);
      this.open[m] = this.dayFlags(wallDay)[wall - wallDay * 1440];
    }
  }

  private hoursOf(date: string, weekday: number): Array<[string, string]> {
    const extra = this.spec.extra_workdays.find((x) => x.date === date);
    if (extra) return extra.hours;
    return this.spec.weekly[WEEKDAY_KEYS[weekday]] ?? [];
  }

  /** Open flags of the 1440 minutes of one local date. */
  private dayFlags(wallDay: number): Uint8Array {
    let flags = this.dayCache.get(wallDay);
    if (flags) return flags;
    flags = new Uint8Array(1440);
    const d = new Date(wallDay * 86_400_000);
    const date = d.toISOString().slice(0, 10);
    const p = new Date((wallDay - 1) * 86_400_000);
    const prevDate = p.toISOString().slice(0, 10);
    for (const [a, b] of this.hoursOf(date, d.getUTCDay())) {
      const s = toMinutes(a),
        e = toMinutes(b);
      for (let x = s; x < (e > s ? e : 1440); x++) flags[x] = 1;
    }
    for (const [a, b] of this.hoursOf(prevDate, p.getUTCDay())) {
      const s = toMinutes(a),
        e = toMinutes(b);
      if (e < s) for (let x = 0; x < e; x++) flags[x] = 1;
    }
    for (const h of this.spec.holidays) {
      if (h.date !== date) continue;
      const from = h.from === undefined ? 0 : toMinutes(h.from);
      const to = h.to === undefined ? 1440 : toMinutes(h.to);
      for (let x = from; x < to; x++) flags[x] = 0;
    }
    this.dayCache.set(wallDay, flags);
    return flags;
  }

  private index(ms: number): number {
    const m = Math.floor((ms - ORACLE_FROM) / MIN);
    if (m < 0 || m >= MINUTES) throw new RangeError(`oracle: ${new Date(ms).toISOString()} outside its range`);
    return m;
  }

  isOpen(ms: number): boolean {
    return this.open[this.index(ms)] === 1;
  }

  /** null when there is no opening before the end of the range. */
  nextOpen(ms: number): number | null {
    for (let m = this.index(ms); m < MINUTES; m++) if (this.open[m]) return ORACLE_FROM + m * MIN;
    return null;
  }

  /** `ms` when closed, else the end of its open stretch; null when the stretch outlasts the range. */
  nextClose(ms: number): number | null {
    for (let m = this.index(ms); m < MINUTES; m++) if (!this.open[m]) return m === this.index(ms) ? ms : ORACLE_FROM + m * MIN;
    return null;
  }

  /** Open minutes from `ms` to the end of the range. */
  openMinutesFrom(ms: number): number {
    let n = 0;
    for (let m = this.index(ms); m < MINUTES; m++) n += this.open[m];
    return n;
  }

  /** null when the duration does not run out before the end of the range. */
  due(ms: number, durationMs: number): number | null {
    const want = durationMs / MIN;
    if (want === 0) return this.nextOpen(ms);
    let used = 0;
    for (let m = this.index(ms); m < MINUTES; m++) {
      used += this.open[m];
      if (used === want) return ORACLE_FROM + (m + 1) * MIN;
    }
    return null;
  }

  elapsed(from: number, to: number): number {
    if (to <= from) return 0;
    let n = 0;
    for (let m = this.index(from), end = this.index(to - 1); m <= end; m++) n += this.open[m];
    return n * MIN;
  }
}
