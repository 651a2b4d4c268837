import type { Db } from '../../db/client.ts';
import { toTsQuery } from '../../domain/search/tokenize.ts';
import { UNSOLVED, type Priority, type Status } from '../../domain/tickets/ticket.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { presentTicket } from './ticketPresenter.ts';
import { TICKET_COLUMNS, TICKET_STATE_COLUMNS, type TicketRow } from './ticketRepository.ts';
import { SORTS, type SortName } from './ticketSorts.ts';

export interface TicketFilter {
  status?: Status[]; priority?: Priority[]; assignee_id?: number | 'none' | 'me'; group_id?: number | 'none'; organization_id?: number;
  requester_id?: number; tag?: string; q?: string; sort?: SortName; cursor?: string; limit: number; category?: string; channel?: string;
  /** The ticket number people read and type (#1000): at most one ticket. */
  number?: number;
}

/** Newest-first searches look at this recent window first (an index walk), then at older tickets through the search index alone. */
const RECENT_MS = 30 * 24 * 3600_000;

/**
 * Keyset-paginated ticket list; every filter and sort is backed by an index (see migrations).
 * The page is chosen first on `tickets` alone; names are looked up only for its rows.
 */
export async function listTickets(db: Db, opts: { actor: Principal; filter: TicketFilter; now?: Date }) {
  const { actor, filter: f } = opts;
  const sortName = f.sort ?? '-created_at';
  const sort = SORTS[sortName];
  const where: string[] = [];
  const args: unknown[] = [];
  const arg = (v: unknown) => { args.push(v); return `$${args.length}`; };

  if (!isStaff(actor)) {
    const scope = actor.organizationId != null ? `t.organization_id = ${arg(actor.organizationId)}` : `t.requester_id = ${arg(actor.personId)}`;
    // A lookup by number sees exactly what GET /tickets/:id sees (ticketPolicy.canSee): the organization's tickets and one's own.
    where.push(f.number != null && actor.organizationId != null ? `(${scope} or t.requester_id = ${arg(actor.personId)})` : scope);
  }
  if (f.number != null) where.push(`t.number = ${arg(f.number)}`);
  const statuses = f.status;
  // The queue's partial index is written for exactly this predicate; keep it literal so the planner can use it.
  if (!statuses && f.sort === 'queue') where.push(`t.status in (${UNSOLVED.map((s) => `'${s}'`).join(', ')})`);
  else if (statuses?.length) where.push(statuses.length === 1 ? `t.status = ${arg(statuses[0])}` : `t.status = any(${arg(statuses)}::text[])`);
  if (f.priority?.length) where.push(`t.priority = any(${arg(f.priority)}::text[])`);
  if (f.assignee_id === 'none') where.push('t.assignee_id is null');
  else if (f.assignee_id === 'me') where.push(`t.assignee_id = ${arg(actor.personId ?? -1)}`);
  else if (f.assignee_id != null) where.push(`t.assignee_id = ${arg(f.assignee_id)}`);
  if (f.group_id === 'none') where.push('t.group_id is null');
  else if (f.group_id != null) where.push(`t.group_id = ${arg(f.group_id)}`);
  if (f.organization_id != null) where.push(`t.organization_id = ${arg(f.organization_id)}`);
  if (f.requester_id != null) where.push(`t.requester_id = ${arg(f.requester_id)}`);
  if (f.category) where.push(`t.category = ${arg(f.category)}`);
  if (f.channel) where.push(`t.channel = ${arg(f.channel)}`);
  if (f.tag) where.push(`t.tags @> array[${arg(f.tag.toLowerCase())}]::text[]`);
  let match: string | null = null;
  if (f.q) {
    const tsq = toTsQuery(f.q);
    if (!tsq) return { data: [], next_cursor: null };
    const p = arg(tsq);
    match = isStaff(actor)
      ? `(t.search @@ to_tsquery('simple', ${p}) or t.search_internal @@ to_tsquery('simple', ${p}))`
      : `t.search @@ to_tsquery('simple', ${p})`;
  }
  const after = decodeCursor(f.cursor, sort.keys.length);
  if (after) where.push(sort.after(after, arg));
  const limit = arg(f.limit + 1);
  const page = (inner: string) => `select ${TICKET_COLUMNS}${TICKET_STATE_COLUMNS}, ${sort.select} from (${inner}) t order by ${sort.orderBy}`;
  const cond = (extra: string[]) => { const all = [...where, ...extra]; return all.length ? `where ${all.join(' and ')}` : ''; };

  let rows: Array<TicketRow & Record<string, unknown>>;
  if (match && sortName === '-created_at') {
    // Two steps: recent matches by walking created_at backwards (fast for common terms), then, if the
    // page is not full, older ones found through the search index only (fast for rare terms).
    const cutoff = arg(new Date((opts.now ?? new Date()).getTime() - RECENT_MS));
    rows = await db.query(page(`select t.* from tickets t ${cond([match, `t.created_at >= ${cutoff}`])} order by ${sort.orderBy} limit ${limit}`), args);
    if (rows.length <= f.limit) {
      const older = await db.query<TicketRow & Record<string, unknown>>(
        `with m as materialized (select t.id from tickets t where ${match} and t.created_at < ${cutoff}) ` +
        page(`select t.* from tickets t ${cond([`t.id in (select id from m)`])} order by ${sort.orderBy} limit ${limit}`), args);
      rows = [...rows, ...older].slice(0, f.limit + 1);
    }
  } else {
    rows = await db.query(page(`select t.* from tickets t ${cond(match ? [match] : [])} order by ${sort.orderBy} limit ${limit}`), args);
  }
  const more = rows.length > f.limit;
  const data = more ? rows.slice(0, f.limit) : rows;
  const last = data[data.length - 1];
  return { data: data.map((r) => presentTicket(r, actor)), next_cursor: more ? encodeCursor(sort.keys.map((k) => last[k])) : null };
}
