import type { Queryable } from '../../db/client.ts';

/** Most tickets one deletion moves (each records its own event inside one transaction). */
export const GROUP_DELETION_MAX_TICKETS = 5000;

/** Views whose filter names the group, and macros that put tickets in it. */
const VIEWS_SQL = `select id, coalesce(name, key) as name, shared from views where filters->'group' @> jsonb_build_array($1::bigint) order by id`;
const MACROS_SQL = `select id, name, owner_id is null as shared from macros where actions->'group_id' = to_jsonb($1::bigint) order by id`;
/** Support addresses whose new tickets go to the group (docs/email.md, "Addresses and groups"). */
const ADDRESSES_SQL = `select id, email as name from support_addresses where group_id = $1 order by id`;

export interface GroupDeletionImpact {
  group: { id: number; name: string };
  /** Tickets not closed: they move to the chosen group (or to none) through the ticket pipeline. */
  tickets: number;
  /** Closed tickets keep the group by name, as their history does. */
  closed_tickets: number;
  members: Array<{ id: number; name: string; limited_to_groups: boolean; other_groups: number }>;
  views: Array<{ id: number; name: string; shared: boolean }>;
  macros: Array<{ id: number; name: string; shared: boolean }>;
  /** Support addresses that route mail to it: they route to the chosen group (or to none). */
  addresses: Array<{ id: number; name: string }>;
}

/** What deleting a live group touches; null when there is no such group (or it is deleted). */
export async function readGroupDeletionImpact(q: Queryable, id: number): Promise<GroupDeletionImpact | null> {
  const g = (await q.query<{ id: number; name: string }>(`select id, name from groups where id = $1 and deleted_at is null`, [id]))[0];
  if (!g) return null;
  const counts = (
    await q.query<{ open: number; closed: number }>(
      `select count(*) filter (where status <> 'closed')::int as open, count(*) filter (where status = 'closed')::int as closed
         from tickets where group_id = $1`,
      [id],
    )
  )[0];
  const members = await q.query<{ id: number; name: string; limited: boolean; other_groups: number }>(
    `select p.id, p.name, p.role = 'agent' and p.ticket_access = 'groups' as limited,
            (select count(*)::int from group_members o join groups og on og.id = o.group_id
              where o.person_id = p.id and o.group_id <> $1 and og.deleted_at is null) as other_groups
       from group_members m join people p on p.id = m.person_id where m.group_id = $1 order by lower(p.name), p.id`,
    [id],
  );
  const views = await q.query<{ id: number; name: string; shared: boolean }>(VIEWS_SQL, [id]);
  const macros = await q.query<{ id: number; name: string; shared: boolean }>(MACROS_SQL, [id]);
  const addresses = await q.query<{ id: number; name: string }>(ADDRESSES_SQL, [id]);
  return {
    group: { id: Number(g.id), name: g.name },
    tickets: counts.open,
    closed_tickets: counts.closed,
    members: members.map((m) => ({ id: Number(m.id), name: m.name, limited_to_groups: m.limited, other_groups: m.other_groups })),
    views: views.map((v) => ({ id: Number(v.id), name: v.name, shared: v.shared })),
    macros: macros.map((m) => ({ id: Number(m.id), name: m.name, shared: m.shared })),
    addresses: addresses.map((a) => ({ id: Number(a.id), name: a.name })),
  };
}
