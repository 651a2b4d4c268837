import type { Db } from '../../db/client.ts';
import { toTsQuery } from '../../domain/search/tokenize.ts';
import { UNSOLVED, type Priority, type Status } from '../../domain/tickets/ticket.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { ticketHooks } from './ticketHooks.ts';
import { presentTicket } from './ticketPresenter.ts';
import { TICKET_COLUMNS, TICKET_JOINS, type TicketRow } from './ticketRepository.ts';
import { SORTS, type SortName } from './ticketSorts.ts';

export interface TicketFilter {
  status?: Status[]; priority?: Priority[]; assignee_id?: number | 'none' | 'me'; group_id?: number | 'none'; organization_id?: number;
  requester_id?: number; tag?: string; q?: string; sort?: SortName; cursor?: string; limit: number; category?: string; channel?: string;
}

/** Keyset-paginated ticket list; every filter and sort is backed by an index (see migrations). */
export async function listTickets(db: Db, opts: { actor: Principal; filter: TicketFilter }) {
  const { actor, filter: f } = opts;
  const sort = SORTS[f.sort ?? '-created_at'];
  const where: string[] = [];
  const args: unknown[] = [];
  const arg = (v: unknown) => { args.push(v); return `$${args.length}`; };

  if (!isStaff(actor)) {
    where.push(actor.organizationId != null ? `t.organization_id = ${arg(actor.organizationId)}` : `t.requester_id = ${arg(actor.personId)}`);
  }
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
  if (f.q) {
    const tsq = toTsQuery(f.q);
    if (!tsq) return { data: [], next_cursor: null };
    const p = arg(tsq);
    where.push(isStaff(actor)
      ? `(t.search @@ to_tsquery('simple', ${p}) or t.search_internal @@ to_tsquery('simple', ${p}))`
      : `t.search @@ to_tsquery('simple', ${p})`);
  }
  const after = decodeCursor(f.cursor, sort.keys.length);
  if (after) where.push(sort.after(after, arg));

  const sql = `select ${TICKET_COLUMNS}${ticketHooks.extraColumns}, ${sort.select} from tickets t ${TICKET_JOINS}
    ${where.length ? 'where ' + where.join(' and ') : ''} order by ${sort.orderBy} limit ${arg(f.limit + 1)}`;
  const rows = await db.query<TicketRow & Record<string, unknown>>(sql, args);
  const more = rows.length > f.limit;
  const data = more ? rows.slice(0, f.limit) : rows;
  const last = data[data.length - 1];
  return {
    data: data.map((r) => presentTicket(r)),
    next_cursor: more ? encodeCursor(sort.keys.map((k) => last[k])) : null,
  };
}
