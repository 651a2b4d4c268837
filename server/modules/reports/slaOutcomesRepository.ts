import type { Queryable } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';

/**
 * The SQL of the SLA reports (docs/reports.md, adr/0005-report-queries.md). Every query reads
 * sla_outcomes (one row per ticket and metric, kept by a trigger on tickets) through its two
 * covering indexes; figures are aggregated with FILTER in one pass.
 */

/** Grouping keys a report may ask for; metric and kind always split the rows. */
export const GROUP_KEYS = ['plan', 'priority', 'group', 'channel', 'metric'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];
export const DEFAULT_GROUP_BY: GroupKey[] = ['plan', 'priority'];

const KEY_COLUMNS: Array<{ key: GroupKey; column: string; as: string; type: string }> = [
  { key: 'plan', column: 'o.plan_id', as: 'plan_id', type: 'bigint' },
  { key: 'priority', column: 'o.priority', as: 'priority', type: 'text' },
  { key: 'group', column: 'o.group_id', as: 'group_id', type: 'bigint' },
  { key: 'channel', column: 'o.channel', as: 'channel', type: 'text' },
];

/**
 * Groupings with an index of stopped clocks in their order (migrations 0035, 0036): the grouped
 * columns as that index orders them, for the response-time percentiles read group after group.
 */
const INDEXED_ORDERS: Record<string, string> = {
  'plan,priority': 'o.plan_id, o.priority',
  'group,channel': 'o.group_id, o.channel',
};

/** Collects parameters: `arg(v)` answers its `$n`. */
export function params() {
  const values: unknown[] = [];
  return {
    values,
    arg(v: unknown) {
      values.push(v);
      return `$${values.length}`;
    },
  };
}

/**
 * withinGroups (tickets/ticketPolicy.ts) on an outcome row: an agent limited to groups sees the
 * outcomes of their groups' tickets and of the tickets assigned to them. The trigger keeps
 * group_id and assignee_id current, so this is the same scope as the ticket list.
 */
export function outcomeScopeSql(actor: Principal, arg: (v: unknown) => string): string {
  if (!actor.ticketGroups) return '';
  return ` and (o.group_id = any(${arg(actor.ticketGroups)}::bigint[]) or o.assignee_id = ${arg(actor.personId ?? -1)})`;
}

/** SQL conditions of the three outcomes, judged at `now` (a parameter). Rows are due in the period, never cancelled. */
export const outcomeSql = (now: string) => ({
  met: `o.status = 'met'`,
  open: `(o.status = 'running' and o.due_at > ${now})`,
  // breached, breached_running, paused after the target was crossed (due_at is then the crossing), running and overdue
  breached: `(o.status in ('breached', 'breached_running', 'paused') or (o.status = 'running' and o.due_at <= ${now}))`,
});

const selectKeys = (groupBy: GroupKey[]) =>
  KEY_COLUMNS.map((k) => (groupBy.includes(k.key) ? `${k.column} as ${k.as}` : `null::${k.type} as ${k.as}`)).join(', ');
const groupKeys = (groupBy: GroupKey[]) => [
  ...KEY_COLUMNS.filter((k) => groupBy.includes(k.key)).map((k) => k.column),
  'o.metric',
  'o.kind',
];

/** Plan, priority, metric order (then the rest, for a stable order). */
const REPORT_ORDER = `p.rank nulls last, p.id nulls last, r.priority nulls last,
  array_position(array['first_response', 'next_response', 'resolution'], r.metric), r.kind, g.name nulls last, r.group_id, r.channel`;

export interface ComplianceRow {
  plan_id: number | null;
  plan: string | null;
  plan_key: string | null;
  priority: string | null;
  group_id: number | null;
  group_name: string | null;
  channel: string | null;
  metric: string;
  kind: 'sla' | 'slo';
  met: number;
  breached: number;
  open: number;
}

export interface ResponseTimeRow {
  plan_id: number | null;
  plan: string | null;
  plan_key: string | null;
  priority: string | null;
  group_id: number | null;
  group_name: string | null;
  channel: string | null;
  metric: string;
  kind: 'sla' | 'slo';
  count: number;
  /** p50, p90, p99 in milliseconds. */
  business: number[];
  calendar: number[];
}

export interface DrillFilters {
  plan_id?: number | 'none';
  priority?: string;
  metric?: string;
  kind?: string;
  group_id?: number | 'none';
  channel?: string;
  outcome: 'met' | 'breached' | 'open';
}

export interface DrillRow {
  ticket_id: number;
  number: number;
  subject: string;
  status: string;
  plan_id: number | null;
  plan: string | null;
  priority: string;
  metric: string;
  kind: 'sla' | 'slo';
  metric_status: string;
  due_key: string;
  due_at: Date;
  started_at: Date;
  stopped_at: Date | null;
  business_ms: number;
}

export interface PlanComplianceRow {
  plan_id: number;
  plan_key: string;
  plan: string;
  display_name: Record<string, string> | null;
  met: number;
  breached: number;
}

export const slaOutcomesRepository = {
  /** Met / breached / open per group, for targets due in [from, to). */
  async compliance(q: Queryable, o: { from: Date; to: Date; now: Date; groupBy: GroupKey[]; actor: Principal }): Promise<ComplianceRow[]> {
    const p = params();
    const from = p.arg(o.from);
    const to = p.arg(o.to);
    const now = p.arg(o.now);
    const oc = outcomeSql(now);
    const scope = outcomeScopeSql(o.actor, p.arg);
    return q.query<ComplianceRow>(
      `with r as (
         select ${selectKeys(o.groupBy)}, o.metric, o.kind,
                count(*) filter (where ${oc.met})::int as met,
                count(*) filter (where ${oc.breached})::int as breached,
                count(*) filter (where ${oc.open})::int as open
           from sla_outcomes o
          where o.due_at >= ${from} and o.due_at < ${to} and o.status <> 'cancelled'${scope}
          group by ${groupKeys(o.groupBy).join(', ')}
       )
       select r.*, p.name as plan, p.key as plan_key, g.name as group_name
         from r left join plans p on p.id = r.plan_id left join groups g on g.id = r.group_id
        order by ${REPORT_ORDER}
        limit 10000`,
      p.values,
    );
  },

  /**
   * p50/p90/p99 of one measure — business time (business_ms) or calendar time (stopped_at −
   * started_at) — of the clocks that stopped (met or breached) in [from, to). Grouped by plan and
   * priority (the default) or by group and channel, and `inGroupOrder` (the period holds most stopped
   * clocks: that index is read whole), the rows are read in group order from that grouping's index
   * (INDEXED_ORDERS) and each group's values sorted alone by the ordered-set aggregate. Otherwise
   * the values are gathered per group by a hash aggregate from the period's range of sla_outcomes_stopped_idx and each group's array is
   * sorted alone: cheaper than sorting every row by the group keys first (adr/0005-report-queries.md).
   */
  async responseTimes(
    q: Queryable,
    o: { from: Date; to: Date; groupBy: GroupKey[]; actor: Principal; measure: 'business' | 'calendar'; inGroupOrder: boolean },
  ): Promise<Array<Omit<ResponseTimeRow, 'business' | 'calendar'> & { values: number[] }>> {
    const p = params();
    const from = p.arg(o.from);
    const to = p.arg(o.to);
    const scope = outcomeScopeSql(o.actor, p.arg);
    const value = o.measure === 'business' ? 'o.business_ms::float8' : `date_part('epoch', o.stopped_at - o.started_at) * 1000`;
    const where = `o.status in ('met', 'breached') and o.stopped_at >= ${from} and o.stopped_at < ${to}${scope}`;
    const keys = KEY_COLUMNS.filter((k) => o.groupBy.includes(k.key))
      .map((k) => k.key)
      .join(',');
    const indexed = o.inGroupOrder ? INDEXED_ORDERS[keys] : undefined;
    const r = indexed
      ? `select ${selectKeys(o.groupBy)}, o.metric, o.kind, count(*)::int as count,
                percentile_cont(array[0.5, 0.9, 0.99]::float8[]) within group (order by ${value}) as v
           from sla_outcomes o where ${where}
          group by ${indexed}, o.metric, o.kind`
      : `select r.*, (select percentile_cont(array[0.5, 0.9, 0.99]::float8[]) within group (order by x) from unnest(r.a) x) as v
           from (select ${selectKeys(o.groupBy)}, o.metric, o.kind, count(*)::int as count, array_agg(${value}) as a
                   from sla_outcomes o where ${where}
                  group by ${groupKeys(o.groupBy).join(', ')}) r`;
    const rows = await q.query<Omit<ResponseTimeRow, 'business' | 'calendar'> & { v: unknown }>(
      `with r as (${r})
       select r.plan_id, r.priority, r.group_id, r.channel, r.metric, r.kind, r.count, r.v,
              p.name as plan, p.key as plan_key, g.name as group_name
         from r left join plans p on p.id = r.plan_id left join groups g on g.id = r.group_id
        order by ${REPORT_ORDER}
        limit 10000`,
      p.values,
    );
    return rows.map(({ v, ...r }) => ({ ...r, values: numbers(v) }));
  },

  /** The earliest instant a clock stopped (met or breached), from sla_outcomes_stopped_idx's first entry; null when none has. */
  async firstStop(q: Queryable): Promise<Date | null> {
    const rows = await q.query<{ at: Date | null }>(
      `select min(stopped_at) as at from sla_outcomes where status in ('met', 'breached') and stopped_at is not null`,
    );
    return rows[0]?.at ? new Date(rows[0].at) : null;
  },

  /** One page of the tickets behind a compliance row, in (due_at, ticket_id, metric) order. */
  async tickets(
    q: Queryable,
    o: { from: Date; to: Date; now: Date; filters: DrillFilters; actor: Principal; after: [string, number, string] | null; limit: number },
  ): Promise<DrillRow[]> {
    const p = params();
    const f = o.filters;
    const where = [`o.due_at >= ${p.arg(o.from)}`, `o.due_at < ${p.arg(o.to)}`, `o.status <> 'cancelled'`];
    // `met` does not depend on now: no parameter then (an unused one has no type).
    where.push(f.outcome === 'met' ? outcomeSql('')[f.outcome] : outcomeSql(p.arg(o.now))[f.outcome]);
    if (f.plan_id === 'none') where.push('o.plan_id is null');
    else if (f.plan_id != null) where.push(`o.plan_id = ${p.arg(f.plan_id)}`);
    if (f.group_id === 'none') where.push('o.group_id is null');
    else if (f.group_id != null) where.push(`o.group_id = ${p.arg(f.group_id)}`);
    if (f.priority) where.push(`o.priority = ${p.arg(f.priority)}`);
    if (f.metric) where.push(`o.metric = ${p.arg(f.metric)}`);
    if (f.kind) where.push(`o.kind = ${p.arg(f.kind)}`);
    if (f.channel) where.push(`o.channel = ${p.arg(f.channel)}`);
    if (o.after)
      where.push(
        `(o.due_at, o.ticket_id, o.metric) > (${p.arg(o.after[0])}::timestamptz, ${p.arg(o.after[1])}::bigint, ${p.arg(o.after[2])}::text)`,
      );
    const scope = outcomeScopeSql(o.actor, p.arg);
    return q.query<DrillRow>(
      `select o.ticket_id, t.number, t.subject, t.status, o.plan_id, pl.name as plan, o.priority, o.metric, o.kind,
              o.status as metric_status, o.due_at::text as due_key, o.due_at, o.started_at, o.stopped_at, o.business_ms
         from sla_outcomes o
         join tickets t on t.id = o.ticket_id
         left join plans pl on pl.id = o.plan_id
        where ${where.join(' and ')}${scope}
        order by o.due_at, o.ticket_id, o.metric
        limit ${Math.trunc(o.limit) + 1}`, // a literal: with a parameter the planner cannot tell a page from a scan
      p.values,
    );
  },

  /** First-response met and breached per plan, for targets due in [from, to) (the public status page). */
  planFirstResponse: (q: Queryable, o: { from: Date; to: Date; now: Date }) => {
    const p = params();
    const from = p.arg(o.from);
    const to = p.arg(o.to);
    const oc = outcomeSql(p.arg(o.now));
    return q.query<PlanComplianceRow>(
      `with r as (
         select o.plan_id, count(*) filter (where ${oc.met})::int as met, count(*) filter (where ${oc.breached})::int as breached
           from sla_outcomes o
          where o.due_at >= ${from} and o.due_at < ${to} and o.status <> 'cancelled' and o.metric = 'first_response'
            and o.plan_id is not null
          group by o.plan_id
       )
       select r.plan_id, p.key as plan_key, p.name as plan, p.settings -> 'display_name' as display_name, r.met, r.breached
         from r join plans p on p.id = r.plan_id
        where r.met + r.breached > 0
        order by p.rank, p.id`,
      p.values,
    );
  },
};

/** A float8[] from either driver (an array, or its text form). */
function numbers(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === 'string') return v.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
  return [];
}
