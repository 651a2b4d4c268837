/**
 * The results page keeps its state in the URL (shareable): /agent/search?q=退款&status=open,pending&priority=P1
 * &plan_id=2&group_id=3|none&assignee_id=me|none|7&tags=vip,billing&channel=email&created_from=2026-01-01
 * &created_to=2026-01-31&updated_from=…&updated_to=…&requester_id=5&organization_id=9.
 * Dates are days in the viewer's time zone; the API gets instants (the start of `from`, the end of `to`).
 */
export const FILTER_KEYS = [
  'status',
  'priority',
  'plan_id',
  'group_id',
  'assignee_id',
  'tags',
  'channel',
  'requester_id',
  'organization_id',
  'created_from',
  'created_to',
  'updated_from',
  'updated_to',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
const DATE_KEYS = new Set<string>(['created_from', 'created_to', 'updated_from', 'updated_to']);
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A day `YYYY-MM-DD` as the instant it starts in the browser's zone; `end` → the start of the next day. */
export function dayToInstant(day: string, end: boolean): string | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (end ? 1 : 0));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The URL's search parameters as the API's query; an unreadable day is passed as is, so the API names it. */
export function apiQuery(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  const q = params.get('q');
  if (q) out.q = q;
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (!v) continue;
    out[k] = DATE_KEYS.has(k) ? (dayToInstant(v, k.endsWith('_to')) ?? v) : v;
  }
  return out;
}

export const listOf = (v: string | null) =>
  v
    ? v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
export const hasFilters = (params: URLSearchParams) => FILTER_KEYS.some((k) => params.get(k));
