import type { Db } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import { satisfactionRepository, type ReportKey, type ReportRow } from './satisfactionRepository.ts';
import { assertCanReadReports } from '../reports/reportSettings.ts';

export interface SatisfactionReportRow {
  agent_id?: number | null;
  agent?: string | null;
  group_id?: number | null;
  group?: string | null;
  plan_id?: number | null;
  plan?: string | null;
  priority?: string | null;
  channel?: string | null;
  count: number;
  /** Mean score, 2 decimals; null without ratings. */
  average: number | null;
  /** Share of 4 and 5 (0..1, 4 decimals); null without ratings. */
  satisfied_share: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

function present(r: ReportRow, keys: ReportKey[]): SatisfactionReportRow {
  // Only the asked keys, each with its id and name, then the figures.
  const out: Record<string, unknown> = {};
  if (keys.includes('agent')) Object.assign(out, { agent_id: r.assignee_id, agent: r.agent });
  if (keys.includes('group')) Object.assign(out, { group_id: r.group_id, group: r.group });
  if (keys.includes('plan')) Object.assign(out, { plan_id: r.plan_id, plan: r.plan });
  if (keys.includes('priority')) out.priority = r.priority;
  if (keys.includes('channel')) out.channel = r.channel;
  return {
    ...out,
    count: r.count,
    average: r.count ? Math.round(((r.total ?? 0) * 100) / r.count) / 100 : null,
    satisfied_share: r.count ? Math.round(((r.s4 + r.s5) * 10_000) / r.count) / 10_000 : null,
    distribution: { '1': r.s1, '2': r.s2, '3': r.s3, '4': r.s4, '5': r.s5 },
  };
}

/**
 * Ratings given in [from, to) (by rated_at), grouped by any of agent (the assignee when rated),
 * group, plan, priority, channel — the ticket as it was when rated. Staff only; an agent limited
 * to groups counts only ratings of their groups' tickets or of tickets assigned to them.
 */
export async function satisfactionReport(db: Db, o: { actor: Principal; from: Date; to: Date; groupBy: ReportKey[] }) {
  assertCanReadReports(o.actor);
  const keys = [...new Set(o.groupBy)];
  const scope = o.actor.ticketGroups ? { groups: o.actor.ticketGroups, personId: o.actor.personId ?? -1 } : null;
  const rows = await satisfactionRepository.report(db, { from: o.from, to: o.to, keys, scope });
  return { data: rows.map((r) => present(r, keys)), meta: { from: o.from.toISOString(), to: o.to.toISOString(), group_by: keys } };
}

export const REPORT_CSV_HEADER = (keys: ReportKey[]) => [
  ...keys.flatMap((k) => (k === 'priority' || k === 'channel' ? [k] : [`${k}_id`, k])),
  'count',
  'average',
  'satisfied_share',
  'score_1',
  'score_2',
  'score_3',
  'score_4',
  'score_5',
];

export const reportCsvRow = (r: SatisfactionReportRow, keys: ReportKey[]): unknown[] => [
  ...keys.flatMap((k) => {
    const x = r as unknown as Record<string, unknown>;
    return k === 'priority' || k === 'channel' ? [x[k]] : [x[`${k}_id`], x[k]];
  }),
  r.count,
  r.average,
  r.satisfied_share,
  ...(['1', '2', '3', '4', '5'] as const).map((s) => r.distribution[s]),
];
