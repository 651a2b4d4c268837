import type { Queryable } from '../../db/client.ts';

/**
 * Hourly roll-ups of tickets created and done (migration 0033, adr/0005-report-queries.md addendum).
 * report_hourly holds folded counts per (dim, hour, kind, value); report_deltas the ±1 rows the
 * tickets trigger appended since the last fold. Every read (activityRepository.ts) sums both in one
 * statement, so it is exact at its snapshot whether or not a fold ran. Dimensions (`dim`): '' counts
 * every ticket; 'channel', 'category' and 'plan' split by that column; 'assignee' exists for 'done' only.
 */

/** Serialises folds across instances and connections (any number: the fold is then skipped, not queued). */
const FOLD_LOCK = 7426033;

export const rollupRepository = {
  /**
   * Moves the pending deltas into report_hourly (one transaction: the delete and the upsert commit
   * together, so a reader sees each delta in exactly one of the two tables). Answers how many deltas
   * were folded, or null when another fold holds the lock.
   */
  async fold(q: Queryable): Promise<number | null> {
    const lock = await q.query<{ ok: boolean }>(`select pg_try_advisory_xact_lock(${FOLD_LOCK}) as ok`);
    if (!lock[0]?.ok) return null;
    const rows = await q.query<{ n: number }>(
      `with d as (delete from report_deltas returning at, kind, channel, category, plan_id, assignee_id, n),
       g as (
         select case when grouping(d.channel) = 0 then 'channel' when grouping(d.category) = 0 then 'category'
                     when grouping(d.plan_id) = 0 then 'plan' when grouping(d.assignee_id) = 0 then 'assignee' else '' end as dim,
                date_trunc('hour', d.at) as hour, d.kind,
                case when grouping(d.channel) = 0 then d.channel when grouping(d.category) = 0 then d.category
                     when grouping(d.plan_id) = 0 then d.plan_id::text when grouping(d.assignee_id) = 0 then d.assignee_id::text end as value,
                sum(d.n)::int as n, count(*)::int as deltas, grouping(d.channel, d.category, d.plan_id, d.assignee_id) as g
           from d
          group by grouping sets ((date_trunc('hour', d.at), d.kind), (date_trunc('hour', d.at), d.kind, d.channel),
                                  (date_trunc('hour', d.at), d.kind, d.category), (date_trunc('hour', d.at), d.kind, d.plan_id),
                                  (date_trunc('hour', d.at), d.kind, d.assignee_id))
         having grouping(d.assignee_id) = 1 or d.kind = 'done'
       ),
       u as (
         insert into report_hourly as r (dim, hour, kind, value, n)
         select dim, hour, kind, value, n from g where n <> 0
         on conflict on constraint report_hourly_key do update set n = r.n + excluded.n
       )
       select coalesce(sum(deltas) filter (where g = 15), 0)::int as n from g`,
    );
    return Number(rows[0]?.n ?? 0);
  },
};
