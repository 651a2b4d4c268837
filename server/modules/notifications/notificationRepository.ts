import type { Queryable } from '../../db/client.ts';
import type { Delivery, NotificationKind } from '../../domain/notifications/decide.ts';
import { TICKET_GROUPS_SQL } from '../auth/authRepository.ts';

export interface NotificationRow {
  id: number;
  kind: NotificationKind;
  ticket_id: number;
  text_params: TextParams;
  read_at: Date | null;
  created_at: Date;
}
/** What a notification's text is rendered from, in the reader's language (notificationPresenter.ts). */
export interface TextParams {
  actor?: string | null;
  number: number;
  subject: string;
  group?: string | null;
  metric?: string | null;
  /** low_satisfaction: the score given. */
  score?: number | null;
  /** customer_replied through a merge: the number of the ticket merged in. */
  merged_from?: number | null;
}

export interface EventRow {
  id: number;
  actor_id: number | null;
  type: string;
  data: Record<string, unknown>;
  created_at: Date;
  done?: boolean;
}
export interface PersonFacts {
  id: number;
  name: string;
  locale: string;
  role: string;
  active: boolean;
  email: string | null;
  /** An agent limited to their groups (people.ticket_access): those groups; null without a limit. */
  ticket_groups: number[] | null;
}

const COLUMNS = 'id, kind, ticket_id, text_params, read_at, created_at';
const repoPeople = (q: Queryable, ids: number[]) => notificationRepository.people(q, ids);
const STAFF = `p.role in ('agent', 'admin') and p.active`;

export const notificationRepository = {
  // --- the notifier's reads (one per kind of fact, each bounded by the ticket or the recipients) ---

  /** The recorded event a job is about. Ticket events are read through (ticket_id, id): bounded by one ticket's history. */
  /** The event a job names (payloads carry `event_id`), if it is this ticket's. */
  async eventById(q: Queryable, id: number, ticketId: number): Promise<EventRow | null> {
    return (
      (
        await q.query<EventRow>(
          `select id, actor_id, type, data, created_at from ticket_events where id = $1 and ticket_id = $2`,
          [id, ticketId],
          { prepare: true },
        )
      )[0] ?? null
    );
  },
  async ticketCreatedEvent(q: Queryable, ticketId: number): Promise<EventRow | null> {
    return (
      (
        await q.query<EventRow>(
          `select id, actor_id, type, data, created_at from ticket_events where ticket_id = $1 and type = 'ticket.created' order by id limit 1`,
          [ticketId],
        )
      )[0] ?? null
    );
  },
  /** The event that recorded a message (message.added, or a system notice recorded under its own type). */
  async messageEvent(q: Queryable, ticketId: number, messageId: number): Promise<EventRow | null> {
    return (
      (
        await q.query<EventRow>(
          `select id, actor_id, type, data, created_at from ticket_events where ticket_id = $1 and data ->> 'message_id' = $2::text order by id limit 1`,
          [ticketId, messageId],
        )
      )[0] ?? null
    );
  },
  async slaEvent(q: Queryable, ticketId: number, type: string, metric: string, dueAt: string): Promise<EventRow | null> {
    return (
      (
        await q.query<EventRow>(
          `select id, actor_id, type, data, created_at from ticket_events
        where ticket_id = $1 and type = $2 and data ->> 'metric' = $3 and data ->> 'due_at' = $4 order by id limit 1`,
          [ticketId, type, metric, dueAt],
        )
      )[0] ?? null
    );
  },
  /** The latest ticket.updated events with exactly these changes (oldest of them first), each with whether it was already notified. */
  async updateEvents(q: Queryable, ticketId: number, changes: unknown): Promise<EventRow[]> {
    const rows = await q.query<EventRow>(
      `select e.id, e.actor_id, e.type, e.data, e.created_at, exists (select 1 from notifications n where n.event_id = e.id) as done
         from ticket_events e where e.ticket_id = $1 and e.type = 'ticket.updated' and e.data -> 'changes' = $2::jsonb order by e.id desc limit 20`,
      [ticketId, JSON.stringify(changes ?? {})],
    );
    return rows.reverse();
  },
  /**
   * The ticket as it was created, in one read: its number and subject, and its assignee and group
   * then — the "from" of the first change of each when they changed since (the notifier may run
   * after later changes), else the current ones.
   */
  async ticketAsCreated(q: Queryable, ticketId: number) {
    const first = (col: string) => `(select jsonb_build_array(e.data -> 'changes' -> '${col}' -> 0) from ticket_events e
        where e.ticket_id = t.id and e.type = 'ticket.updated' and e.data -> 'changes' ? '${col}' order by e.id limit 1)`;
    const r = (
      await q.query<{
        id: number;
        number: number;
        subject: string;
        assignee_id: number | null;
        group_id: number | null;
        assignee: [unknown] | null;
        grp: [unknown] | null;
      }>(
        `select t.id, t.number, t.subject, t.assignee_id, t.group_id, ${first('assignee_id')} as assignee, ${first('group_id')} as grp
           from tickets t where t.id = $1`,
        [ticketId],
        { prepare: true },
      )
    )[0];
    if (!r) return null;
    const was = (v: [unknown] | null, now: number | null) => (v ? (v[0] == null ? null : Number(v[0])) : now);
    return {
      id: r.id,
      number: r.number,
      subject: r.subject,
      assignee_id: was(r.assignee, r.assignee_id),
      group_id: was(r.grp, r.group_id),
    };
  },
  async ticket(q: Queryable, id: number) {
    return (
      (
        await q.query<{ id: number; number: number; subject: string; assignee_id: number | null; group_id: number | null }>(
          `select id, number, subject, assignee_id, group_id from tickets where id = $1`,
          [id],
        )
      )[0] ?? null
    );
  },
  async message(q: Queryable, id: number) {
    return (
      (
        await q.query<{
          id: number;
          ticket_id: number;
          internal: boolean;
          author_id: number | null;
          author_role: string | null;
          body_text: string;
        }>(
          `select m.id, m.ticket_id, m.internal, m.author_id, p.role as author_role, m.body_text
         from messages m left join people p on p.id = m.author_id where m.id = $1`,
          [id],
        )
      )[0] ?? null
    );
  },
  /** A group's name and its active staff members, once per event. */
  async group(q: Queryable, groupId: number) {
    const row = (
      await q.query<{ name: string; members: Array<number | string> }>(
        `select g.name, coalesce((select array_agg(p.id order by p.id) from group_members gm join people p on p.id = gm.person_id
                                 where gm.group_id = g.id and ${STAFF}), '{}') as members
         from groups g where g.id = $1`,
        [groupId],
      )
    )[0];
    // int8[] arrives as text from node-postgres.
    return row ? { name: row.name, members: row.members.map(Number) } : null;
  },
  /** A ticket's number (a merged ticket named in a notification); null when there is none. */
  async ticketNumber(q: Queryable, id: number): Promise<number | null> {
    return (await q.query<{ number: number }>(`select number from tickets where id = $1`, [id]))[0]?.number ?? null;
  },
  /** The desk's active admins (people_role_idx), for SLA events on tickets nobody owns; at most 200. */
  async activeAdmins(q: Queryable): Promise<number[]> {
    const rows = await q.query<{ id: number | string }>(`select id from people where role = 'admin' and active order by id limit 200`);
    return rows.map((r) => Number(r.id));
  },
  /** Active staff with the handles a mention can use: name and the local part of the primary address. */
  async staffHandles(q: Queryable) {
    return q.query<{ id: number; name: string; email_local: string | null }>(
      `select p.id, p.name, (select split_part(e.email, '@', 1) from person_emails e where e.person_id = p.id and e.is_primary order by e.id limit 1) as email_local
         from people p where ${STAFF} order by p.id limit 10000`,
    );
  },
  /** Name, language, role and verified primary address of the people an event concerns, in one query. */
  async people(q: Queryable, ids: number[]): Promise<PersonFacts[]> {
    if (!ids.length) return [];
    return q.query<PersonFacts>(
      `select p.id, p.name, p.locale, p.role, p.active,
              ${TICKET_GROUPS_SQL} as ticket_groups,
              (select e.email from person_emails e where e.person_id = p.id and e.is_primary and e.verified_at is not null order by e.id limit 1) as email
         from people p where p.id = any($1::bigint[])`,
      [ids],
    );
  },

  // --- preferences ---

  async preferences(q: Queryable, personIds: number[]) {
    if (!personIds.length) return [];
    return q.query<{ person_id: number; kind: NotificationKind; in_app: boolean; email: boolean }>(
      `select person_id, kind, in_app, email from notification_preferences where person_id = any($1::bigint[])`,
      [personIds],
    );
  },
  async savePreferences(q: Queryable, personId: number, prefs: Array<{ kind: NotificationKind } & Delivery>) {
    if (!prefs.length) return;
    await q.query(
      `insert into notification_preferences (person_id, kind, in_app, email)
       select $1, k, i, e from unnest($2::text[], $3::boolean[], $4::boolean[]) as x(k, i, e)
       on conflict (person_id, kind) do update set in_app = excluded.in_app, email = excluded.email, updated_at = now()`,
      [personId, prefs.map((p) => p.kind), prefs.map((p) => p.in_app), prefs.map((p) => p.email)],
    );
  },

  // --- writes and the inbox ---

  /** One row per (event, person, kind); a second run inserts nothing. Returns the rows inserted now. */
  async insert(
    q: Queryable,
    n: { eventId: number; ticketId: number; params: TextParams; to: Array<{ personId: number; kind: NotificationKind }> },
  ) {
    if (!n.to.length) return [];
    return q.query<{ id: number; person_id: number; kind: NotificationKind }>(
      `insert into notifications (person_id, kind, ticket_id, event_id, text_params)
       select p, k, $3, $4, $5::jsonb from unnest($1::bigint[], $2::text[]) as x(p, k)
       on conflict (event_id, person_id, kind) do nothing
       returning id, person_id, kind`,
      [n.to.map((x) => x.personId), n.to.map((x) => x.kind), n.ticketId, n.eventId, JSON.stringify(n.params)],
    );
  },
  /** Newest first, keyset on id: (person_id, id desc) index. */
  async list(q: Queryable, f: { personId: number; beforeId: number | null; unread: boolean; limit: number }): Promise<NotificationRow[]> {
    return q.query<NotificationRow>(
      `select ${COLUMNS} from notifications
        where person_id = $1 and ($2::bigint is null or id < $2) and (not $3::boolean or read_at is null)
        order by id desc limit $4`,
      [f.personId, f.beforeId, f.unread, f.limit],
    );
  },
  /** The unread count, up to `cap` (an index-only count on the partial unread index: bounded however many there are). */
  async unreadCount(q: Queryable, personId: number, cap: number): Promise<number> {
    const rows = await q.query<{ n: number }>(
      `select count(*)::int as n from (select 1 from notifications where person_id = $1 and read_at is null order by id desc limit $2) x`,
      [personId, cap],
    );
    return rows[0]?.n ?? 0;
  },
  /** Rows by id (the ids a burst of inserts announced), for the live push. */
  async byIds(q: Queryable, ids: number[]) {
    return q.query<NotificationRow & { person_id: number }>(
      `select person_id, ${COLUMNS} from notifications where id = any($1::bigint[]) order by id`,
      [ids],
    );
  },
  /** New rows for these people after `afterId` (the live push catching up after its listener reconnected). */
  async after(q: Queryable, afterId: number, personIds: number[], limit: number) {
    if (!personIds.length) return [];
    return q.query<NotificationRow & { person_id: number }>(
      `select person_id, ${COLUMNS} from notifications where id > $1 and person_id = any($2::bigint[]) order by id limit $3`,
      [afterId, personIds, limit],
    );
  },
  async lastId(q: Queryable): Promise<number> {
    return Number((await q.query<{ id: number }>(`select coalesce(max(id), 0)::int8 as id from notifications`))[0].id);
  },
  /** Tells the person's sockets on every instance that some notifications were marked read (after commit). */
  async announceRead(q: Queryable, personId: number, ids: number[] | 'all') {
    // NOTIFY payloads must stay under 8000 bytes: long id lists are left out (clients refetch anyway).
    const payload = { read: true, person_id: personId, ...(ids === 'all' ? { all: true } : ids.length <= 200 ? { ids } : {}) };
    await q.query(`select pg_notify('kefu_notifications', $1)`, [JSON.stringify(payload)]);
  },
  /** Deletes up to `batch` read notifications created before `before`; returns how many. */
  async pruneRead(q: Queryable, before: Date, batch: number): Promise<number> {
    const rows = await q.query<{ n: number }>(
      `with d as (delete from notifications where id in (
          select id from notifications where read_at is not null and created_at < $1 order by created_at limit $2) returning 1)
       select count(*)::int as n from d`,
      [before, batch],
    );
    return rows[0]?.n ?? 0;
  },

  // --- quiet hours ---

  async settings(q: Queryable, personIds: number[]) {
    if (!personIds.length) return [];
    return q.query<{ person_id: number; quiet_hours: boolean }>(
      `select person_id, quiet_hours from notification_settings where person_id = any($1::bigint[])`,
      [personIds],
    );
  },
  async saveSettings(q: Queryable, personId: number, s: { quiet_hours: boolean }) {
    await q.query(
      `insert into notification_settings (person_id, quiet_hours) values ($1, $2)
       on conflict (person_id) do update set quiet_hours = excluded.quiet_hours, updated_at = now()`,
      [personId, s.quiet_hours],
    );
  },
  /** The desk's default calendar (the first one created: a preset's or the first an admin made), or null without calendars. */
  async defaultCalendar(q: Queryable) {
    return (await q.query<{ id: number; spec: unknown }>(`select id, spec from calendars order by id limit 1`))[0] ?? null;
  },
  async person(q: Queryable, id: number) {
    return (await repoPeople(q, [id]))[0] ?? null;
  },

  async markRead(q: Queryable, personId: number, ids: number[]): Promise<number> {
    const rows = await q.query<{ n: number }>(
      `with u as (update notifications set read_at = now() where person_id = $1 and id = any($2::bigint[]) and read_at is null returning 1)
       select count(*)::int as n from u`,
      [personId, ids],
    );
    return rows[0]?.n ?? 0;
  },
  async markAllRead(q: Queryable, personId: number): Promise<number> {
    const rows = await q.query<{ n: number }>(
      `with u as (update notifications set read_at = now() where person_id = $1 and read_at is null returning 1)
       select count(*)::int as n from u`,
      [personId],
    );
    return rows[0]?.n ?? 0;
  },
};
