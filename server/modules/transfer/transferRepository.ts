import type { Queryable } from '../../db/client.ts';

export interface ExportTicketRow {
  id: number;
  external_id: string | null;
  number: number;
  subject: string;
  status: string;
  priority: string;
  category: string | null;
  channel: string;
  requester_email: string | null;
  requester_name: string;
  organization_name: string | null;
  tags: string[];
  fields: Record<string, unknown>;
  created_at: Date;
  solved_at: Date | null;
  closed_at: Date | null;
  /** created_at as text, full microsecond precision: the keyset cursor (a JS Date would drop microseconds). */
  cursor_at: string;
}

export interface ExportMessageRow {
  ticket_id: number;
  internal: boolean;
  channel: string;
  body_text: string;
  body_html: string;
  created_at: Date;
  author_role: string | null;
  author_name: string | null;
  author_email: string | null;
}

const primaryEmail = (personId: string) =>
  `(select e.email from person_emails e where e.person_id = ${personId} order by e.is_primary desc, e.id limit 1)`;

export const transferRepository = {
  /** One page of tickets, oldest first, in (created_at, id) keyset order. */
  async ticketBatch(q: Queryable, o: { since: Date | null; after: [string, number] | null; limit: number }): Promise<ExportTicketRow[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown) => {
      args.push(v);
      return `$${args.length}`;
    };
    if (o.since) where.push(`t.created_at >= ${arg(o.since)}`);
    if (o.after) where.push(`(t.created_at, t.id) > (${arg(o.after[0])}::timestamptz, ${arg(o.after[1])}::bigint)`);
    return q.query<ExportTicketRow>(
      `select t.id, t.external_id, t.number, t.subject, t.status, t.priority, t.category, t.channel,
              ${primaryEmail('t.requester_id')} as requester_email, r.name as requester_name, o.name as organization_name,
              t.tags, t.fields, t.created_at, t.solved_at, t.closed_at, t.created_at::text as cursor_at
         from tickets t join people r on r.id = t.requester_id left join organizations o on o.id = t.organization_id
         ${where.length ? 'where ' + where.join(' and ') : ''}
         order by t.created_at, t.id limit ${arg(o.limit)}`,
      args,
    );
  },

  /** Every message of the given tickets (internal notes included) in one query, each ticket's oldest first. */
  async messagesOf(q: Queryable, ticketIds: number[]): Promise<ExportMessageRow[]> {
    if (!ticketIds.length) return [];
    return q.query<ExportMessageRow>(
      `select m.ticket_id, m.internal, m.channel, m.body_text, m.body_html, m.created_at,
              p.role as author_role, p.name as author_name, ${primaryEmail('m.author_id')} as author_email
         from messages m left join people p on p.id = m.author_id
        where m.ticket_id = any($1::bigint[])
        order by m.ticket_id, m.created_at, m.id`,
      [ticketIds],
    );
  },

  async countTickets(q: Queryable, since: Date | null): Promise<number> {
    const rows = await q.query<{ n: number }>(
      `select count(*)::int as n from tickets t where ($1::timestamptz is null or t.created_at >= $1)`,
      [since],
    );
    return rows[0]?.n ?? 0;
  },

  async ticketIdByExternalId(q: Queryable, externalId: string): Promise<number | null> {
    const rows = await q.query<{ id: number }>(`select id from tickets where external_id = $1`, [externalId]);
    return rows[0]?.id ?? null;
  },

  /** This desk's id (migration 0032): exports name tickets from no other system `kefu:<desk id>:<ticket id>`. */
  async deskId(q: Queryable): Promise<string> {
    const rows = await q.query<{ id: string }>(`select value #>> '{}' as id from settings where key = 'desk.id'`);
    return rows[0]?.id ?? 'unknown';
  },

  /** The active agent or admin who holds `email` (any of their addresses), if any. */
  async activeStaffByEmail(q: Queryable, email: string): Promise<{ id: number; role: 'agent' | 'admin'; locale: string } | null> {
    const rows = await q.query<{ id: number; role: 'agent' | 'admin'; locale: string }>(
      `select p.id, p.role, p.locale from person_emails e join people p on p.id = e.person_id
        where lower(e.email) = lower($1) and p.role in ('agent', 'admin') and p.active and p.merged_into_id is null
        limit 1`,
      [email],
    );
    return rows[0] ? { ...rows[0], id: Number(rows[0].id) } : null;
  },

  async organizationIdByName(q: Queryable, name: string): Promise<number | null> {
    const rows = await q.query<{ id: number }>(`select id from organizations where lower(name) = lower($1) order by id limit 1`, [name]);
    return rows[0]?.id ?? null;
  },
};
