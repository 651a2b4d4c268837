import type { Queryable } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import { toCsv } from './csv.ts';
import type { Period } from './reportPeriod.ts';
import { assertCanReadReports, readReportSettings, type ComplianceTargets } from './reportSettings.ts';
import { slaOutcomesRepository, type ComplianceRow, type GroupKey } from './slaOutcomesRepository.ts';

/** met / (met + breached), 4 decimals; null when no target was met or missed. */
export const complianceOf = (met: number, breached: number) =>
  met + breached === 0 ? null : Math.round((met / (met + breached)) * 1e4) / 1e4;

/** The drill-down URL of a row: the same period and the row's filters (a null grouping key that was asked for is 'none'). */
function drillUrl(r: ComplianceRow, period: Period, groupBy: GroupKey[]) {
  const q = new URLSearchParams({ from: period.from.toISOString(), to: period.to.toISOString() });
  if (groupBy.includes('plan')) q.set('plan_id', r.plan_id == null ? 'none' : String(r.plan_id));
  if (r.priority != null) q.set('priority', r.priority);
  if (groupBy.includes('group')) q.set('group_id', r.group_id == null ? 'none' : String(r.group_id));
  if (r.channel != null) q.set('channel', r.channel);
  q.set('metric', r.metric);
  q.set('kind', r.kind);
  q.set('outcome', 'breached');
  return `/api/v1/reports/sla/tickets?${q.toString()}`;
}

export const presentComplianceRow = (r: ComplianceRow, targets: ComplianceTargets, period: Period, groupBy: GroupKey[]) => ({
  plan: r.plan,
  plan_id: r.plan_id,
  plan_key: r.plan_key,
  priority: r.priority,
  group_id: r.group_id,
  group: r.group_name,
  channel: r.channel,
  metric: r.metric,
  kind: r.kind,
  tickets: r.met + r.breached + r.open,
  met: r.met,
  breached: r.breached,
  open: r.open,
  compliance: complianceOf(r.met, r.breached),
  target_compliance: targets[r.kind] ?? null,
  breached_tickets: drillUrl(r, period, groupBy),
});
export type SlaReportRow = ReturnType<typeof presentComplianceRow>;

/**
 * SLA compliance (GET /reports/sla): per plan and priority by default (or the asked grouping), always
 * split by metric and kind, for the targets that fell due in [from, to), judged at `now`.
 */
export async function slaReport(db: Queryable, o: { actor: Principal; period: Period; groupBy: GroupKey[]; now: number }) {
  assertCanReadReports(o.actor);
  const settings = await readReportSettings(db);
  const now = new Date(o.now);
  const rows = await slaOutcomesRepository.compliance(db, { ...o.period, now, groupBy: o.groupBy, actor: o.actor });
  return {
    data: rows.map((r) => presentComplianceRow(r, settings.compliance_targets, o.period, o.groupBy)),
    meta: {
      from: o.period.from.toISOString(),
      to: o.period.to.toISOString(),
      now: now.toISOString(),
      targets: settings.compliance_targets,
    },
  };
}

/** The columns that say which row a report line is (the SLA and response-time CSVs both start with them). */
export const REPORT_KEY_COLUMNS = ['plan', 'plan_key', 'priority', 'group', 'channel', 'metric', 'kind'];

export const reportKeyCells = (r: {
  plan: unknown;
  plan_key: unknown;
  priority: unknown;
  group: unknown;
  channel: unknown;
  metric: unknown;
  kind: unknown;
}) => [r.plan, r.plan_key, r.priority, r.group, r.channel, r.metric, r.kind];

const CSV_HEADER = [...REPORT_KEY_COLUMNS, 'tickets', 'met', 'breached', 'open', 'compliance', 'target_compliance'];

/** The same rows as CSV. */
export function slaReportCsv(rows: SlaReportRow[]): string {
  return toCsv(
    CSV_HEADER,
    rows.map((r) => [...reportKeyCells(r), r.tickets, r.met, r.breached, r.open, r.compliance, r.target_compliance]),
  );
}
