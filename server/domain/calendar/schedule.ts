/**
 * Wall-clock schedule of a calendar: for each local date, which local
 * times-of-day are open. Knows nothing about time zones.
 *
 * Rules (see docs/calendar.md):
 *  - a date's schedule is its extra-workday `hours` if listed, else its weekday's intervals;
 *  - an interval with end < start runs past midnight: [start, 24:00) on its own date
 *    plus [00:00, end) on the next date;
 *  - holidays then close wall-clock time of their date: whole-date holidays the
 *    entire date (so an overnight interval from the day before is cut at midnight),
 *    partial ones [from, to) of that date.
 */
import type { CalendarSpec, Interval } from './types.ts';
import { dayNumberOf, minutesOf, WEEKDAYS } from './parseCalendar.ts';
import { DAY, MINUTE, weekdayOf } from './zone.ts';

/** Sorted, disjoint, non-adjacent ranges [a0, b0, a1, b1, …] in ms after local midnight. */
export type DayRanges = readonly number[];

type Pairs = Array<[number, number]>;

function toPairs(list: Interval[]): Pairs {
  return list.map(([a, b]) => [minutesOf(a) * MINUTE, minutesOf(b) * MINUTE]);
}

function normalise(raw: number[]): number[] {
  const pairs: Pairs = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i + 1] > raw[i]) pairs.push([raw[i], raw[i + 1]]);
  pairs.sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  for (const [a, b] of pairs) {
    const n = out.length;
    if (n > 0 && a <= out[n - 1]) out[n - 1] = Math.max(out[n - 1], b);
    else out.push(a, b);
  }
  return out;
}

/** Ranges of one date from its own intervals and the previous date's overnight spill. */
function combine(own: Pairs, prev: Pairs): number[] {
  const raw: number[] = [];
  for (const [s, e] of own) raw.push(s, e > s ? e : DAY);
  for (const [s, e] of prev) if (e < s && e > 0) raw.push(0, e);
  return normalise(raw);
}

function subtract(ranges: number[], closures: Pairs): number[] {
  let cur = ranges;
  for (const [c0, c1] of closures) {
    const next: number[] = [];
    for (let i = 0; i < cur.length; i += 2) {
      const a = cur[i],
        b = cur[i + 1];
      if (c1 <= a || c0 >= b) {
        next.push(a, b);
        continue;
      }
      if (a < c0) next.push(a, c0);
      if (c1 < b) next.push(c1, b);
    }
    cur = next;
  }
  return cur;
}

export class Schedule {
  private readonly weekly: Pairs[];
  private readonly extra = new Map<number, Pairs>();
  private readonly holidays = new Map<number, Pairs | 'whole'>();
  /** Ranges of an ordinary date, by weekday (Monday = 0). */
  private readonly base: number[][];
  /** Earliest and latest date touched by a holiday or an extra workday (NaN if none). */
  readonly firstSpecialDay: number;
  readonly lastSpecialDay: number;
  /** Some weekday has hours, so open time recurs forever. */
  readonly weeklyOpens: boolean;
  /** No hours anywhere: the calendar can never open. */
  readonly neverOpens: boolean;

  constructor(spec: CalendarSpec) {
    this.weekly = WEEKDAYS.map((wd) => toPairs(spec.weekly[wd]));
    const special: number[] = [];
    for (const x of spec.extra_workdays) {
      const dn = dayNumberOf(x.date);
      this.extra.set(dn, toPairs(x.hours));
      special.push(dn);
    }
    for (const h of spec.holidays) {
      const dn = dayNumberOf(h.date);
      special.push(dn);
      const prev = this.holidays.get(dn);
      if (prev === 'whole') continue;
      if (h.from === undefined || h.to === undefined) {
        this.holidays.set(dn, 'whole');
        continue;
      }
      const closure: [number, number] = [minutesOf(h.from) * MINUTE, minutesOf(h.to) * MINUTE];
      this.holidays.set(dn, prev ? [...prev, closure] : [closure]);
    }
    this.firstSpecialDay = special.length ? Math.min(...special) : NaN;
    this.lastSpecialDay = special.length ? Math.max(...special) : NaN;
    this.base = this.weekly.map((own, wd) => combine(own, this.weekly[(wd + 6) % 7]));
    this.weeklyOpens = this.weekly.some((p) => p.length > 0);
    this.neverOpens = !this.weeklyOpens && [...this.extra.values()].every((p) => p.length === 0);
  }

  private intervalsOf(dn: number): Pairs {
    return this.extra.get(dn) ?? this.weekly[weekdayOf(dn)];
  }

  /** Open wall-clock ranges of local date `dn` (days since 1970-01-01). */
  rangesOf(dn: number): DayRanges {
    const hol = this.holidays.get(dn);
    if (hol === 'whole') return [];
    const ordinary = hol === undefined && !this.extra.has(dn) && !this.extra.has(dn - 1);
    const ranges = ordinary ? this.base[weekdayOf(dn)] : combine(this.intervalsOf(dn), this.intervalsOf(dn - 1));
    return hol === undefined ? ranges : subtract(ranges, hol);
  }
}
