/**
 * Compiled business calendar. Open intervals are expanded lazily into a
 * memoised table of absolute instants with a prefix sum of open time
 * (dayTable.ts); every query is one or two binary searches. The table grows
 * by doubling when a query falls outside it, so the cost of a call does not
 * depend on the duration once the table covers the answer.
 */
import type { Calendar, CalendarSpec } from './types.ts';
import { parseCalendar } from './parseCalendar.ts';
import { Schedule } from './schedule.ts';
import { buildTable, cumAt, firstEndingAfter, firstReaching, type DayTable } from './dayTable.ts';
import { DAY, MAX_INSTANT, MIN_INSTANT, zoneRules, type ZoneRules } from './zone.ts';

export class CalendarNeverOpensError extends Error {
  constructor(message = 'the calendar has no open hours: it never opens, so nothing can fall due') {
    super(message);
    this.name = 'CalendarNeverOpensError';
  }
}

/** The table may span at most this many local dates (~200 years). */
export const MAX_TABLE_DAYS = 73_050;
/** nextOpen() gives up (null) this many days past the later of the instant and the last special date. */
export const NEXT_OPEN_HORIZON_DAYS = 5 * 366;
const INITIAL_BEFORE = 3;
const MAX_TABLES = 4;
const INITIAL_AFTER = 64;

function checkInstant(ms: number, what: string): void {
  if (!(ms >= MIN_INSTANT && ms <= MAX_INSTANT)) {
    throw new RangeError(`${what} must be an epoch-millisecond instant within years 0001–9999, got ${ms}`);
  }
}

const EMPTY: DayTable = {
  lo: 0,
  hi: 0,
  validFrom: Infinity,
  validTo: -Infinity,
  n: 0,
  starts: new Float64Array(0),
  ends: new Float64Array(0),
  cumStart: new Float64Array(0),
  cumEnd: new Float64Array(0),
};

class CompiledCalendar implements Calendar {
  private readonly schedule: Schedule;
  private readonly zone: ZoneRules;
  /** Most recently used table, then up to MAX_TABLES − 1 others for far-apart queries. */
  private table: DayTable = EMPTY;
  private others: DayTable[] = [];

  constructor(readonly spec: CalendarSpec) {
    this.schedule = new Schedule(spec);
    this.zone = zoneRules(spec.timezone);
  }

  /** Returns a table that is exact on [from, to], building or growing one as needed. */
  private cover(from: number, to: number): DayTable {
    const t = this.table;
    if (from >= t.validFrom && to <= t.validTo) return t;
    return this.coverSlow(from, to);
  }

  private coverSlow(from: number, to: number): DayTable {
    const needLo = Math.floor(from / DAY) - 2;
    const needHi = Math.floor(to / DAY) + 3;
    if (needHi - needLo > MAX_TABLE_DAYS) {
      throw new RangeError(`calendar query spans more than ${MAX_TABLE_DAYS} days; durations that long are not supported`);
    }
    const all = [this.table, ...this.others].filter((x) => x !== EMPTY);
    let pick = all.find((x) => from >= x.validFrom && to <= x.validTo);
    if (!pick) {
      // Grow a table that is near enough (doubling its span), else start a new one.
      const near = all.find((x) => {
        const reach = Math.max(x.hi - x.lo, 366);
        return needHi >= x.lo - reach && needLo <= x.hi + reach;
      });
      let lo = needLo - INITIAL_BEFORE;
      let hi = needHi + INITIAL_AFTER;
      if (near) {
        const span = near.hi - near.lo;
        lo = needLo < near.lo ? Math.min(needLo, near.lo - span) : near.lo;
        hi = needHi > near.hi ? Math.max(needHi, near.hi + span) : near.hi;
        if (hi - lo > MAX_TABLE_DAYS) {
          lo = Math.max(lo, needLo - INITIAL_BEFORE);
          hi = Math.min(hi, lo + MAX_TABLE_DAYS);
          if (hi < needHi) {
            lo = needLo;
            hi = needHi;
          }
        }
      }
      lo = Math.max(lo, Math.floor(MIN_INSTANT / DAY) - 2);
      hi = Math.min(hi, Math.floor(MAX_INSTANT / DAY) + 3);
      pick = buildTable(this.schedule, this.zone, lo, hi);
      if (near) all.splice(all.indexOf(near), 1);
    }
    const chosen = pick;
    this.others = all.filter((x) => x !== chosen).slice(0, MAX_TABLES - 1);
    this.table = chosen;
    return chosen;
  }

  /** Grows the table forward from `from`; false when no open time can lie beyond it. */
  private growForward(from: number, horizonDay: number): boolean {
    const t = this.table;
    const s = this.schedule;
    if (!s.weeklyOpens && !(t.hi <= s.lastSpecialDay + 3)) return false;
    if (t.hi > horizonDay || t.validTo >= MAX_INSTANT) return false;
    const span = Math.max(t.hi - t.lo, 64);
    // Doubling may overshoot the longest span a query may cover from `from` (MAX_TABLE_DAYS) while the
    // answer still lies within it (a calendar open one minute a week and a long duration): grow up to
    // that limit first. Only a table that already reaches it cannot grow, and cover() then says so.
    const limitDay = Math.floor(from / DAY) - 2 + MAX_TABLE_DAYS - 3;
    const toDay = t.hi + span > limitDay ? Math.max(limitDay, t.hi + 1) : t.hi + span;
    this.cover(from, Math.min(toDay * DAY, MAX_INSTANT));
    return true;
  }

  private horizon(ms: number): number {
    const last = this.schedule.lastSpecialDay;
    const day = Math.floor(ms / DAY);
    return (Number.isNaN(last) ? day : Math.max(day, last)) + NEXT_OPEN_HORIZON_DAYS;
  }

  due(startMs: number, durationMs: number): number {
    checkInstant(startMs, 'start');
    if (!(durationMs >= 0 && durationMs < Infinity)) {
      throw new RangeError(`duration must be a finite number of milliseconds ≥ 0, got ${durationMs}`);
    }
    if (this.schedule.neverOpens) throw new CalendarNeverOpensError();
    let t = this.cover(startMs, startMs);
    for (;;) {
      const i = firstEndingAfter(t, startMs);
      if (i < t.n && t.starts[i] <= t.validTo) {
        const s = t.starts[i];
        const open = startMs >= s;
        if (durationMs === 0) return open ? startMs : s;
        const target = (open ? t.cumStart[i] + (startMs - s) : t.cumStart[i]) + durationMs;
        const j = firstReaching(t, i, target);
        if (j < t.n) {
          const r = t.ends[j] - (t.cumEnd[j] - target);
          if (r <= t.validTo) return r;
        }
      }
      if (!this.growForward(startMs, Infinity)) {
        if (this.schedule.weeklyOpens) throw new RangeError('the due date would fall after the year 9999');
        throw new CalendarNeverOpensError(
          `the calendar has no open time after ${new Date(t.validTo).toISOString()}: the duration can never be used up`,
        );
      }
      t = this.table;
    }
  }

  elapsed(fromMs: number, toMs: number): number {
    checkInstant(fromMs, 'from');
    checkInstant(toMs, 'to');
    if (!(toMs > fromMs) || this.schedule.neverOpens) return 0;
    const t = this.cover(fromMs, toMs);
    return cumAt(t, toMs) - cumAt(t, fromMs);
  }

  nextOpen(ms: number): number | null {
    checkInstant(ms, 'instant');
    if (this.schedule.neverOpens) return null;
    let t = this.cover(ms, ms);
    const horizonDay = this.horizon(ms);
    for (;;) {
      const i = firstEndingAfter(t, ms);
      if (i < t.n && t.starts[i] <= t.validTo) {
        const s = t.starts[i];
        return ms >= s ? ms : s;
      }
      if (!this.growForward(ms, horizonDay)) return null;
      t = this.table;
    }
  }

  nextClose(ms: number): number | null {
    checkInstant(ms, 'instant');
    if (this.schedule.neverOpens) return ms;
    let t = this.cover(ms, ms);
    const horizonDay = this.horizon(ms);
    for (;;) {
      const i = firstEndingAfter(t, ms);
      if (!(i < t.n && t.starts[i] <= ms)) return ms;
      // An end inside the exact part of the table is real: no later date's hours can start at or before it.
      if (t.ends[i] <= t.validTo) return t.ends[i];
      if (!this.growForward(ms, horizonDay)) return null;
      t = this.table;
    }
  }

  isOpen(ms: number): boolean {
    checkInstant(ms, 'instant');
    if (this.schedule.neverOpens) return false;
    const t = this.cover(ms, ms);
    const i = firstEndingAfter(t, ms);
    return i < t.n && t.starts[i] <= ms;
  }
}

/** Validates `spec` (throws CalendarValidationError) and compiles it. */
export function compileCalendar(spec: CalendarSpec): Calendar {
  return new CompiledCalendar(parseCalendar(spec));
}

/** A calendar that is always open in `timezone` (every day [00:00, 24:00)). */
export function alwaysOpenSpec(timezone: string): CalendarSpec {
  const all: Array<[string, string]> = [['00:00', '24:00']];
  return {
    timezone,
    weekly: { mon: all, tue: all, wed: all, thu: all, fri: all, sat: all, sun: all },
    holidays: [],
    extra_workdays: [],
  };
}
