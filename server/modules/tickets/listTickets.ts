import type { Db } from '../../db/client.ts';
import { toTsQuery } from '../../domain/search/tokenize.ts';
import { UNSOLVED, type Priority, type Status } from '../../domain/tickets/ticket.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { recentCutoff } from './recentWindow.ts';
import { indexTsQuery } from './searchWords.ts';
import { presentTicket } from './ticketPresenter.ts';
import { ticketScopeSql } from './ticketPolicy.ts';
import { TICKET_COLUMNS, TICKET_STATE_COLUMNS, type TicketRow } from './ticketRepository.ts';
import { loadSlaConfig } from '../sla/slaConfig.ts';
import { SORTS, type SortName } from './ticketSorts.ts';

export type AssigneeRef = number | 'none' | 'me';
export type GroupRef = number | 'none' | 'mine';
export type SlaFilter = 'at_risk' | 'breached';

export interface TicketFilter {
  status?: Status[];
  priority?: Priority[];
  /** One person, `none` (unassigned) or `me`; a list means any of them. */
  assignee_id?: AssigneeRef | AssigneeRef[];
  /** One group, `none`, or `mine` (the groups the actor belongs to); a list means any of them. */
  group_id?: GroupRef | GroupRef[];
  organization_id?: number;
  requester_id?: number;
  tag?: string;
  q?: string;
  sort?: SortName;
  cursor?: string;
  limit: number;
  category?: string;
  channel?: string | string[];
  /** The ticket number people read and type (#1000): at most one ticket. */
  number?: number;
  /** The ticket's id in the system it was imported from (unique): at most one ticket. */
  external_id?: string;
  /** Every one of these tags. */
  tags?: string[];
  /** Plans by id or by key: any of them. */
  plan?: Array<number | string>;
  /** SLA state: `breached` (a running clock is past due), `at_risk` (due within the desk's SLA warning time). */
  sla?: SlaFilter[];
  created_from?: string;
  created_to?: string;
  updated_from?: string;
  updated_to?: string;
  /** Custom field values (docs/custom-fields.md): every group must hold, any containment document within a group. */
  custom_fields?: Array<Array<Record<string, unknown>>>;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const UNSOLVED_SQL = `t.status in (${UNSOLVED.map((s) => `'${s}'`).join(', ')})`;

/**
 * The WHERE conditions of a ticket filter, shared by lists and counts (views count with the same
 * conditions they list with). `warningMs` is needed only for the `sla` filter.
 */
export function ticketConditions(
  f: Omit<TicketFilter, 'limit'>,
  o: {
    actor: Principal;
    arg: (v: unknown) => string;
    now?: Date;
    warningMs?: number;
    /**
     * For an agent limited to groups: their whole scope ('either': the groups' tickets or their own), or
     * one of its two disjoint halves ('groups'; 'mine-elsewhere': their own outside those groups), which
     * an index range each can answer where the `or` of the whole cannot (countTickets).
     */
    groupScope?: 'either' | 'groups' | 'mine-elsewhere';
  },
): string[] {
  const { actor, arg } = o;
  const where: string[] = [];
  if (!isStaff(actor)) {
    const scope =
      actor.organizationId != null ? `t.organization_id = ${arg(actor.organizationId)}` : `t.requester_id = ${arg(actor.personId)}`;
    // A lookup by number sees exactly what GET /tickets/:id sees (ticketPolicy.canSee): the organization's tickets and one's own.
    where.push(f.number != null && actor.organizationId != null ? `(${scope} or t.requester_id = ${arg(actor.personId)})` : scope);
  }
  const half = o.groupScope ?? 'either';
  if (actor.ticketGroups && half !== 'either') {
    const groups = arg(actor.ticketGroups);
    where.push(
      half === 'groups'
        ? `t.group_id = any(${groups}::bigint[])`
        : `t.assignee_id = ${arg(actor.personId ?? -1)} and (t.group_id is null or not (t.group_id = any(${groups}::bigint[])))`,
    );
  } else {
    const groupScope = ticketScopeSql(actor, arg);
    if (groupScope) where.push(groupScope);
  }
  if (f.number != null) where.push(`t.number = ${arg(f.number)}`);
  // Source ids are staff data (the presenter shows them to staff only): a customer's lookup by one finds nothing.
  if (f.external_id != null) where.push(isStaff(actor) ? `t.external_id = ${arg(f.external_id)}` : 'false');
  const statuses = f.status;
  // The queue's partial index is written for exactly this predicate; keep it literal so the planner can use it
  // (also when the statuses asked for are some of the unsolved ones).
  // Asking for exactly the unsolved statuses (an organization's open tickets) says so literally too: the
  // partial indexes over unsolved tickets (queue order; tickets_org_unsolved_idx, migration 0020) then apply.
  const allUnsolved = !!statuses?.length && new Set(statuses).size === UNSOLVED.length && UNSOLVED.every((s) => statuses.includes(s));
  if (allUnsolved || (f.sort === 'queue' && (!statuses?.length || statuses.every((s) => UNSOLVED.includes(s))))) where.push(UNSOLVED_SQL);
  if (statuses?.length && !allUnsolved)
    where.push(statuses.length === 1 ? `t.status = ${arg(statuses[0])}` : `t.status = any(${arg(statuses)}::text[])`);
  if (f.priority?.length) where.push(`t.priority = any(${arg(f.priority)}::text[])`);
  const anyOf = (parts: string[]) => (parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`);
  const assignees = list(f.assignee_id);
  if (assignees.length) {
    const ids = assignees.map((a) => (a === 'me' ? (actor.personId ?? -1) : a)).filter((a): a is number => typeof a === 'number');
    const parts: string[] = [];
    if (assignees.includes('none')) parts.push('t.assignee_id is null');
    if (ids.length) parts.push(ids.length === 1 ? `t.assignee_id = ${arg(ids[0])}` : `t.assignee_id = any(${arg(ids)}::bigint[])`);
    where.push(anyOf(parts));
  }
  const groups = list(f.group_id);
  if (groups.length) {
    const ids = groups.filter((g): g is number => typeof g === 'number');
    const parts: string[] = [];
    if (groups.includes('none')) parts.push('t.group_id is null');
    if (groups.includes('mine'))
      parts.push(`t.group_id in (select gm.group_id from group_members gm where gm.person_id = ${arg(actor.personId ?? -1)})`);
    if (ids.length) parts.push(ids.length === 1 ? `t.group_id = ${arg(ids[0])}` : `t.group_id = any(${arg(ids)}::bigint[])`);
    where.push(anyOf(parts));
  }
  if (f.plan?.length) {
    const ids = f.plan.filter((p): p is number => typeof p === 'number');
    const keys = f.plan.filter((p): p is string => typeof p === 'string');
    const parts: string[] = [];
    if (ids.length) parts.push(`t.plan_id = any(${arg(ids)}::bigint[])`);
    if (keys.length) parts.push(`t.plan_id in (select pl.id from plans pl where pl.key = any(${arg(keys)}::text[]))`);
    where.push(anyOf(parts));
  }
  if (f.organization_id != null) where.push(`t.organization_id = ${arg(f.organization_id)}`);
  if (f.requester_id != null) where.push(`t.requester_id = ${arg(f.requester_id)}`);
  if (f.category) where.push(`t.category = ${arg(f.category)}`);
  const channels = list(f.channel).filter(Boolean);
  if (channels.length) where.push(channels.length === 1 ? `t.channel = ${arg(channels[0])}` : `t.channel = any(${arg(channels)}::text[])`);
  if (f.tag) where.push(`t.tags @> array[${arg(f.tag.toLowerCase())}]::text[]`);
  if (f.tags?.length) where.push(`t.tags @> ${arg(f.tags.map((x) => x.toLowerCase()))}::text[]`);
  if (f.sla?.length) {
    // queue_due_at is the next breach time (infinity without a running clock): the queue index's first column.
    const now = (o.now ?? new Date()).getTime();
    const soon = new Date(now + (o.warningMs ?? 15 * 60_000));
    const at = new Date(now);
    if (f.sla.includes('at_risk') && f.sla.includes('breached')) where.push(`t.queue_due_at <= ${arg(soon)}::timestamptz`);
    else if (f.sla.includes('breached')) where.push(`t.queue_due_at <= ${arg(at)}::timestamptz`);
    else where.push(`t.queue_due_at > ${arg(at)}::timestamptz and t.queue_due_at <= ${arg(soon)}::timestamptz`);
  }
  if (f.created_from) where.push(`t.created_at >= ${arg(f.created_from)}::timestamptz`);
  if (f.created_to) where.push(`t.created_at < ${arg(f.created_to)}::timestamptz`);
  if (f.updated_from) where.push(`t.updated_at >= ${arg(f.updated_from)}::timestamptz`);
  if (f.updated_to) where.push(`t.updated_at < ${arg(f.updated_to)}::timestamptz`);
  // Custom fields: jsonb containment, served by the GIN index tickets_fields_idx (jsonb_path_ops, migration 0019).
  for (const group of f.custom_fields ?? []) {
    const parts = group.map((doc) => `t.fields @> ${arg(JSON.stringify(doc))}::jsonb`);
    if (parts.length) where.push(parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`);
  }
  return where;
}

/** The desk's SLA warning time, read only when a filter asks about SLA state. */
const warningFor = async (db: Db, f: { sla?: SlaFilter[] }) => (f.sla?.length ? (await loadSlaConfig(db)).warningMs : undefined);

/**
 * How many tickets match each filter, counting at most `cap` (then `capped`): one statement for all
 * of them, each count reading at most cap + 1 index entries, so it stays cheap at millions of tickets.
 */
export async function countTickets(
  db: Db,
  opts: { actor: Principal; filters: Array<Omit<TicketFilter, 'limit'>>; cap?: number; now?: Date },
) {
  const cap = opts.cap ?? 1000;
  if (!opts.filters.length) return [];
  const args: unknown[] = [];
  const arg = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };
  const warningMs = opts.filters.some((f) => f.sla?.length) ? (await loadSlaConfig(db)).warningMs : undefined;
  const limit = arg(cap + 1);
  const count = (f: Omit<TicketFilter, 'limit'>, groupScope?: 'groups' | 'mine-elsewhere') => {
    const where = ticketConditions(f, { actor: opts.actor, arg, now: opts.now, warningMs, groupScope });
    return `(select count(*)::int from (select 1 from tickets t ${where.length ? `where ${where.join(' and ')}` : ''} limit ${limit}) c)`;
  };
  // An agent limited to groups sees their groups' tickets or their own: counted as two disjoint halves,
  // each an index range (the `or` made every count walk the unsolved tickets of all groups).
  const cols = opts.filters.map(
    (f, i) => `${opts.actor.ticketGroups ? `${count(f, 'groups')} + ${count(f, 'mine-elsewhere')}` : count(f)} as n${i}`,
  );
  const row = (await db.query<Record<string, number>>(`select ${cols.join(', ')}`, args))[0];
  return opts.filters.map((_f, i) => {
    const n = Number(row[`n${i}`]);
    return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
  });
}

/**
 * Keyset-paginated ticket list; every filter and sort is backed by an index (see migrations).
 * The page is chosen first on `tickets` alone; names are looked up only for its rows.
 */
export async function listTickets(db: Db, opts: { actor: Principal; filter: TicketFilter; now?: Date }) {
  const { actor, filter: f } = opts;
  const sortName = f.sort ?? '-created_at';
  const sort = SORTS[sortName];
  const args: unknown[] = [];
  const arg = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };
  const where = ticketConditions(f, { actor, arg, now: opts.now, warningMs: await warningFor(db, f) });
  let match: string | null = null;
  let matchArg = -1;
  if (f.q) {
    const tsq = toTsQuery(f.q);
    if (!tsq) return { data: [], next_cursor: null };
    const p = arg(tsq);
    matchArg = args.length - 1;
    match = isStaff(actor)
      ? `(t.search @@ to_tsquery('simple', ${p}) or t.search_internal @@ to_tsquery('simple', ${p}))`
      : `t.search @@ to_tsquery('simple', ${p})`;
  }
  const after = decodeCursor(f.cursor, sort.keys.length);
  if (after) where.push(sort.after(after, arg));
  const limit = arg(f.limit + 1);
  const page = (inner: string) =>
    `select ${TICKET_COLUMNS}${TICKET_STATE_COLUMNS}, ${sort.select} from (${inner}) t order by ${sort.orderBy}`;
  const cond = (extra: string[]) => {
    const all = [...where, ...extra];
    return all.length ? `where ${all.join(' and ')}` : '';
  };

  let rows: Array<TicketRow & Record<string, unknown>>;
  if (match && sortName === '-created_at') {
    // Two steps: recent matches by walking created_at backwards (fast for common terms), then, if the
    // page is not full, older ones found through the search index only (fast for rare terms).
    // The walk tests the words on the window's tickets only: the subquery with its OFFSET keeps the
    // planner from answering the words through the search index (recentWindow.ts).
    const cutoff = arg(await recentCutoff(db, opts.now));
    rows = await db.query(
      page(
        `select t.* from (select t.* from tickets t ${cond([`t.created_at >= ${cutoff}`])} order by ${sort.orderBy} offset 0) t
          where ${match} order by ${sort.orderBy} limit ${limit}`,
      ),
      args,
    );
    if (rows.length <= f.limit) {
      // The index is asked with the prefixes spelled out as words (searchWords.ts).
      args[matchArg] = (await indexTsQuery(db, f.q ?? '')) ?? args[matchArg];
      const older = await db.query<TicketRow & Record<string, unknown>>(
        `with m as materialized (select t.id from tickets t where ${match} and t.created_at < ${cutoff}) ` +
          page(`select t.* from tickets t ${cond([`t.id in (select id from m)`])} order by ${sort.orderBy} limit ${limit}`),
        args,
      );
      rows = [...rows, ...older].slice(0, f.limit + 1);
    }
  } else {
    if (match) args[matchArg] = (await indexTsQuery(db, f.q ?? '')) ?? args[matchArg];
    rows = await db.query(page(`select t.* from tickets t ${cond(match ? [match] : [])} order by ${sort.orderBy} limit ${limit}`), args);
  }
  const more = rows.length > f.limit;
  const data = more ? rows.slice(0, f.limit) : rows;
  const last = data[data.length - 1];
  return { data: data.map((r) => presentTicket(r, actor)), next_cursor: more ? encodeCursor(sort.keys.map((k) => last[k])) : null };
}
