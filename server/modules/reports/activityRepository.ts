import type { Queryable } from '../../db/client.ts';
import { UNSOLVED } from '../../domain/tickets/ticket.ts';

/**
 * SQL of the volume and agents reports (docs/exports.md). Every query reads a range of one index:
 * tickets_created_idx (created_at), tickets_done_idx (when a ticket was done, migration 0029),
 * tickets_status_idx (unsolved tickets by created_at), tickets_assignee_idx, messages_author_idx; the
 * hourly roll-ups of migration 0033 (rollupRepository.ts) where they answer.
 */

/** When a ticket was done: solved, else closed (never solved), never before it was created. Matches tickets_done_idx. */
export const DONE_AT = 'greatest(coalesce(t.solved_at, t.closed_at), t.created_at)';
/** Done tickets: tickets_done_idx's predicate, literally. A merged ticket is neither created nor done (docs/exports.md). */
export const IS_DONE = `t.status in ('solved', 'closed') and t.merged_into_id is null`;
const IS_UNSOLVED = `t.status in (${UNSOLVED.map((s) => `'${s}'`).join(', ')})`;

export type Interval = 'day' | 'week';

const HOUR = 3_600_000;
const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR) * HOUR);
const ceilHour = (d: Date) => new Date(Math.ceil(d.getTime() / HOUR) * HOUR);
/**
 * The whole hours [a, b) inside [from, to), which the roll-ups answer; [from, a) and [b, to) are
 * read from the tickets. A period inside one hour has none (a = b = to: all of it from the tickets).
 */
function wholeHours(o: { from: Date; to: Date }) {
  const a = ceilHour(o.from);
  const b = floorHour(o.to);
  return a.getTime() > b.getTime() ? { a: o.to, b: o.to } : { a, b };
}
export type Arg = (v: unknown) => string;

export interface CountRow {
  kind: 'created' | 'solved' | 'backlog';
  period: string | null;
  k: string | null;
  n: number;
}

export interface AgentFigures {
  id: number;
  replies: number;
  solved: number;
  open_now: number;
  median_first_response_minutes: number | null;
}

export const activityRepository = {
  /**
   * The desk's time zone: the zone of the standard-hours calendar (setting contact.standard_calendar),
   * else the setting email.time_zone, else null (UTC).
   */
  async deskTimeZone(q: Queryable): Promise<string | null> {
    const rows = await q.query<{ tz: string | null }>(
      `select coalesce(
         (select c.spec->>'timezone' from settings s join calendars c on c.name = s.value #>> '{}'
           where s.key = 'contact.standard_calendar' and jsonb_typeof(s.value) = 'string' order by c.id limit 1),
         (select s.value #>> '{}' from settings s where s.key = 'email.time_zone' and jsonb_typeof(s.value) = 'string')) as tz`,
    );
    return rows[0]?.tz || null;
  },

  /** Bucket start dates (YYYY-MM-DD in tz) of every day or ISO week (Monday) that overlaps [from, to). */
  async buckets(q: Queryable, o: { from: Date; to: Date; tz: string; interval: Interval }): Promise<string[]> {
    const rows = await q.query<{ period: string }>(
      `select s::date::text as period
         from generate_series(date_trunc('${o.interval}', $1::timestamptz at time zone $3), $2::timestamptz at time zone $3, interval '1 ${o.interval}') s
        where (s at time zone $3) < $2::timestamptz
        order by s`,
      [o.from, o.to, o.tz],
    );
    return rows.map((r) => r.period);
  },

  /** The organizations with the most tickets created in [from, to), at most `limit`. */
  async topOrganizations(q: Queryable, o: { from: Date; to: Date; scope: (arg: Arg) => string | null; limit: number }): Promise<number[]> {
    const args: unknown[] = [o.from, o.to];
    const arg: Arg = (v) => `$${args.push(v)}`;
    const scope = o.scope(arg);
    const rows = await q.query<{ id: number }>(
      `select t.organization_id as id from tickets t
        where t.created_at >= $1 and t.created_at < $2 and t.merged_into_id is null and t.organization_id is not null${scope ? ` and ${scope}` : ''}
        group by t.organization_id order by count(*) desc, t.organization_id limit ${Number(o.limit)}`,
      args,
    );
    return rows.map((r) => Number(r.id));
  },

  /**
   * Created and solved per bucket and key within [from, to), and the backlog at `from` per key (one
   * statement). `key` is a SQL expression over `t` (text or null); `scope` the actor's group limit.
   */
  async volumeCounts(
    q: Queryable,
    o: { from: Date; to: Date; tz: string; interval: Interval; key: (arg: Arg) => string; scope: (arg: Arg) => string | null },
  ): Promise<CountRow[]> {
    const args: unknown[] = [o.from, o.to, o.tz];
    const arg: Arg = (v) => `$${args.push(v)}`;
    const key = o.key(arg);
    const scopeSql = o.scope(arg);
    const scope = scopeSql ? ` and ${scopeSql}` : '';
    const bucket = (col: string) => `date_trunc('${o.interval}', ${col} at time zone $3)::date::text`;
    const rows = await q.query<CountRow>(
      `select 'created' as kind, ${bucket('t.created_at')} as period, ${key} as k, count(*)::int as n
         from tickets t where t.created_at >= $1 and t.created_at < $2 and t.merged_into_id is null${scope} group by 2, 3
       union all
       select 'solved', ${bucket(DONE_AT)}, ${key}, count(*)::int
         from tickets t where ${IS_DONE} and ${DONE_AT} >= $1 and ${DONE_AT} < $2${scope} group by 2, 3
       union all
       select 'backlog', null, ${key}, count(*)::int
         from tickets t where ${IS_UNSOLVED} and t.created_at < $1${scope} group by 3
       union all
       select 'backlog', null, ${key}, count(*)::int
         from tickets t where ${IS_DONE} and ${DONE_AT} >= $1 and t.created_at < $1${scope} group by 3`,
      args,
    );
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  },

  /**
   * volumeCounts from the hourly roll-ups (rollupRepository.ts): the same rows, exact at the
   * statement's snapshot. Whole hours of [from, to) are read from report_hourly plus the pending
   * report_deltas; the part before the first and after the last whole hour from the tickets
   * themselves. The backlog at `from` is everything created before it minus everything done before
   * it (done never precedes created, so this equals "unsolved, or done since, among those created
   * before"). Only for a time zone whose offset is a whole number of hours throughout the period (a
   * UTC hour then lies inside one local day) and without a group limit (the caller checks both).
   */
  async rolledVolumeCounts(
    q: Queryable,
    o: { from: Date; to: Date; tz: string; interval: Interval; dim: '' | 'channel' | 'category' | 'plan' },
  ): Promise<CountRow[]> {
    const { a, b } = wholeHours(o);
    const f = floorHour(o.from);
    const column = { '': 'null::text', channel: 'channel', category: 'category', plan: 'plan_id::text' }[o.dim];
    const tKey = o.dim ? `t.${column}` : column;
    const dKey = o.dim ? `d.${column}` : column;
    const done = DONE_AT;
    // $1 from, $2 to, $3 tz, $4 a, $5 b, $6 f (floor of from), $7 dim
    const rows = await q.query<CountRow>(
      `with flows as (
         select r.kind, r.hour as at, r.value as k, r.n from report_hourly r where r.dim = $7 and r.hour >= $4 and r.hour < $5
         union all
         select d.kind, d.at, ${dKey}, d.n from report_deltas d where d.at >= $4 and d.at < $5
         union all
         select 'created', t.created_at, ${tKey}, 1 from tickets t
          where t.merged_into_id is null and ((t.created_at >= $1 and t.created_at < $4) or (t.created_at >= $5 and t.created_at < $2))
         union all
         select 'done', ${done}, ${tKey}, 1 from tickets t
          where ${IS_DONE} and ((${done} >= $1 and ${done} < $4) or (${done} >= $5 and ${done} < $2))
       ),
       before as (
         select r.kind, r.value as k, r.n from report_hourly r where r.dim = $7 and r.hour < $6
         union all
         select d.kind, ${dKey}, d.n from report_deltas d where d.at < $6
         union all
         select 'created', ${tKey}, 1 from tickets t where t.merged_into_id is null and t.created_at >= $6 and t.created_at < $1
         union all
         select 'done', ${tKey}, 1 from tickets t where ${IS_DONE} and ${done} >= $6 and ${done} < $1
       )
       select case x.kind when 'created' then 'created' else 'solved' end as kind,
              date_trunc('${o.interval}', x.at at time zone $3)::date::text as period, x.k, sum(x.n)::int as n
         from flows x group by 1, 2, 3 having sum(x.n) <> 0
       union all
       select 'backlog', null, y.k, sum(case y.kind when 'created' then y.n else -y.n end)::int
         from before y group by 3`,
      [o.from, o.to, o.tz, a, b, f, o.dim],
    );
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  },

  async plans(q: Queryable, ids: number[]) {
    if (!ids.length) return [];
    return q.query<{ id: number; key: string; name: string; rank: number }>(
      `select id, key, name, rank from plans where id = any($1::bigint[])`,
      [ids],
    );
  },

  async organizations(q: Queryable, ids: number[]) {
    if (!ids.length) return [];
    return q.query<{ id: number; name: string }>(`select id, name from organizations where id = any($1::bigint[])`, [ids]);
  },

  /**
   * Agents and admins. With a group limit, the limited agent and the members of their groups;
   * people no longer active are listed only when they have figures (the caller drops them).
   */
  async staff(q: Queryable, o: { groups?: readonly number[]; personId: number | null }) {
    const args: unknown[] = [];
    let where = `p.role in ('agent', 'admin')`;
    if (o.groups) where += ` and (p.id = $1 or p.id in (select gm.person_id from group_members gm where gm.group_id = any($2::bigint[])))`;
    if (o.groups) args.push(o.personId ?? -1, o.groups);
    return q.query<{ id: number; name: string; active: boolean }>(
      `select p.id, p.name, p.active from people p where ${where} order by p.id`,
      args,
    );
  },

  /**
   * Per agent: public replies in [from, to) (not on tickets they requested), the first responses
   * among them (the replies that carry first_response_seconds) with their median in calendar
   * minutes, tickets done in [from, to) now assigned to them, and unsolved tickets assigned now.
   */
  async agentFigures(
    q: Queryable,
    o: { from: Date; to: Date; ids: number[]; scope: (arg: Arg) => string | null },
  ): Promise<AgentFigures[]> {
    if (!o.ids.length) return [];
    const args: unknown[] = [o.from, o.to, o.ids];
    const arg: Arg = (v) => `$${args.push(v)}`;
    const scopeSql = o.scope(arg);
    const scope = scopeSql ? ` and ${scopeSql}` : '';
    // Solved per assignee: from the hourly roll-ups (dim 'assignee') when no group limit applies,
    // the part of the period outside whole hours from the tickets; else from the tickets alone.
    let solved = `select t.assignee_id, 'solved', count(*)::int, null
         from tickets t where ${IS_DONE} and ${DONE_AT} >= $1 and ${DONE_AT} < $2 and t.assignee_id = any($3::bigint[])${scope}
        group by t.assignee_id`;
    if (!scopeSql) {
      const { a, b } = wholeHours(o);
      const [pa, pb] = [arg(a), arg(b)];
      solved = `select x.id, 'solved', sum(x.n)::int, null from (
           select r.value::bigint as id, r.n from report_hourly r
            where r.dim = 'assignee' and r.kind = 'done' and r.hour >= ${pa} and r.hour < ${pb} and r.value = any($3::bigint[]::text[])
           union all
           select d.assignee_id, d.n from report_deltas d
            where d.kind = 'done' and d.at >= ${pa} and d.at < ${pb} and d.assignee_id = any($3::bigint[])
           union all
           select t.assignee_id, 1 from tickets t
            where ${IS_DONE} and ((${DONE_AT} >= $1 and ${DONE_AT} < ${pa}) or (${DONE_AT} >= ${pb} and ${DONE_AT} < $2))
              and t.assignee_id = any($3::bigint[])
         ) x group by x.id having sum(x.n) <> 0`;
    }
    // Replies and first responses: without a group limit, one index-only range of messages_author_idx
    // per person (first_response_seconds is on the reply, migration 0034), less the person's messages
    // on tickets they requested (found from those few tickets); with one, joined to each ticket.
    const replies = scopeSql
      ? `select m.author_id as id, 'replies' as kind, count(*)::int as n,
              percentile_cont(0.5) within group (order by m.first_response_seconds / 60)
                filter (where m.first_response_seconds is not null) as median
         from messages m join tickets t on t.id = m.ticket_id
        where not m.internal and m.author_id = any($3::bigint[]) and m.created_at >= $1 and m.created_at < $2
          and m.author_id <> t.requester_id${scope}
        group by m.author_id`
      : `select m.author_id as id, 'replies' as kind, count(*)::int as n,
              percentile_cont(0.5) within group (order by m.first_response_seconds / 60)
                filter (where m.first_response_seconds is not null) as median
         from messages m
        where not m.internal and m.author_id = any($3::bigint[]) and m.created_at >= $1 and m.created_at < $2
        group by m.author_id
       union all
       select m.author_id, 'own', count(*)::int, null
         from tickets t join messages m on m.ticket_id = t.id and m.author_id = t.requester_id
        where t.requester_id = any($3::bigint[]) and not m.internal and m.created_at >= $1 and m.created_at < $2
        group by m.author_id`;
    const rows = await q.query<{ id: number; kind: string; n: number; median: number | null }>(
      `${replies}
       union all
       ${solved}
       union all
       select t.assignee_id, 'open_now', count(*)::int, null
         from tickets t where ${IS_UNSOLVED} and t.assignee_id = any($3::bigint[])${scope}
        group by t.assignee_id`,
      args,
    );
    const out = new Map<number, AgentFigures>();
    for (const r of rows) {
      const id = Number(r.id);
      const f = out.get(id) ?? { id, replies: 0, solved: 0, open_now: 0, median_first_response_minutes: null };
      if (r.kind === 'replies') {
        f.replies += Number(r.n);
        f.median_first_response_minutes = r.median == null ? null : Math.round(Number(r.median) * 10) / 10;
      } else if (r.kind === 'own') f.replies -= Number(r.n);
      else if (r.kind === 'solved') f.solved = Number(r.n);
      else f.open_now = Number(r.n);
      out.set(id, f);
    }
    return [...out.values()];
  },
};
