import type { Queryable } from '../../db/client.ts';

export interface RatingRow {
  ticket_id: number;
  score: number;
  comment: string | null;
  rated_at: Date;
}

/** The report's grouping keys: column of satisfaction_ratings and how a row names it. */
export const REPORT_KEYS = ['agent', 'group', 'plan', 'priority', 'channel'] as const;
export type ReportKey = (typeof REPORT_KEYS)[number];

export interface ReportRow {
  assignee_id: number | null;
  agent: string | null;
  group_id: number | null;
  group: string | null;
  plan_id: number | null;
  plan: string | null;
  priority: string | null;
  channel: string | null;
  count: number;
  total: number;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
}

const COLUMN: Record<ReportKey, string> = {
  agent: 'r.assignee_id',
  group: 'r.group_id',
  plan: 'r.plan_id',
  priority: 'r.priority',
  channel: 'r.channel',
};

export const satisfactionRepository = {
  async get(q: Queryable, ticketId: number): Promise<RatingRow | null> {
    return (
      (
        await q.query<RatingRow>(`select ticket_id, score, comment, rated_at from satisfaction_ratings where ticket_id = $1`, [ticketId])
      )[0] ?? null
    );
  },

  /**
   * Records (or replaces) the ticket's rating, copying the report's keys from the ticket as it is
   * now (the caller holds its row lock). Answers the score it replaced, if any.
   */
  async upsert(q: Queryable, r: { ticketId: number; personId: number; score: number; comment: string | null; at: Date }) {
    const rows = await q.query<{ previous: number | null }>(
      `with old as (select score from satisfaction_ratings where ticket_id = $1),
            ins as (
              insert into satisfaction_ratings (ticket_id, person_id, score, comment, rated_at, assignee_id, group_id, plan_id, priority, channel)
              select t.id, $2, $3, $4, $5, t.assignee_id, t.group_id, t.plan_id, t.priority, t.channel from tickets t where t.id = $1
              on conflict (ticket_id) do update set person_id = excluded.person_id, score = excluded.score, comment = excluded.comment,
                rated_at = excluded.rated_at, assignee_id = excluded.assignee_id, group_id = excluded.group_id, plan_id = excluded.plan_id,
                priority = excluded.priority, channel = excluded.channel
              returning 1)
       select (select score from old)::int as previous from ins`,
      [r.ticketId, r.personId, r.score, r.comment, r.at],
    );
    return rows[0]?.previous ?? null;
  },

  /**
   * The report: ratings given in [from, to), grouped by the asked keys, with the scores' sum and
   * distribution. Reads only satisfaction_ratings through its (rated_at) index, which covers every
   * column used here; names are joined once per group, after aggregation.
   */
  async report(
    q: Queryable,
    o: { from: Date; to: Date; keys: ReportKey[]; scope: { groups: readonly number[]; personId: number } | null },
  ): Promise<ReportRow[]> {
    const params: unknown[] = [o.from, o.to];
    const arg = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const scope = o.scope ? `and (r.group_id = any(${arg(o.scope.groups)}::bigint[]) or r.assignee_id = ${arg(o.scope.personId)})` : '';
    const cols = o.keys.map((k) => `${COLUMN[k]} as k_${k}`);
    const groupBy = o.keys.length ? `group by ${o.keys.map((k) => COLUMN[k]).join(', ')}` : '';
    const has = (k: ReportKey) => o.keys.includes(k);
    return q.query<ReportRow>(
      `with agg as (
         select ${[...cols, 'count(*)::int as count', 'sum(r.score)::int as total', ...[1, 2, 3, 4, 5].map((s) => `(count(*) filter (where r.score = ${s}))::int as s${s}`)].join(', ')}
           from satisfaction_ratings r
          where r.rated_at >= $1 and r.rated_at < $2 ${scope}
          ${groupBy})
       select ${has('agent') ? 'agg.k_agent' : 'null::bigint'} as assignee_id, ${has('agent') ? 'ag.name' : 'null::text'} as agent,
              ${has('group') ? 'agg.k_group' : 'null::bigint'} as group_id, ${has('group') ? 'g.name' : 'null::text'} as "group",
              ${has('plan') ? 'agg.k_plan' : 'null::bigint'} as plan_id, ${has('plan') ? 'pl.name' : 'null::text'} as plan,
              ${has('priority') ? 'agg.k_priority' : 'null::text'} as priority, ${has('channel') ? 'agg.k_channel' : 'null::text'} as channel,
              agg.count, agg.total, agg.s1, agg.s2, agg.s3, agg.s4, agg.s5
         from agg
         ${has('agent') ? 'left join people ag on ag.id = agg.k_agent' : ''}
         ${has('group') ? 'left join groups g on g.id = agg.k_group' : ''}
         ${has('plan') ? 'left join plans pl on pl.id = agg.k_plan' : ''}
        order by ${[...(has('plan') ? ['pl.rank nulls last'] : []), ...o.keys.map((k) => `agg.k_${k} nulls last`), 'agg.count desc'].join(', ')}`,
      params,
    );
  },
};
