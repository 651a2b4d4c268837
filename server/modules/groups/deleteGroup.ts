import type { Db } from '../../db/client.ts';
import { forbidden, notFound, text, unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { forgetAllCredentials } from '../auth/authenticate.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { changeTicket } from '../tickets/ticketPipeline.ts';
import { GROUP_DELETION_MAX_TICKETS, readGroupDeletionImpact } from './groupDeletion.ts';

/**
 * Deletes a group, in one transaction (docs/access.md, "Deleting a group"):
 * 1. its tickets that are not closed move to `moveTo` (or to no group), each through the ticket
 *    pipeline with its `ticket.updated` event, as a bulk change would;
 * 2. views that filter on it filter on `moveTo` instead (or on "no group": the same tickets), and
 *    macros and support addresses that put tickets in it put them in `moveTo` (or no longer set a group);
 * 3. its members leave it (each audited, as a membership change is);
 * 4. the row stays, marked deleted, so closed tickets, history and reports still name it.
 */
export async function deleteGroup(db: Db, opts: { actor: Principal; id: number; moveTo: number | null; meta?: RequestMeta }) {
  const { actor, id, moveTo } = opts;
  if (!isAdmin(actor)) throw forbidden(text('groups.errors.admin_only'));
  const result = await db.tx(async (q) => {
    // Lock the group first: two deletions, or a deletion and a rename, take turns.
    const locked = await q.query(`select id from groups where id = $1 and deleted_at is null for update`, [id]);
    if (!locked.length) throw notFound('Group', id);
    const impact = (await readGroupDeletionImpact(q, id))!;
    const name = impact.group.name;
    if (moveTo === id) throw unprocessable(t(actor.locale, 'groups.move_to_self'), { field: 'move_to' });
    let moveToName: string | null = null;
    if (moveTo != null) {
      const target = await q.query<{ name: string }>(`select name from groups where id = $1 and deleted_at is null for share`, [moveTo]);
      if (!target.length) throw unprocessable(t(actor.locale, 'groups.move_to_unknown', { id: moveTo }), { field: 'move_to' });
      moveToName = target[0].name;
    }
    if (impact.tickets > GROUP_DELETION_MAX_TICKETS)
      throw unprocessable(t(actor.locale, 'groups.too_many_tickets', { name, max: GROUP_DELETION_MAX_TICKETS }), {
        field: 'id',
        reason: 'too_many_tickets',
        max: GROUP_DELETION_MAX_TICKETS,
      });
    const tickets = await q.query<{ id: number }>(`select id from tickets where group_id = $1 and status <> 'closed' order by id`, [id]);
    const at = new Date();
    for (const row of tickets)
      await changeTicket(q, {
        ticketId: Number(row.id),
        actorId: actor.personId,
        apply: (cur) => ({
          patch: { group_id: moveTo },
          at,
          events: [{ type: 'ticket.updated', data: { changes: { group_id: [cur.group_id, moveTo] } } }],
          result: null,
        }),
      });
    const replacement = JSON.stringify(moveTo ?? 'none');
    const views = await q.query(
      `update views set updated_at = now(), filters = jsonb_set(filters, '{group}',
              (select jsonb_agg(distinct case when e = to_jsonb($1::bigint) then $2::jsonb else e end) from jsonb_array_elements(filters->'group') e))
        where filters->'group' @> jsonb_build_array($1::bigint) returning id`,
      [id, replacement],
    );
    const macros = await q.query(
      `update macros set updated_at = now(),
              actions = case when $2::bigint is null then actions - 'group_id' else jsonb_set(actions, '{group_id}', to_jsonb($2::bigint)) end
        where actions->'group_id' = to_jsonb($1::bigint) returning id`,
      [id, moveTo],
    );
    // Support addresses that route mail to it route to `moveTo` instead (or to no group), as macros do.
    const addresses = await q.query(`update support_addresses set group_id = $2, updated_at = now() where group_id = $1 returning id`, [
      id,
      moveTo,
    ]);
    await q.query(`delete from group_members where group_id = $1`, [id]);
    for (const m of impact.members)
      await recordAudit(q, {
        type: 'person.groups_changed',
        personId: m.id,
        actorId: actor.personId,
        meta: opts.meta,
        data: { left_group: name, group_deleted: true },
      });
    await q.query(`update groups set deleted_at = $2 where id = $1`, [id, at]);
    await recordAudit(q, {
      type: 'group.deleted',
      actorId: actor.personId,
      meta: opts.meta,
      data: {
        group: name,
        moved_to: moveToName,
        tickets_moved: tickets.length,
        views_changed: views.length,
        macros_changed: macros.length,
        addresses_changed: addresses.length,
        members_removed: impact.members.length,
      },
    });
    return {
      id,
      deleted: true,
      moved_to: moveTo,
      tickets_moved: tickets.length,
      views_changed: views.length,
      macros_changed: macros.length,
      addresses_changed: addresses.length,
      members_removed: impact.members.length,
    };
  });
  // A group-limited agent's principal carries their groups (auth/authenticate.ts): read them again.
  forgetAllCredentials();
  return result;
}
