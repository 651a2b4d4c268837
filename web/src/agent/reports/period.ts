/**
 * The period a report covers, as the URL query says it (`?period=30d`, or `?from=2026-01-01&to=2026-01-31`),
 * so a link to the reports opens on the same figures. Pure: `today` and the zone are parameters.
 */
export { todayIn } from '../../components/timeZones.ts';

export const PRESETS = ['7d', '30d', '90d', 'year'] as const;
export type Preset = (typeof PRESETS)[number];
export type PeriodChoice = Preset | 'custom';

export interface Period {
  choice: PeriodChoice;
  /** First day (YYYY-MM-DD), included. */
  fromDate: string;
  /** Last day (YYYY-MM-DD), included. */
  toDate: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The longest period a report covers (the server's MAX_PERIOD_DAYS). */
export const MAX_DAYS = 400;

export function isDate(s: string | null | undefined): s is string {
  if (!s || !DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The period the query names; anything unreadable falls back to the last 30 days. A custom range is put in order. */
export function periodFromQuery(q: URLSearchParams, today: string): Period {
  const from = q.get('from');
  const to = q.get('to');
  if (isDate(from) && isDate(to)) {
    const [a, b] = from <= to ? [from, to] : [to, from];
    return { choice: 'custom', fromDate: a, toDate: b };
  }
  const p = q.get('period');
  const choice: Preset = (PRESETS as readonly string[]).includes(p ?? '') ? (p as Preset) : '30d';
  return presetPeriod(choice, today);
}

export function presetPeriod(choice: Preset, today: string): Period {
  if (choice === 'year') return { choice, fromDate: `${today.slice(0, 4)}-01-01`, toDate: today };
  const days = choice === '7d' ? 7 : choice === '30d' ? 30 : 90;
  return { choice, fromDate: addDays(today, -(days - 1)), toDate: today };
}

/** The query that names the period (what the page writes into the URL). */
export function periodToQuery(p: Period): Record<string, string> {
  return p.choice === 'custom' ? { from: p.fromDate, to: p.toDate } : { period: p.choice };
}

/** The UTC offset of `zone` at `at`, in minutes (east positive). */
function offsetMinutes(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour') % 24, n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

/** The instant a day starts in `zone` (midnight local time), as an ISO string. */
export function startOfDay(date: string, zone: string): string {
  const guess = Date.parse(`${date}T00:00:00Z`);
  let at = guess - offsetMinutes(zone, guess) * 60_000;
  // Once more: the offset at the guess may differ from the offset at the real midnight (a DST change that day).
  at = guess - offsetMinutes(zone, at) * 60_000;
  return new Date(at).toISOString();
}

/**
 * What the report endpoints take: `from` (start of the first day) and `to` (start of the day after the last,
 * excluded) in the viewer's zone, and the bucket of the time series: days up to 62 days, weeks beyond.
 */
export function periodRange(p: Period, zone: string): { from: string; to: string; interval: 'day' | 'week' } {
  return {
    from: startOfDay(p.fromDate, zone),
    to: startOfDay(addDays(p.toDate, 1), zone),
    interval: daysBetween(p.fromDate, p.toDate) + 1 > 62 ? 'week' : 'day',
  };
}

/** How a compliance figure compares with its target: at or above, within 5 points below, or further below. */
export type ComplianceLevel = 'met' | 'near' | 'below';
export function complianceLevel(compliance: number, target: number): ComplianceLevel {
  // A hair of tolerance so 0.95 against 0.95 is "met" whatever the floating-point noise of a division.
  const EPS = 1e-9;
  if (compliance >= target - EPS) return 'met';
  return compliance >= target - 0.05 - EPS ? 'near' : 'below';
}

/** A day as the reader writes it (Dec 4, 2026 / 2026年12月4日). */
export function dateText(date: string, lang: string) {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}
