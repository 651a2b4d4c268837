import type { Queryable } from '../../db/client.ts';
import type { LinkKind, TicketEventData } from '../../domain/tickets/events.ts';
import type { Priority, Status } from '../../domain/tickets/ticket.ts';
import { planContextSql, type TicketPlanContext } from '../plans/planRepository.ts';

/** What `creationContext` reads: the requester, the plan context, whether any custom field is required. */
export interface CreationContext extends TicketPlanContext {
  requester_id: number | null;
  requester_org: number | null;
  required_fields: boolean;
}

export interface TicketRow {
  id: number;
  number: number;
  /** The ticket's id in the system it was imported from (docs/exports.md). */
  external_id?: string | null;
  subject: string;
  status: Status;
  priority: Priority;
  category: string | null;
  channel: string;
  requester_id: number;
  requester_name: string;
  requester_email: string | null;
  organization_id: number | null;
  organization_name: string | null;
  asset_id: number | null;
  asset_name: string | null;
  asset_kind: string | null;
  assignee_id: number | null;
  assignee_name: string | null;
  group_id: number | null;
  group_name: string | null;
  tags: string[];
  fields: Record<string, unknown>;
  plan_id: number | null;
  plan_name: string | null;
  plan_rank: number;
  merged_into_id: number | null;
  message_count: number;
  note_count: number;
  first_response_at: Date | null;
  created_at: Date;
  updated_at: Date;
  solved_at: Date | null;
  closed_at: Date | null;
  [sla: `sla_${string}` | `${string}_due_at`]: unknown;
}

/**
 * A ticket's columns with the names it refers to. Names come from scalar subqueries rather than
 * joins: the planner spends far less time on them, and a list fetches them only for its page.
 */
export const TICKET_COLUMNS = `t.id, t.number, t.subject, t.status, t.priority, t.category, t.channel,
  t.requester_id, (select r.name from people r where r.id = t.requester_id) as requester_name,
  (select e.email from person_emails e where e.person_id = t.requester_id order by e.is_primary desc, e.id limit 1) as requester_email,
  t.organization_id, (select o.name from organizations o where o.id = t.organization_id) as organization_name,
  t.asset_id, (select a.name from assets a where a.id = t.asset_id) as asset_name, (select a.kind from assets a where a.id = t.asset_id) as asset_kind,
  t.assignee_id, (select ag.name from people ag where ag.id = t.assignee_id) as assignee_name,
  t.group_id, (select g.name from groups g where g.id = t.group_id) as group_name, t.tags, t.fields,
  t.plan_id, (select pl.name from plans pl where pl.id = t.plan_id) as plan_name, t.plan_rank, t.merged_into_id, t.message_count, t.note_count, t.first_response_at,
  t.created_at, t.updated_at, t.solved_at, t.closed_at, t.status_incident_id, t.external_id`;

/** The SLA clocks and the merge target, read with a ticket (the columns the SLA subscriber keeps). */
export const TICKET_STATE_COLUMNS = `, t.sla_policy, t.sla_reason, t.sla_state, t.first_response_due_at, t.next_response_due_at, t.resolution_due_at, t.sla_next_breach_at,
    (select m.number from tickets m where m.id = t.merged_into_id) as merged_into_number, t.snoozed_until`;

export interface NewTicket {
  subject: string;
  status: Status;
  priority: Priority;
  category: string | null;
  channel: string;
  requesterId: number;
  organizationId: number | null;
  assetId: number | null;
  assigneeId: number | null;
  groupId: number | null;
  tags: string[];
  fields: Record<string, unknown>;
  planId: number | null;
  planRank: number;
  createdAt: Date | null;
  searchText: string;
  /** The ticket's id in the system it was imported from (unique; docs/exports.md). */
  externalId?: string | null;
  extra?: Record<string, unknown>;
}
export interface NewMessage {
  authorId: number | null;
  internal: boolean;
  channel: string;
  text: string;
  html: string;
  /** Mail only: whether its sender is proven (messages.sender_verified); null otherwise. */
  senderVerified?: boolean | null;
}

export const ticketRepository = {
  /**
   * Everything a new ticket reads before it is written, in one round trip: the requester it names
   * (for a merged-away person, a tombstone, the one it was merged into: docs/people.md; none when
   * `personId` is null), the organization and plan that apply (`organizationId`, else the
   * requester's), and whether any custom field is required (if none is and the request carries no
   * values, the field definitions need not be read).
   */
  /**
   * The requester (through a merge tombstone), the organization and plan that apply and whether any
   * custom field is required, in one statement. The organization is the one given, else the
   * requester's, else (a requester created with the ticket) the one whose email domains hold `domain`.
   */
  async creationContext(
    q: Queryable,
    personId: number | null,
    organizationId: number | null,
    domain: string | null = null,
  ): Promise<CreationContext> {
    const rows = await q.query<CreationContext>(
      `with r as (select s.id, s.organization_id from people p join people s on s.id = coalesce(p.merged_into_id, p.id) where p.id = $1::bigint)
       select r.id as requester_id, r.organization_id as requester_org, ctx.*,
              exists (select 1 from ticket_fields where required) as required_fields
         from (select 1) one
         left join r on true
         cross join lateral (${planContextSql(
           `coalesce($2::bigint, r.organization_id,
                     (select d.id from organizations d where $3::text is not null and d.email_domains @> array[lower($3::text)] order by d.id limit 1))`,
         )}) ctx`,
      [personId, organizationId, domain],
      { prepare: true },
    );
    return rows[0];
  },
  async asset(q: Queryable, id: number) {
    return (
      (
        await q.query<{ id: number; organization_id: number; name: string }>(`select id, organization_id, name from assets where id = $1`, [
          id,
        ])
      )[0] ?? null
    );
  },

  /**
   * Ticket, first message, its `ticket.created` event and that event's processor jobs in one statement
   * (atomic without an explicit transaction). The jobs' payloads have the shape `appendTicketEvent` gives.
   */
  async insertWithMessage(
    q: Queryable,
    t: NewTicket,
    m: NewMessage,
    ev: { actorId: number | null; data: TicketEventData<'ticket.created'>; jobs: string[] },
  ) {
    const extraCols = Object.keys(t.extra ?? {});
    const base: unknown[] = [
      t.subject,
      t.status,
      t.priority,
      t.category,
      t.channel,
      t.requesterId,
      t.organizationId,
      t.assetId,
      t.assigneeId,
      t.groupId,
      t.tags,
      JSON.stringify(t.fields),
      t.planId,
      t.planRank,
      t.createdAt,
      t.searchText,
      m.authorId,
      m.internal,
      m.channel,
      m.text,
      m.html,
      ev.actorId,
      JSON.stringify(ev.data),
      ev.jobs,
      t.externalId ?? null,
      m.senderVerified ?? null,
    ];
    const extraArgs = extraCols.map((_, i) => `$${base.length + i + 1}`);
    // The new ticket comes back as `get` reads it (TICKET_COLUMNS over the inserted row): the answer
    // to its creation needs no second round trip. Nothing in the statement changes the row after the
    // insert (the triggers on tickets write other tables).
    const rows = await q.query<TicketRow & { message_id: number }>(
      `with t as (
         insert into tickets (subject, status, priority, category, channel, requester_id, organization_id, asset_id, assignee_id, group_id,
                              tags, fields, plan_id, plan_rank, created_at, updated_at, message_count, search, external_id${extraCols.map((c) => ', ' + c).join('')})
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, coalesce($15, now()), coalesce($15, now()), 1,
                 to_tsvector('simple', $16), $25${extraArgs.map((a) => ', ' + a).join('')})
         returning *),
       m as (insert into messages (ticket_id, author_id, internal, channel, body_text, body_html, sender_verified, created_at)
             select t.id, $17, $18, $19, $20, $21, $26, t.created_at from t returning id),
       e as (insert into ticket_events (ticket_id, actor_id, type, data, created_at)
             select t.id, $22, 'ticket.created', $23::jsonb, t.created_at from t returning id, ticket_id),
       j as (insert into jobs (name, payload)
             select n, $23::jsonb || jsonb_build_object('event', 'ticket.created', 'event_id', e.id, 'ticket_id', e.ticket_id) from e, unnest($24::text[]) as n)
       select ${TICKET_COLUMNS}${TICKET_STATE_COLUMNS}, (select id from m) as message_id from t`,
      [...base, ...extraCols.map((c) => t.extra![c])],
      { prepare: true },
    );
    return rows[0];
  },

  async get(q: Queryable, id: number, extraColumns = ''): Promise<TicketRow | null> {
    const rows = await q.query<TicketRow>(`select ${TICKET_COLUMNS}${extraColumns} from tickets t where t.id = $1`, [id], {
      prepare: true,
    });
    return rows[0] ?? null;
  },
  async lock(q: Queryable, id: number) {
    const rows = await q.query<{
      id: number;
      number: number;
      status: Status;
      priority: Priority;
      organization_id: number | null;
      requester_id: number;
      tags: string[];
      fields: Record<string, unknown>;
      first_response_at: Date | null;
      created_at: Date;
      assignee_id: number | null;
      group_id: number | null;
      merged_into_id: number | null;
      solved_at: Date | null;
      pending_since: Date | null;
      reminded_at: Date | null;
      snoozed_until: Date | null;
      category: string | null;
    }>(
      `select id, number, status, priority, category, organization_id, requester_id, tags, fields, first_response_at, created_at, assignee_id, group_id, merged_into_id,
              solved_at, pending_since, reminded_at, snoozed_until from tickets where id = $1 for update`,
      [id],
    );
    return rows[0] ?? null;
  },
  async update(q: Queryable, id: number, patch: Record<string, unknown>, touchAt?: Date) {
    const cols = Object.keys(patch);
    const sets = cols.map((c, i) => `${c} = $${i + 3}`);
    await q.query(`update tickets set ${[...sets, 'updated_at = greatest(updated_at, coalesce($2, now()))'].join(', ')} where id = $1`, [
      id,
      touchAt ?? null,
      ...cols.map((c) => patch[c]),
    ]);
  },
  /** What `otherId` is to `ticketId`, if they are linked. */
  async link(q: Queryable, ticketId: number, otherId: number): Promise<LinkKind | null> {
    return (
      (await q.query<{ kind: LinkKind }>(`select kind from ticket_links where ticket_id = $1 and other_id = $2`, [ticketId, otherId]))[0]
        ?.kind ?? null
    );
  },
  async parentOf(q: Queryable, ticketId: number): Promise<number | null> {
    return (
      (await q.query<{ other_id: number }>(`select other_id from ticket_links where ticket_id = $1 and kind = 'parent'`, [ticketId]))[0]
        ?.other_id ?? null
    );
  },
  async insertLinks(q: Queryable, rows: Array<{ ticketId: number; otherId: number; kind: LinkKind }>, by: number | null) {
    await q.query(
      `insert into ticket_links (ticket_id, other_id, kind, created_by) select * , $4::int8 from unnest($1::int8[], $2::int8[], $3::text[])`,
      [rows.map((r) => r.ticketId), rows.map((r) => r.otherId), rows.map((r) => r.kind), by],
    );
  },
  async deleteLinks(q: Queryable, a: number, b: number) {
    await q.query(`delete from ticket_links where (ticket_id = $1 and other_id = $2) or (ticket_id = $2 and other_id = $1)`, [a, b]);
  },
  links: (q: Queryable, ticketId: number, limit: number) =>
    q.query<{
      kind: LinkKind;
      id: number;
      number: number;
      subject: string;
      status: Status;
      organization_id: number | null;
      requester_id: number;
      group_id: number | null;
      assignee_id: number | null;
      created_at: Date;
    }>(
      `select l.kind, t.id, t.number, t.subject, t.status, t.organization_id, t.requester_id, t.group_id, t.assignee_id, l.created_at from ticket_links l join tickets t on t.id = l.other_id
        where l.ticket_id = $1 order by (l.kind = 'parent') desc, l.kind, l.created_at desc, t.id desc limit $2`,
      [ticketId, limit],
    ),
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
          body_html: string;
        }>(
          `select m.id, m.ticket_id, m.internal, m.author_id, p.role as author_role, m.body_text, m.body_html from messages m left join people p on p.id = m.author_id where m.id = $1`,
          [id],
        )
      )[0] ?? null
    );
  },
  async copyAttachments(q: Queryable, fromMessageId: number, toMessageId: number) {
    await q.query(
      `insert into attachments (message_id, filename, content_type, size, content_id, data)
                   select $2, filename, content_type, size, content_id, data from attachments where message_id = $1 order by id`,
      [fromMessageId, toMessageId],
    );
  },
  async firstMessageId(q: Queryable, ticketId: number) {
    return (await q.query<{ id: number }>(`select id from messages where ticket_id = $1 order by id limit 1`, [ticketId]))[0].id;
  },
  /**
   * `firstResponseTo`: the creation time of the ticket this reply is the first response of; the
   * message then keeps the calendar seconds from it (messages.first_response_seconds, migration 0034).
   */
  async insertMessage(q: Queryable, ticketId: number, m: NewMessage, at: Date | null, firstResponseTo: Date | null = null) {
    const rows = await q.query<{ id: number; created_at: Date }>(
      `insert into messages (ticket_id, author_id, internal, channel, body_text, body_html, created_at, first_response_seconds)
       values ($1, $2, $3, $4, $5, $6, coalesce($7, now()), extract(epoch from (coalesce($7, now()) - $8::timestamptz))::float8)
       returning id, created_at`,
      [ticketId, m.authorId, m.internal, m.channel, m.text, m.html, at, firstResponseTo],
    );
    return rows[0];
  },
  /** Appends a message's text to the ticket's search document and bumps its counters. */
  async indexMessage(q: Queryable, ticketId: number, searchText: string, internal: boolean) {
    const col = internal ? 'search_internal' : 'search';
    await q.query(
      `update tickets set ${col} = coalesce(${col}, ''::tsvector) || to_tsvector('simple', $2), message_count = message_count + 1${internal ? ', note_count = note_count + 1' : ''} where id = $1`,
      [ticketId, searchText],
    );
  },
};
