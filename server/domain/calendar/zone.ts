/**
 * Time-zone offsets without Temporal on the hot path.
 *
 * A `ZoneRules` learns the zone's UTC-offset transitions lazily, one block of
 * 64 days at a time, by sampling `Intl.DateTimeFormat` once a day and
 * bisecting each change down to the second (tzdb transitions fall on whole
 * seconds). This assumes a zone never changes offset and back within one day
 * (true of every tzdb zone since 1900). Blocks are memoised, and one `ZoneRules` is shared by every
 * calendar of that zone, so after warm-up no `Intl` call happens at all.
 */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Supported instants: years 0001..9999 (UTC). */
export const MIN_INSTANT = -62_135_596_800_000;
export const MAX_INSTANT = 253_402_300_799_999;

const BLOCK = 64 * DAY;
const STEP = DAY;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Weekday of a day number, Monday = 0 … Sunday = 6. */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

interface Block {
  /** Offset (ms) in force at the block start. */
  startOffset: number;
  /** Instants of transitions inside the block, ascending. */
  times: number[];
  /** Offset in force from the matching transition on. */
  offsets: number[];
}

export class ZoneRules {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly blocks = new Map<number, Block>();

  constructor(readonly id: string) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** UTC offset (ms, wall minus UTC) in force at `ms`, straight from Intl (~2 µs). */
  offsetAtSlow(ms: number): number {
    const t = Math.min(Math.max(ms, MIN_INSTANT), MAX_INSTANT);
    // en-US gives "M/D/YYYY, HH:MM:SS"; read the six digit groups in order.
    const text = this.fmt.format(t);
    const g = [0, 0, 0, 0, 0, 0];
    let n = -1;
    let inDigits = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c >= 0 && c <= 9) {
        if (!inDigits) {
          n++;
          inDigits = true;
          if (n > 5) break;
        }
        g[n] = g[n] * 10 + c;
      } else inDigits = false;
    }
    if (n !== 5) return this.offsetFromParts(t);
    const wall = daysFromCivil(g[2], g[0], g[1]) * DAY + g[3] * HOUR + g[4] * MINUTE + g[5] * 1000;
    return wall - Math.floor(t / 1000) * 1000;
  }

  private offsetFromParts(t: number): number {
    let y = 0,
      mo = 0,
      d = 0,
      h = 0,
      mi = 0,
      s = 0;
    for (const p of this.fmt.formatToParts(t)) {
      switch (p.type) {
        case 'year':
          y = Number(p.value);
          break;
        case 'month':
          mo = Number(p.value);
          break;
        case 'day':
          d = Number(p.value);
          break;
        case 'hour':
          h = Number(p.value);
          break;
        case 'minute':
          mi = Number(p.value);
          break;
        case 'second':
          s = Number(p.value);
          break;
      }
    }
    const wall = daysFromCivil(y, mo, d) * DAY + h * HOUR + mi * MINUTE + s * 1000;
    return wall - Math.floor(t / 1000) * 1000;
  }

  private block(k: number): Block {
    let b = this.blocks.get(k);
    if (b) return b;
    const start = k * BLOCK;
    const times: number[] = [];
    const offsets: number[] = [];
    const startOffset = this.offsetAtSlow(start);
    let prevT = start;
    let prevOff = startOffset;
    for (let t = start + STEP; t <= start + BLOCK; t += STEP) {
      const off = this.offsetAtSlow(t);
      // Walk every change inside (prevT, t]; normally at most one.
      let a = prevT;
      let aOff = prevOff;
      while (aOff !== off) {
        let lo = a / 1000;
        let hi = t / 1000; // offset(hi) differs from aOff
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.offsetAtSlow(mid * 1000) === aOff) lo = mid;
          else hi = mid;
        }
        const when = hi * 1000;
        const newOff = this.offsetAtSlow(when);
        if (when < start + BLOCK) {
          times.push(when);
          offsets.push(newOff);
        }
        a = when;
        aOff = newOff;
      }
      prevT = t;
      prevOff = off;
    }
    b = { startOffset, times, offsets };
    this.blocks.set(k, b);
    return b;
  }

  /** UTC offset (ms) in force at `ms`, from the memoised transition table. */
  offsetAt(ms: number): number {
    const b = this.block(Math.floor(ms / BLOCK));
    let off = b.startOffset;
    for (let i = 0; i < b.times.length && b.times[i] <= ms; i++) off = b.offsets[i];
    return off;
  }

  /**
   * Constant-offset segments covering [t0, t1), as a flat array
   * [start, end, offset, start, end, offset, …] in ascending order.
   */
  segments(t0: number, t1: number): number[] {
    const out: number[] = [];
    let segStart = t0;
    let off = this.offsetAt(t0);
    const k1 = Math.floor((t1 - 1) / BLOCK);
    for (let k = Math.floor(t0 / BLOCK); k <= k1; k++) {
      const b = this.block(k);
      const blockStart = k * BLOCK;
      if (blockStart > t0 && b.startOffset !== off) {
        // A transition exactly at the block start is recorded only as its startOffset.
        out.push(segStart, blockStart, off);
        segStart = blockStart;
        off = b.startOffset;
      }
      for (let i = 0; i < b.times.length; i++) {
        const when = b.times[i];
        if (when <= t0) continue;
        if (when >= t1) break;
        if (b.offsets[i] === off) continue;
        out.push(segStart, when, off);
        segStart = when;
        off = b.offsets[i];
      }
    }
    out.push(segStart, t1, off);
    return out;
  }
}

const zones = new Map<string, ZoneRules>();

/** Shared, memoised rules for an IANA zone (throws RangeError if unknown). */
export function zoneRules(id: string): ZoneRules {
  let z = zones.get(id);
  if (!z) {
    z = new ZoneRules(id);
    zones.set(id, z);
  }
  return z;
}

/** True when `Intl` knows the zone. */
export function isValidTimeZone(id: string): boolean {
  if (id.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: id });
    return true;
  } catch {
    return false;
  }
}
