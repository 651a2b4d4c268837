import type { Db, Queryable } from '../../db/client.ts';
import { enqueue } from '../../jobs/queue.ts';
import { defineJob } from '../../jobs/registry.ts';
import type { TicketChanges } from '../../domain/tickets/events.ts';
import type { Principal } from '../auth/principal.ts';
import { changeTicket } from '../tickets/ticketPipeline.ts';

export const RELEASE_TICKETS_JOB = 'people.release_tickets';
/** Tickets one job unassigns before handing the rest to the next (id order). */
export const RELEASE_BATCH = 100;
const UNSOLVED_STATUSES: readonly string[] = ['new', 'open', 'pending', 'on_hold'];

/**
 * Queued in the transaction that deactivates someone or makes them a customer: their unsolved tickets
 * are unassigned (back to their group's queue), each through the ticket change path, by the admin who
 * did it. Solved and closed tickets keep their assignee: that is who worked them (reports).
 */
export const queueTicketRelease = (q: Queryable, o: { personId: number; actorId: number | null }) =>
  enqueue(q, RELEASE_TICKETS_JOB, { person_id: o.personId, actor_id: o.actorId, after: 0 }, { singletonKey: `release:${o.personId}:0` });

/** One batch: returns how many tickets it unassigned. A person active and staff again is left alone. */
export async function releaseTickets(db: Db, o: { personId: number; actorId: number | null; after: number; batch?: number }) {
  const batch = o.batch ?? RELEASE_BATCH;
  const [person] = await db.query<{ active: boolean; role: string }>(`select active, role from people where id = $1`, [o.personId]);
  if (!person || (person.active && person.role !== 'customer')) return { released: 0, last: null };
  const [admin] = o.actorId
    ? await db.query<{ id: number; locale: string | null }>(`select id, locale from people where id = $1 and role = 'admin' and active`, [
        o.actorId,
      ])
    : [];
  const actor: Principal = admin
    ? { kind: 'person', personId: admin.id, role: 'admin', organizationId: null, locale: admin.locale ?? 'en', via: 'local' }
    : { kind: 'system', personId: null, role: 'admin', organizationId: null, locale: 'en', via: 'local' };
  const ids = (
    await db.query<{ id: number }>(
      `select id from tickets where assignee_id = $1 and status in ('new', 'open', 'pending', 'on_hold') and id > $2 order by id limit $3`,
      [o.personId, o.after, batch],
    )
  ).map((r) => Number(r.id));
  let released = 0;
  for (const id of ids) {
    // Checked again under the ticket's lock: one reassigned or solved meanwhile is left as it is.
    const changed = await db.tx((q) =>
      changeTicket(q, {
        ticketId: id,
        actorId: actor.personId,
        apply: (cur) =>
          cur.assignee_id === o.personId && UNSOLVED_STATUSES.includes(cur.status)
            ? {
                patch: { assignee_id: null },
                result: true,
                events: [{ type: 'ticket.updated' as const, data: { changes: { assignee_id: [cur.assignee_id, null] } as TicketChanges } }],
              }
            : { events: [], result: false },
      }),
    );
    if (changed) released += 1;
  }
  return { released, last: ids.length === batch ? ids[ids.length - 1] : null };
}

export function registerPeopleJobs() {
  defineJob({
    name: RELEASE_TICKETS_JOB,
    async handler(p, ctx) {
      const o = { personId: Number(p.person_id), actorId: p.actor_id == null ? null : Number(p.actor_id), after: Number(p.after ?? 0) };
      const r = await releaseTickets(ctx.db, o);
      if (r.released) ctx.log.info({ person_id: o.personId, released: r.released }, 'tickets of a deactivated person unassigned');
      if (r.last != null)
        await enqueue(ctx.db, RELEASE_TICKETS_JOB, { ...p, after: r.last }, { singletonKey: `release:${o.personId}:${r.last}` });
    },
  });
}
