import type { Db, Queryable } from '../../db/client.ts';
import { inOneSnapshot } from '../../db/snapshot.ts';
import type { Principal } from '../auth/principal.ts';
import { toCsv } from './csv.ts';
import { REPORT_KEY_COLUMNS, reportKeyCells } from './slaReport.ts';
import type { Period } from './reportPeriod.ts';
import { assertCanReadReports } from './reportSettings.ts';
import { slaOutcomesRepository, type GroupKey, type ResponseTimeRow } from './slaOutcomesRepository.ts';

/** Milliseconds to minutes with one decimal (null when there is no figure). */
const minutes = (ms: number | undefined) => (ms == null || Number.isNaN(ms) ? null : Math.round(ms / 6_000) / 10);
const percentiles = (v: number[]) => ({ p50: minutes(v[0]), p90: minutes(v[1]), p99: minutes(v[2]) });

export const presentResponseTimeRow = (r: ResponseTimeRow) => ({
  plan: r.plan,
  plan_id: r.plan_id,
  plan_key: r.plan_key,
  priority: r.priority,
  group_id: r.group_id,
  group: r.group_name,
  channel: r.channel,
  metric: r.metric,
  kind: r.kind,
  count: r.count,
  business: percentiles(r.business),
  calendar: percentiles(r.calendar),
});
export type ResponseTimeReportRow = ReturnType<typeof presentResponseTimeRow>;

/**
 * Response times (GET /reports/response-times): p50/p90/p99 (percentile_cont) of the clocks that
 * stopped, met or breached, in [from, to), in business time (business_ms) and calendar time
 * (stopped_at − started_at). Next response is the ticket's latest cycle (what its SLA state keeps).
 */
export async function responseTimes(db: Db, o: { actor: Principal; period: Period; groupBy: GroupKey[]; now: number }) {
  assertCanReadReports(o.actor);
  // Reading the group-order index means reading all of it: worth it when the period holds most of
  // the stopped clocks (adr/0005: a dense year 1.7 → 0.7 s), not for a year of three (0.49 → 0.62 s).
  const first = await slaOutcomesRepository.firstStop(db);
  const covered =
    first == null ? 1 : (o.period.to.getTime() - Math.max(o.period.from.getTime(), first.getTime())) / Math.max(1, o.now - first.getTime());
  const inGroupOrder = covered >= 0.5;
  const measure = (m: 'business' | 'calendar') => (q: Queryable) =>
    slaOutcomesRepository.responseTimes(q, { ...o.period, groupBy: o.groupBy, actor: o.actor, measure: m, inGroupOrder });
  // Exact percentiles sort every stopped clock of the period (a year: about a million values per
  // measure). Business and calendar time are sorted by two statements over one snapshot, on two
  // connections at once on PostgreSQL (db/snapshot.ts), each with enough memory for its sorts to stay
  // off disk.
  const [business, calendar] = await inOneSnapshot(db, measure('business'), measure('calendar'), (q) =>
    q.query(`set local work_mem = '64MB'`),
  );
  const key = (r: Omit<ResponseTimeRow, 'business' | 'calendar'>) =>
    [r.plan_id, r.priority, r.group_id, r.channel, r.metric, r.kind].join('\u0000');
  const calendarOf = new Map(calendar.map((r) => [key(r), r.values]));
  const rows: ResponseTimeRow[] = business.map(({ values, ...r }) => ({ ...r, business: values, calendar: calendarOf.get(key(r)) ?? [] }));
  return {
    data: rows.map(presentResponseTimeRow),
    meta: { from: o.period.from.toISOString(), to: o.period.to.toISOString(), now: new Date(o.now).toISOString() },
  };
}

const CSV_HEADER = [
  ...REPORT_KEY_COLUMNS,
  'count',
  'business_p50',
  'business_p90',
  'business_p99',
  'calendar_p50',
  'calendar_p90',
  'calendar_p99',
];

export function responseTimesCsv(rows: ResponseTimeReportRow[]): string {
  return toCsv(
    CSV_HEADER,
    rows.map((r) => [
      ...reportKeyCells(r),
      r.count,
      r.business.p50,
      r.business.p90,
      r.business.p99,
      r.calendar.p50,
      r.calendar.p90,
      r.calendar.p99,
    ]),
  );
}
