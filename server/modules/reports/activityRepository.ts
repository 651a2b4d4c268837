import type { Queryable } from '../../db/client.ts';
import { UNSOLVED } from '../../domain/tickets/ticket.ts';

/**
 * SQL of the volume and agents reports (docs/exports.md). Every query reads a range of one index:
 * tickets_created_idx (created_at), tickets_done_idx (when a ticket was done, migration 0029),
 * tickets_status_idx (unsolved tickets by created_at), tickets_assignee_idx, messages_author_idx.
 */

/** When a ticket was done: solved, else closed (never solved), never before it was created. Matches tickets_done_idx. */
export const DONE_AT = 'greatest(coalesce(t.solved_at, t.closed_at), t.created_at)';
/** Done tickets: tickets_done_idx's predicate, literally. A merged ticket is neither created nor done (docs/exports.md). */
export const IS_DONE = `t.status in ('solved', 'closed') and t.merged_into_id is null`;
const IS_UNSOLVED = `t.status in (${UNSOLVED.map((s) => `'${s}'`).join(', ')})`;

export type Interval = 'day' | 'week';
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
   * among them (the ticket's first_response_at is that reply's instant) with their median in calendar
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
    const rows = await q.query<{ id: number; kind: string; n: number; median: number | null }>(
      `select m.author_id as id, 'replies' as kind, count(*)::int as n,
              percentile_cont(0.5) within group (order by extract(epoch from (m.created_at - t.created_at))::float8 / 60)
                filter (where t.first_response_at = m.created_at) as median
         from messages m join tickets t on t.id = m.ticket_id
        where not m.internal and m.author_id = any($3::bigint[]) and m.created_at >= $1 and m.created_at < $2
          and m.author_id <> t.requester_id${scope}
        group by m.author_id
       union all
       select t.assignee_id, 'solved', count(*)::int, null
         from tickets t where ${IS_DONE} and ${DONE_AT} >= $1 and ${DONE_AT} < $2 and t.assignee_id = any($3::bigint[])${scope}
        group by t.assignee_id
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
        f.replies = Number(r.n);
        f.median_first_response_minutes = r.median == null ? null : Math.round(Number(r.median) * 10) / 10;
      } else if (r.kind === 'solved') f.solved = Number(r.n);
      else f.open_now = Number(r.n);
      out.set(id, f);
    }
    return [...out.values()];
  },
};
