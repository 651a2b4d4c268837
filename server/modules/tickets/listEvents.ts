import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { decodeCursor, page } from '../shared/cursor.ts';
import { loadVisibleTicket } from './getTicket.ts';
import { ticketPolicy } from './ticketPolicy.ts';

type PointerData = { into?: number; from?: number; other_id?: number };
/** Events that point to another ticket (by id). */
const POINTING = new Set(['ticket.merged', 'ticket.split', 'ticket.linked', 'ticket.unlinked']);

/** The numbers (#1006) of the tickets that events on this page point to, in one query. */
async function mergedNumbers(db: Db, events: EventRow[]): Promise<Map<number, number>> {
  const ids = [
    ...new Set(
      events
        .filter((e) => POINTING.has(e.type))
        .flatMap((e) => {
          const d = e.data as PointerData;
          return [d.into, d.from, d.other_id];
        })
        .filter((x): x is number => x != null)
        .map(Number),
    ),
  ];
  if (!ids.length) return new Map();
  const rows = await db.query<{ id: number; number: number }>(`select id, number from tickets where id = any($1::bigint[])`, [ids]);
  return new Map(rows.map((r) => [Number(r.id), Number(r.number)]));
}

/** Merge, split and link events name the other ticket by number as well as by id: people know tickets by number. */
function withNumbers(e: EventRow, numbers: Map<number, number>): unknown {
  if (!POINTING.has(e.type)) return e.data;
  const d = e.data as PointerData;
  const n = (id: number | undefined) => numbers.get(Number(id)) ?? null;
  return {
    ...d,
    ...(d.into != null ? { into_number: n(d.into) } : {}),
    ...(d.from != null ? { from_number: n(d.from) } : {}),
    ...(d.other_id != null ? { other_number: n(d.other_id) } : {}),
  };
}

const groupChange = (e: EventRow): unknown[] | null => {
  if (e.type !== 'ticket.updated') return null;
  const c = (e.data as { changes?: { group_id?: unknown[] } }).changes?.group_id;
  return Array.isArray(c) ? c : null;
};

/**
 * Group changes name the groups as well as their ids (`group_names`, id → name), deleted groups
 * too: the console's list of groups no longer has them, and the history must still read.
 */
async function groupNames(db: Db, events: EventRow[]): Promise<Map<number, string>> {
  const ids = [
    ...new Set(
      events
        .flatMap((e) => groupChange(e) ?? [])
        .filter((v) => v != null)
        .map(Number),
    ),
  ];
  if (!ids.length) return new Map();
  const rows = await db.query<{ id: number; name: string }>(`select id, name from groups where id = any($1::bigint[])`, [ids]);
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

function withGroupNames(e: EventRow, data: unknown, names: Map<number, string>): unknown {
  const c = groupChange(e);
  if (!c) return data;
  const group_names = Object.fromEntries(c.filter((v) => v != null && names.has(Number(v))).map((v) => [String(v), names.get(Number(v))!]));
  return { ...(data as object), group_names };
}

interface EventRow {
  id: number;
  ticket_id: number;
  actor_id: number | null;
  actor_name: string | null;
  type: string;
  data: unknown;
  created_at: Date;
}

/** The append-only history of a ticket: who changed what, when. Staff only. */
export async function listEvents(db: Db, opts: { actor: Principal; ticketId: number; cursor?: string; limit: number }) {
  await loadVisibleTicket(db, opts.actor, opts.ticketId);
  if (!ticketPolicy.canSeeEvents(opts.actor)) throw forbidden(text('tickets.errors.events_staff_only'));
  const after = decodeCursor(opts.cursor, 1) as [number] | null;
  const rows = await db.query<EventRow>(
    `select e.id, e.ticket_id, e.actor_id, p.name as actor_name, e.type, e.data, e.created_at from ticket_events e left join people p on p.id = e.actor_id
      where e.ticket_id = $1 and ($2::bigint is null or e.id > $2) order by e.id limit $3`,
    [opts.ticketId, after?.[0] ?? null, opts.limit + 1],
  );
  const p = page(rows, opts.limit, (r) => [r.id]);
  const numbers = await mergedNumbers(db, p.data);
  const groups = await groupNames(db, p.data);
  return {
    data: p.data.map((e) => ({
      id: e.id,
      ticket_id: e.ticket_id,
      type: e.type,
      actor: e.actor_id ? { id: e.actor_id, name: e.actor_name } : null,
      data: withGroupNames(e, withNumbers(e, numbers), groups),
      created_at: e.created_at,
    })),
    next_cursor: p.next_cursor,
  };
}
