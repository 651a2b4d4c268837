import { TICKET_GROUPS_SQL } from '../auth/authRepository.ts';
import type { Queryable } from '../../db/client.ts';
import type { ComponentStatus, IncidentStatus } from '../../domain/status/status.ts';

export interface ComponentRow {
  key: string;
  name_en: string;
  name_zh: string;
  status: ComponentStatus;
  position: number;
  updated_at: Date;
}
export interface IncidentRow {
  id: number;
  title: string;
  status: IncidentStatus;
  components: string[];
  created_by: number | null;
  created_at: Date;
  resolved_at: Date | null;
}
export interface UpdateRow {
  id: number;
  incident_id: number;
  status: IncidentStatus;
  message: string;
  created_by: number | null;
  created_at: Date;
}

const INCIDENT = `id, title, status, components, created_by, created_at, resolved_at`;

/** The status page's SQL (docs/status.md). */
export const statusRepository = {
  components: (q: Queryable) =>
    q.query<ComponentRow>(`select key, name_en, name_zh, status, position, updated_at from status_components order by position, key`),

  async upsertComponent(
    q: Queryable,
    key: string,
    v: { name_en?: string; name_zh?: string; status?: ComponentStatus; position?: number },
  ): Promise<ComponentRow | null> {
    const rows = await q.query<ComponentRow>(
      `insert into status_components (key, name_en, name_zh, status, position)
       select $1, $2, $3, coalesce($4, 'operational'), coalesce($5, (select coalesce(max(position), -1) + 1 from status_components))
        where $2::text is not null and $3::text is not null
       on conflict (key) do update set name_en = coalesce($2, status_components.name_en), name_zh = coalesce($3, status_components.name_zh),
          status = coalesce($4, status_components.status), position = coalesce($5, status_components.position), updated_at = now()
       returning key, name_en, name_zh, status, position, updated_at`,
      [key, v.name_en ?? null, v.name_zh ?? null, v.status ?? null, v.position ?? null],
    );
    if (rows[0]) return rows[0];
    // No names and no such component: nothing was inserted; an existing one is updated here.
    const upd = await q.query<ComponentRow>(
      `update status_components set status = coalesce($2, status), position = coalesce($3, position), updated_at = now() where key = $1
       returning key, name_en, name_zh, status, position, updated_at`,
      [key, v.status ?? null, v.position ?? null],
    );
    return upd[0] ?? null;
  },

  /** Open incidents (newest first) and those resolved in the last `recentDays` days. */
  visibleIncidents: (q: Queryable, recentDays: number) =>
    q.query<IncidentRow>(
      `(select ${INCIDENT} from status_incidents where resolved_at is null order by created_at desc, id desc limit 50)
       union all
       (select ${INCIDENT} from status_incidents where resolved_at is not null and resolved_at > now() - make_interval(days => $1::int)
         order by resolved_at desc, id desc limit 20)`,
      [recentDays],
    ),

  openIncidents: (q: Queryable) =>
    q.query<IncidentRow>(`select ${INCIDENT} from status_incidents where resolved_at is null order by created_at desc, id desc limit 50`),

  async incident(q: Queryable, id: number, o: { lock?: boolean } = {}): Promise<IncidentRow | null> {
    const rows = await q.query<IncidentRow>(`select ${INCIDENT} from status_incidents where id = $1${o.lock ? ' for update' : ''}`, [id]);
    return rows[0] ?? null;
  },

  updatesOf: (q: Queryable, ids: number[]) =>
    q.query<UpdateRow>(
      `select id, incident_id, status, message, created_by, created_at from status_incident_updates
        where incident_id = any($1::int8[]) order by created_at desc, id desc`,
      [ids],
    ),

  async update(q: Queryable, id: number): Promise<UpdateRow | null> {
    const rows = await q.query<UpdateRow>(
      `select id, incident_id, status, message, created_by, created_at from status_incident_updates where id = $1`,
      [id],
    );
    return rows[0] ?? null;
  },

  async insertIncident(q: Queryable, v: { title: string; status: IncidentStatus; components: string[]; by: number | null }) {
    const rows = await q.query<IncidentRow>(
      `insert into status_incidents (title, status, components, created_by, resolved_at)
       values ($1, $2, $3::text[], $4, case when $2 = 'resolved' then now() end) returning ${INCIDENT}`,
      [v.title, v.status, v.components, v.by],
    );
    return rows[0];
  },

  async insertUpdate(q: Queryable, v: { incidentId: number; status: IncidentStatus; message: string; by: number | null }) {
    const rows = await q.query<UpdateRow>(
      `insert into status_incident_updates (incident_id, status, message, created_by) values ($1, $2, $3, $4)
       returning id, incident_id, status, message, created_by, created_at`,
      [v.incidentId, v.status, v.message, v.by],
    );
    return rows[0];
  },

  setIncidentStatus: (q: Queryable, id: number, status: IncidentStatus) =>
    q.query(`update status_incidents set status = $2, resolved_at = case when $2 = 'resolved' then now() end where id = $1`, [id, status]),

  /** Components an incident names, shown as degraded when they were operational (a worse status staff set stays). */
  markAffected: (q: Queryable, keys: string[]) =>
    q.query(`update status_components set status = 'degraded', updated_at = now() where key = any($1::text[]) and status = 'operational'`, [
      keys,
    ]),

  /** Components of a resolved incident that no other open incident names go back to operational. */
  restoreComponents: (q: Queryable, keys: string[]) =>
    q.query(
      `update status_components c set status = 'operational', updated_at = now()
        where c.key = any($1::text[]) and c.status <> 'operational'
          and not exists (select 1 from status_incidents i where i.resolved_at is null and c.key = any(i.components))`,
      [keys],
    ),

  /**
   * Enqueues one reply job per linked ticket after `after` (keyset on the partial index), at most
   * `limit`, in one statement; answers the last ticket id and how many there were.
   */
  async enqueueReplies(
    q: Queryable,
    o: { incidentId: number; updateId: number; after: number; limit: number; solve: boolean; actorId: number | null },
  ): Promise<{ n: number; last: number | null }> {
    const rows = await q.query<{ n: number; last: number | null }>(
      `with batch as (
         select id from tickets where status_incident_id = $1 and id > $2 order by id limit $3
       ), queued as (
         insert into jobs (name, payload, singleton_key, max_attempts)
         select 'status.incident_reply',
                jsonb_build_object('update_id', $4::int8, 'ticket_id', b.id, 'solve', $5::boolean, 'actor_id', $6::int8),
                'status.reply:' || $4::int8 || ':' || b.id, 8
           from batch b
         on conflict (singleton_key) where status = 'queued' do nothing
       )
       select count(*)::int as n, max(id) as last from batch`,
      [o.incidentId, o.after, o.limit, o.updateId, o.solve, o.actorId],
    );
    return rows[0];
  },

  /** Claims the reply of `updateId` on a ticket: true once, false ever after (the primary key). */
  async claimReply(q: Queryable, updateId: number, ticketId: number): Promise<boolean> {
    const rows = await q.query(
      `insert into status_incident_replies (update_id, ticket_id) values ($1, $2) on conflict do nothing returning ticket_id`,
      [updateId, ticketId],
    );
    return rows.length === 1;
  },

  recordReply: (q: Queryable, updateId: number, ticketId: number, messageId: number) =>
    q.query(`update status_incident_replies set message_id = $3 where update_id = $1 and ticket_id = $2`, [updateId, ticketId, messageId]),

  async replyContext(q: Queryable, ticketId: number) {
    const rows = await q.query<{ status_incident_id: number | null; status: string; locale: string | null }>(
      `select t.status_incident_id, t.status, p.locale from tickets t join people p on p.id = t.requester_id where t.id = $1`,
      [ticketId],
    );
    return rows[0] ?? null;
  },

  async person(q: Queryable, id: number) {
    const rows = await q.query<{
      id: number;
      role: 'customer' | 'agent' | 'admin';
      locale: string | null;
      active: boolean;
      ticket_groups: number[] | null;
    }>(`select p.id, p.role, p.locale, p.active, ${TICKET_GROUPS_SQL} as ticket_groups from people p where p.id = $1`, [id]);
    return rows[0] ?? null;
  },
};
