import { forgetAllCredentials } from '../auth/authenticate.ts';
import type { Db } from '../../db/client.ts';
import { conflict, forbidden, notFound, text, unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { decodeCursor, page, pgCode } from '../shared/cursor.ts';

interface GroupRow {
  id: number;
  name: string;
  description: string;
  created_at: Date;
  member_ids: number[];
}
const SELECT = `select g.id, g.name, g.description, g.created_at,
  coalesce((select array_agg(m.person_id order by m.person_id) from group_members m where m.group_id = g.id), '{}') as member_ids from groups g`;

const present = (g: GroupRow) => ({
  id: g.id,
  name: g.name,
  description: g.description,
  member_ids: g.member_ids.map(Number),
  created_at: g.created_at,
});

function staffOnly(actor: Principal) {
  if (!isStaff(actor)) throw forbidden(text('groups.errors.staff_only'));
}
function adminOnly(actor: Principal) {
  if (!isAdmin(actor)) throw forbidden(text('groups.errors.admin_only'));
}

async function get(db: Db, id: number) {
  const g = (await db.query<GroupRow>(`${SELECT} where g.id = $1 and g.deleted_at is null`, [id]))[0];
  if (!g) throw notFound('Group', id);
  return present(g);
}

/**
 * Replaces a group's members. For an agent limited to their groups, membership is what tickets they
 * see, so each person who joins or leaves gets an audit entry (`person.groups_changed`), as a change
 * of their ticket access does.
 */
async function setMembers(db: Db, o: { id: number; memberIds: number[]; actor: Principal; meta?: RequestMeta }) {
  const { id, memberIds } = o;
  await db.tx(async (q) => {
    const before = await q.query<{ person_id: number }>(`select person_id from group_members where group_id = $1`, [id]);
    await q.query(`delete from group_members where group_id = $1`, [id]);
    if (memberIds.length) {
      const staff = await q.query<{ id: number }>(`select id from people where id = any($1::bigint[]) and role in ('agent', 'admin')`, [
        memberIds,
      ]);
      const missing = memberIds.filter((m) => !staff.some((s) => s.id === m));
      if (missing.length) throw unprocessable(text('groups.errors.not_staff', { ids: missing.join(', ') }), { field: 'member_ids' });
      await q.query(`insert into group_members (group_id, person_id) select $1, unnest($2::bigint[]) on conflict do nothing`, [
        id,
        memberIds,
      ]);
    }
    const name = (await q.query<{ name: string }>(`select name from groups where id = $1`, [id]))[0]?.name;
    const was = new Set(before.map((b) => Number(b.person_id)));
    const now = new Set(memberIds);
    const audit = { type: 'person.groups_changed' as const, actorId: o.actor.personId, meta: o.meta };
    for (const p of now) if (!was.has(p)) await recordAudit(q, { ...audit, personId: p, data: { joined: name } });
    for (const p of was) if (!now.has(p)) await recordAudit(q, { ...audit, personId: p, data: { left_group: name } });
  });
  // A group-limited agent's principal carries their groups (auth/authenticate.ts): read them again.
  forgetAllCredentials();
}

export async function createGroup(
  db: Db,
  opts: { actor: Principal; name: string; description?: string; member_ids?: number[]; meta?: RequestMeta },
) {
  adminOnly(opts.actor);
  let id: number;
  try {
    id = (
      await db.query<{ id: number }>(`insert into groups (name, description) values ($1, $2) returning id`, [
        opts.name,
        opts.description ?? '',
      ])
    )[0].id;
  } catch (e) {
    if (pgCode(e) === '23505') throw conflict(t(opts.actor.locale, 'groups.name_taken', { name: opts.name ?? '' }), { field: 'name' });
    throw e;
  }
  if (opts.member_ids) await setMembers(db, { id, memberIds: opts.member_ids, actor: opts.actor, meta: opts.meta });
  return get(db, id);
}

export async function updateGroup(
  db: Db,
  opts: { actor: Principal; id: number; name?: string; description?: string; member_ids?: number[]; meta?: RequestMeta },
) {
  adminOnly(opts.actor);
  await get(db, opts.id);
  try {
    await db.query(`update groups set name = coalesce($2, name), description = coalesce($3, description) where id = $1`, [
      opts.id,
      opts.name ?? null,
      opts.description ?? null,
    ]);
  } catch (e) {
    if (pgCode(e) === '23505') throw conflict(t(opts.actor.locale, 'groups.name_taken', { name: opts.name ?? '' }), { field: 'name' });
    throw e;
  }
  if (opts.member_ids) await setMembers(db, { id: opts.id, memberIds: opts.member_ids, actor: opts.actor, meta: opts.meta });
  return get(db, opts.id);
}

export async function getGroup(db: Db, opts: { actor: Principal; id: number }) {
  staffOnly(opts.actor);
  return get(db, opts.id);
}

export async function listGroups(db: Db, opts: { actor: Principal; cursor?: string; limit: number }) {
  staffOnly(opts.actor);
  const after = decodeCursor(opts.cursor, 2) as [string, number] | null;
  const rows = await db.query<GroupRow>(
    `${SELECT} where g.deleted_at is null and ($1::text is null or (lower(g.name), g.id) > ($1, $2::bigint)) order by lower(g.name), g.id limit $3`,
    [after?.[0] ?? null, after?.[1] ?? null, opts.limit + 1],
  );
  const p = page(rows, opts.limit, (r) => [r.name.toLowerCase(), r.id]);
  return { data: p.data.map(present), next_cursor: p.next_cursor };
}
