import type { Queryable } from '../../db/client.ts';

export const notifyRepository = {
  /** Who opened the ticket, and whether it came by email (the email channel then acknowledged it itself). */
  async ackContext(q: Queryable, ticketId: number) {
    const rows = await q.query<{ creator_id: number | null; from_email: boolean }>(
      `select (select actor_id from ticket_events where ticket_id = $1 and type = 'ticket.created' order by id limit 1) as creator_id,
              exists (select 1 from inbound_emails where ticket_id = $1 and outcome in ('ticket', 'follow_up')) as from_email`, [ticketId]);
    return rows[0];
  },
  /**
   * What the acknowledgement needs, in one query. The first-response due time comes from the SLA
   * columns when that area is installed (read through to_jsonb, so the query does not depend on them).
   */
  async ackFacts(q: Queryable, ticketId: number) {
    const rows = await q.query<{ id: number; number: number; subject: string; requester_id: number; name: string; role: string; locale: string; timezone: string | null; active: boolean; email: string | null; first_response_due_at: string | null }>(
      `select t.id, t.number, t.subject, t.requester_id, p.name, p.role, p.locale, p.timezone, p.active,
              (select e.email from person_emails e where e.person_id = t.requester_id order by e.is_primary desc, e.id limit 1) as email,
              to_jsonb(t) ->> 'first_response_due_at' as first_response_due_at
         from tickets t join people p on p.id = t.requester_id where t.id = $1`, [ticketId]);
    return rows[0] ?? null;
  },
  async message(q: Queryable, messageId: number) {
    const rows = await q.query<{ id: number; ticket_id: number; internal: boolean; author_id: number | null; author_role: string | null; author_name: string | null; body_text: string; body_html: string; created_at: Date }>(
      `select m.id, m.ticket_id, m.internal, m.author_id, p.role as author_role, p.name as author_name, m.body_text, m.body_html, m.created_at
         from messages m left join people p on p.id = m.author_id where m.id = $1`, [messageId]);
    return rows[0] ?? null;
  },
  /** A message's attachments, for copying into the outgoing mail. */
  async attachments(q: Queryable, messageId: number) {
    return q.query<{ filename: string; content_type: string; content_id: string | null; data: Uint8Array }>(
      `select filename, content_type, content_id, data from attachments where message_id = $1 order by id`, [messageId]);
  },
};
