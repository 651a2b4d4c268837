import { z } from 'zod';
import { isValidTimeZone } from '../../domain/calendar/index.ts';
import { invalid } from '../../errors.ts';
import { t } from '../../i18n/index.ts';

/** The longest period a report covers. */
export const MAX_PERIOD_DAYS = 400;
/** The period when none is given: the last 30 days up to now. */
export const DEFAULT_PERIOD_DAYS = 30;
const DAY_MS = 86_400_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * A period bound: an ISO 8601 instant with an offset (`2026-11-01T00:00:00Z`) or a date
 * (`2026-11-01`: midnight in the report's time zone, reportZone.ts). Anything else is a 400 from the schema.
 */
export const periodBound = z
  .string()
  .max(40)
  .refine((s) => (DATE.test(s) || z.iso.datetime({ offset: true }).safeParse(s).success) && !Number.isNaN(Date.parse(s)), {
    message: 'Expected an ISO 8601 date (2026-11-01) or instant with an offset (2026-11-01T08:00:00+08:00)',
  })
  .describe("An ISO 8601 date (midnight in `tz`, default the desk's time zone) or an instant with an offset");

/**
 * The period query every report takes: `from` (inclusive) and `to` (exclusive). A plain object so
 * reports can `.extend()` it; resolvePeriod checks the bounds together.
 */
export const periodQuery = z.object({
  from: periodBound.optional().describe('Start (inclusive); default: 30 days before `to`'),
  to: periodBound.optional().describe('End (exclusive); default: now'),
  tz: z
    .string()
    .max(64)
    .refine(isValidTimeZone, { message: 'Unknown time zone: use an IANA name such as Asia/Shanghai or Europe/London' })
    .optional()
    .describe("IANA time zone of date bounds (and of a report's day or week buckets); default: the desk's, else UTC"),
});

export interface Period {
  from: Date;
  to: Date;
}

/** A date is midnight UTC here (reportZone.ts reads it in the report's time zone first); an instant is itself. */
export function parseBound(s: string): Date {
  return new Date(DATE.test(s) ? `${s}T00:00:00Z` : s);
}

/**
 * The half-open period [from, to): defaults to the last 30 days up to `now`; `to` must come after
 * `from` and the span is at most 400 days (both a 400 `invalid_request` naming the field).
 */
export function resolvePeriod(q: { from?: string; to?: string }, now: number, locale?: string | null): Period {
  const to = q.to ? parseBound(q.to) : new Date(now);
  const from = q.from ? parseBound(q.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (Number.isNaN(from.getTime())) throw invalid(t(locale, 'reports.period.invalid', { field: 'from' }), { field: 'from' });
  if (Number.isNaN(to.getTime())) throw invalid(t(locale, 'reports.period.invalid', { field: 'to' }), { field: 'to' });
  if (to.getTime() <= from.getTime()) throw invalid(t(locale, 'reports.period.to_after_from'), { field: 'to' });
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS)
    throw invalid(t(locale, 'reports.period.too_long', { days: MAX_PERIOD_DAYS }), { field: 'from' });
  return { from, to };
}
