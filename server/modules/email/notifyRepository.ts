import { outboxContextSql, type OutboxContext } from './outboxRepository.ts';
import type { Queryable } from '../../db/client.ts';

export const notifyRepository = {
  /**
   * What the acknowledgement needs, in one query. The first-response due time comes from the SLA
   * columns when that area is installed (read through to_jsonb, so the query does not depend on them),
   * with the time zone of the calendar its target counts in, and the desk's zone setting
   * (`email.time_zone`): the zones a due time is shown in when the requester has none. With them
   * the mail's outbox context (queueEmail), the reply token created only for a ticket that will be
   * acknowledged (a customer with an address, active). And what decides whether the `email.notify`
   * job acknowledges it at all: who opened it, when, through which channel, whether from a mail.
   */
  async ackFacts(q: Queryable, ticketId: number, newToken: string) {
    const rows = await q.query<
      OutboxContext & {
        id: number;
        number: number;
        subject: string;
        requester_id: number;
        name: string;
        role: string;
        locale: string;
        timezone: string | null;
        active: boolean;
        email: string | null;
        reply_to: string | null;
        first_response_due_at: Date | null;
        calendar_timezone: string | null;
        desk_timezone: string | null;
        channel: string;
        created_at: Date;
        creator_id: number | null;
        opened_by_mail: boolean;
        two_factor: boolean;
      }
    >(
      `with f as (
       select t.id, t.number, t.subject, t.requester_id, p.name, p.role, p.locale, p.timezone, p.active, t.channel, t.created_at,
              (select actor_id from ticket_events where ticket_id = t.id and type = 'ticket.created' order by id limit 1) as creator_id,
              exists (select 1 from inbound_emails where ticket_id = t.id and outcome in ('ticket', 'follow_up')) as opened_by_mail,
              exists (select 1 from otp_secrets o where o.person_id = t.requester_id and o.purpose = 'two_factor' and o.enabled_at is not null) as two_factor,
              (select e.email from person_emails e where e.person_id = t.requester_id order by e.is_primary desc, e.id limit 1) as email,
              (select th.reply_to from email_threads th where th.ticket_id = t.id) as reply_to,
              t.first_response_due_at,
              (select c.spec ->> 'timezone' from jsonb_array_elements(case when jsonb_typeof(t.sla_state -> 'metrics') = 'array'
                                                                           then t.sla_state -> 'metrics' else '[]'::jsonb end) m
                 join calendars c on c.id::text = m ->> 'calendar_id' where m ->> 'metric' = 'first_response' limit 1) as calendar_timezone,
              (select s.value #>> '{}' from settings s where s.key = 'email.time_zone' and jsonb_typeof(s.value) = 'string') as desk_timezone
         from tickets t join people p on p.id = t.requester_id where t.id = $1),
       ${outboxContextSql.thread('$1', '$2', "exists (select 1 from f where f.email is not null and f.active and f.role = 'customer')")}
       select f.*, ${outboxContextSql.columns('$1')} from f ${outboxContextSql.join}`,
      [ticketId, newToken],
      { prepare: true },
    );
    return rows[0] ?? null;
  },
  /** Where the ticket's mail goes instead of the requester's own address: the Reply-To of the mail that opened it (see processInbound). */
  /** Whether the person signs in with a second factor (no private link is mailed to them: docs/security.md). */
  async hasTwoFactor(q: Queryable, personId: number): Promise<boolean> {
    const rows = await q.query(`select 1 from otp_secrets where person_id = $1 and purpose = 'two_factor' and enabled_at is not null`, [
      personId,
    ]);
    return rows.length > 0;
  },
  async replyTo(q: Queryable, ticketId: number): Promise<string | null> {
    return (
      (await q.query<{ reply_to: string | null }>(`select reply_to from email_threads where ticket_id = $1`, [ticketId]))[0]?.reply_to ??
      null
    );
  },
  async message(q: Queryable, messageId: number) {
    const rows = await q.query<{
      id: number;
      ticket_id: number;
      internal: boolean;
      author_id: number | null;
      author_role: string | null;
      author_name: string | null;
      body_text: string;
      body_html: string;
      created_at: Date;
    }>(
      `select m.id, m.ticket_id, m.internal, m.author_id, p.role as author_role, p.name as author_name, m.body_text, m.body_html, m.created_at
         from messages m left join people p on p.id = m.author_id where m.id = $1`,
      [messageId],
    );
    return rows[0] ?? null;
  },
  /** A message's attachments, for copying into the outgoing mail. */
  async attachments(q: Queryable, messageId: number) {
    return q.query<{ filename: string; content_type: string; content_id: string | null; data: Uint8Array }>(
      `select filename, content_type, content_id, data from attachments where message_id = $1 order by id`,
      [messageId],
    );
  },
};
