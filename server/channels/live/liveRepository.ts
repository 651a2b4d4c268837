import type { Queryable } from '../../db/client.ts';
import { CUSTOMER_EVENTS_SQL, type LiveEvent } from './liveFilter.ts';

const COLUMNS = `e.id, e.ticket_id, e.actor_id, e.type, e.data, e.created_at, t.organization_id, t.requester_id, t.group_id, t.assignee_id`;

/** The live gateway's SQL. */
export const liveRepository = {
  /** Events by id (the ids a burst of notifications named), in id order. */
  byIds: (q: Queryable, ids: number[]) =>
    q.query<LiveEvent>(
      `select ${COLUMNS} from ticket_events e join tickets t on t.id = e.ticket_id where e.id = any($1::bigint[]) order by e.id`,
      [ids],
    ),

  /** Events after `after`, at most `limit` (staff: all; a customer: only what the customer side may hear of). */
  after: (q: Queryable, after: number, limit: number, customer?: { personId: number; organizationId: number | null }) =>
    customer
      ? q.query<LiveEvent>(
          `select ${COLUMNS} from ticket_events e join tickets t on t.id = e.ticket_id
          where e.id > $3 and ${CUSTOMER_EVENTS_SQL} order by e.id limit $4`,
          [customer.personId, customer.organizationId, after, limit],
        )
      : q.query<LiveEvent>(
          `select ${COLUMNS} from ticket_events e join tickets t on t.id = e.ticket_id where e.id > $1 order by e.id limit $2`,
          [after, limit],
        ),

  /** The newest event id (0 when none). */
  lastId: async (q: Queryable) =>
    Number((await q.query<{ id: number }>(`select coalesce(max(id), 0)::int8 as id from ticket_events`))[0].id),

  /** The newest event a customer may hear of (0 when none): per visible ticket, its newest such event. */
  lastVisibleId: async (q: Queryable, customer: { personId: number; organizationId: number | null }) =>
    Number(
      (
        await q.query<{ id: number }>(
          `select coalesce(max(x.id), 0)::int8 as id from tickets t
      cross join lateral (select max(e.id) as id from ticket_events e where e.ticket_id = t.id and ${CUSTOMER_EVENTS_SQL}) x
      where t.requester_id = $1 or (t.organization_id is not null and t.organization_id = $2)`,
          [customer.personId, customer.organizationId],
        )
      )[0].id,
    ),

  names: (q: Queryable, ids: number[]) =>
    q.query<{ id: number; name: string }>(`select id, name from people where id = any($1::bigint[])`, [ids]),

  /** Sends a presence update to every instance (payloads stay far below PostgreSQL's 8000 bytes). */
  notify: (q: Queryable, channel: string, payload: string) => q.query(`select pg_notify($1, $2)`, [channel, payload]),
};
