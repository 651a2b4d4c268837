/**
 * Open time of a run of local dates as absolute instants, with a prefix sum,
 * so that every query is a binary search.
 *
 * Wall-clock rule: an instant is open iff the wall clock of the zone at that
 * instant shows a date and time inside that date's open ranges. The instants
 * showing wall time [A, B) are, on each constant-offset segment with offset
 * `off`, the segment ∩ [A − off, B − off). So a spring-forward gap is never
 * open and a repeated fall-back hour is open twice when its wall time is.
 */
import type { Schedule } from './schedule.ts';
import { DAY, type ZoneRules } from './zone.ts';

/** Wider than any UTC offset (tzdb's extremes are under 16 h). */
export const MARGIN = DAY;

export interface DayTable {
  /** Local dates [lo, hi) were expanded. */
  readonly lo: number;
  readonly hi: number;
  /** Instants in [validFrom, validTo] are exact (every date that can show them was expanded). */
  readonly validFrom: number;
  readonly validTo: number;
  readonly n: number;
  /** Disjoint, non-touching open intervals [starts[i], ends[i]), ascending. */
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** Open time before interval i / up to the end of interval i, from the table origin. */
  readonly cumStart: Float64Array;
  readonly cumEnd: Float64Array;
}

export function buildTable(schedule: Schedule, zone: ZoneRules, lo: number, hi: number): DayTable {
  const raw: number[] = [];
  let sorted = true;
  for (let dn = lo; dn < hi; dn++) {
    const ranges = schedule.rangesOf(dn);
    if (ranges.length === 0) continue;
    const wall0 = dn * DAY;
    const seg = zone.segments(wall0 - MARGIN, wall0 + DAY + MARGIN);
    for (let k = 0; k < seg.length; k += 3) {
      const s0 = seg[k],
        s1 = seg[k + 1],
        off = seg[k + 2];
      for (let r = 0; r < ranges.length; r += 2) {
        const a = Math.max(s0, wall0 + ranges[r] - off);
        const b = Math.min(s1, wall0 + ranges[r + 1] - off);
        if (a >= b) continue;
        if (raw.length > 0 && a < raw[raw.length - 2]) sorted = false;
        raw.push(a, b);
      }
    }
  }
  let pairs = raw;
  if (!sorted) {
    // Only zones whose fall-back crosses midnight interleave two dates.
    const idx = Array.from({ length: raw.length / 2 }, (_, i) => i);
    idx.sort((x, y) => raw[2 * x] - raw[2 * y]);
    pairs = idx.flatMap((i) => [raw[2 * i], raw[2 * i + 1]]);
  }
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const a = pairs[i],
      b = pairs[i + 1];
    const m = ends.length;
    if (m > 0 && a <= ends[m - 1]) ends[m - 1] = Math.max(ends[m - 1], b);
    else {
      starts.push(a);
      ends.push(b);
    }
  }
  const n = starts.length;
  const t: DayTable = {
    lo,
    hi,
    validFrom: lo * DAY + MARGIN,
    validTo: hi * DAY - MARGIN,
    n,
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    cumStart: new Float64Array(n),
    cumEnd: new Float64Array(n),
  };
  let acc = 0;
  for (let i = 0; i < n; i++) {
    t.cumStart[i] = acc;
    acc += ends[i] - starts[i];
    t.cumEnd[i] = acc;
  }
  return t;
}

/** First index whose interval ends after `ms` (n if none). */
export function firstEndingAfter(t: DayTable, ms: number): number {
  const ends = t.ends;
  let lo = 0,
    hi = t.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid] > ms) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index ≥ from whose cumEnd reaches `target` (n if none); gallops, then bisects. */
export function firstReaching(t: DayTable, from: number, target: number): number {
  const cum = t.cumEnd,
    n = t.n;
  if (from >= n || cum[from] >= target) return from;
  let lo = from,
    step = 1,
    hi = from + 1;
  while (hi < n && cum[hi] < target) {
    lo = hi;
    step *= 2;
    hi = from + step;
  }
  if (hi > n) hi = n;
  // cum[lo] < target; answer in (lo, hi]
  lo += 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Open time from the table origin up to `ms`. */
export function cumAt(t: DayTable, ms: number): number {
  const i = firstEndingAfter(t, ms);
  if (i === t.n) return t.n === 0 ? 0 : t.cumEnd[t.n - 1];
  const s = t.starts[i];
  return ms > s ? t.cumStart[i] + (ms - s) : t.cumStart[i];
}
