import type { Queryable } from '../../db/client.ts';

export type OutboundStatus = 'queued' | 'sending' | 'sent' | 'local' | 'failed' | 'bounced';

export interface NewOutbound {
  status: 'queued' | 'local';
  dedupeKey: string;
  kind: string;
  ticketId: number | null;
  messageId: number | null;
  personId: number | null;
  from: string;
  to: string[];
  cc: string[];
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  rfcMessageId: string;
  inReplyTo: string | null;
  references: string[];
  headers: Record<string, string>;
  /** A private link to the ticket the mail carries (guestLinks.ts), stored with the mail. */
  guestLink?: GuestLinkRecord | null;
}

/** A private link's stored part: the token's hash, for whom, for how many days. */
export interface GuestLinkRecord {
  hash: string;
  personId: number;
  days: number;
}

export interface OutboundRow {
  id: number;
  dedupe_key: string;
  kind: string;
  ticket_id: number | null;
  message_id: number | null;
  person_id: number | null;
  from_addr: string;
  to_addrs: string[];
  cc_addrs: string[];
  reply_to: string | null;
  subject: string;
  text: string;
  html: string;
  rfc_message_id: string;
  in_reply_to: string | null;
  references_ids: string[];
  headers: Record<string, string>;
  status: OutboundStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const COLUMNS = `id, dedupe_key, kind, ticket_id, message_id, person_id, from_addr, to_addrs, cc_addrs, reply_to, subject, text, html, rfc_message_id,
  in_reply_to, references_ids, headers, status, attempts, last_error, created_at, sent_at`;

/** What an outgoing mail needs besides itself (outboxRepository.context). */
export interface OutboxContext {
  /** The ticket's reply token (null for a mail about no ticket). */
  token: string | null;
  /** The address it is sent from: the ticket's support address, else the default one. */
  from_email: string | null;
  from_name: string | null;
  smtp: { url?: string | null; from_name?: string | null } | null;
  /** The thread's Message-IDs, oldest first, and whether each came in or went out. */
  ids: string[];
  directions: string[];
}

/**
 * The parts of the context statement, for statements that read it with something else
 * (notifyRepository.ackFacts): the `th` CTE creating the ticket's reply token on first use (only
 * `when` the SQL condition holds), the columns, and the join they need.
 */
export const outboxContextSql = {
  thread: (ticket: string, token: string, when = 'true') =>
    `th as (insert into email_threads (ticket_id, reply_token) select ${ticket}, ${token} where ${ticket}::bigint is not null and ${when}
            on conflict (ticket_id) do update set ticket_id = excluded.ticket_id returning reply_token, support_address_id)`,
  columns: (ticket: string) =>
    `(select reply_token from th) as token, sa.email as from_email, sa.name as from_name, (select value from settings where key = 'email.smtp') as smtp,
     coalesce((select array_agg(rfc_message_id order by created_at, rfc_message_id) from email_message_ids where ticket_id = ${ticket}), '{}') as ids,
     coalesce((select array_agg(direction order by created_at, rfc_message_id) from email_message_ids where ticket_id = ${ticket}), '{}') as directions`,
  join: `left join lateral (select s.email, s.name from support_addresses s
                            order by (s.id is not distinct from (select support_address_id from th)) desc, s.is_default desc, s.id limit 1) sa on true`,
};

export const outboxRepository = {
  /**
   * What an outgoing mail needs, in one statement: the ticket's reply token (created on first use),
   * the address it is sent from (the ticket's, else the default), the SMTP setting, and the thread's
   * Message-IDs oldest first.
   */
  async context(q: Queryable, ticketId: number | null, newToken: string): Promise<OutboxContext> {
    const rows = await q.query<OutboxContext>(
      `with ${outboxContextSql.thread('$1', '$2')}
       select ${outboxContextSql.columns('$1')} from (select 1) x ${outboxContextSql.join}`,
      [ticketId, newToken],
      { prepare: true },
    );
    return rows[0];
  },
  /**
   * Records a mail once per dedupe key, with its Message-ID in the ticket's thread and (when it is
   * to be delivered) its delivery job, and the private link the mail carries, in one statement.
   * Returns its id, or null when already recorded (then no link is stored either).
   */
  async insert(q: Queryable, m: NewOutbound, deliverJob: string | null): Promise<number | null> {
    const rows = await q.query<{ id: number }>(
      `with o as (
         insert into outbound_emails (dedupe_key, kind, ticket_id, message_id, person_id, from_addr, to_addrs, cc_addrs, reply_to, subject, text, html,
                                      rfc_message_id, in_reply_to, references_ids, headers, status, sent_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, case when $17 = 'local' then now() end)
         on conflict (dedupe_key) do nothing returning id),
       m as (insert into email_message_ids (rfc_message_id, ticket_id, direction) select $13, $3, 'out' from o where $3::bigint is not null on conflict do nothing),
       j as (insert into jobs (name, payload, max_attempts) select $18, jsonb_build_object('id', o.id), 8 from o where $18::text is not null),
       g as (insert into guest_links (token_hash, ticket_id, person_id, expires_at)
             select $19, $3, $20, now() + make_interval(days => $21::int) from o where $19::text is not null)
       select id from o`,
      [
        m.dedupeKey,
        m.kind,
        m.ticketId,
        m.messageId,
        m.personId,
        m.from,
        m.to,
        m.cc,
        m.replyTo,
        m.subject,
        m.text,
        m.html,
        m.rfcMessageId,
        m.inReplyTo,
        m.references,
        JSON.stringify(m.headers),
        m.status,
        deliverJob,
        m.guestLink?.hash ?? null,
        m.guestLink?.personId ?? null,
        m.guestLink?.days ?? null,
      ],
      { prepare: true },
    );
    return rows[0]?.id ?? null;
  },
  async get(q: Queryable, id: number): Promise<OutboundRow | null> {
    return (await q.query<OutboundRow>(`select ${COLUMNS} from outbound_emails where id = $1`, [id]))[0] ?? null;
  },
  async setStatus(q: Queryable, id: number, status: OutboundStatus, error: string | null = null) {
    await q.query(
      `update outbound_emails set status = $2, last_error = coalesce($3, last_error), updated_at = now(), sending_by = null, sending_until = null,
                     sent_at = case when $2 in ('sent', 'local') then now() else sent_at end where id = $1`,
      [id, status, error?.slice(0, 2000) ?? null],
    );
  },
  /**
   * Marks a mail as being sent by `owner` before anyone talks to the relay: from 'queued', or from a
   * 'sending' mark whose owner died (it expired). Null when the mail is not there to send: sent,
   * failed, or being sent right now by another worker.
   */
  async startSending(q: Queryable, id: number, owner: string, seconds: number): Promise<OutboundRow | null> {
    const rows = await q.query<OutboundRow>(
      `update outbound_emails set status = 'sending', sending_by = $2, sending_until = now() + make_interval(secs => $3::int), updated_at = now()
        where id = $1 and (status = 'queued' or (status = 'sending' and sending_until < now()))
        returning ${COLUMNS}`,
      [id, owner, seconds],
    );
    return rows[0] ?? null;
  },
  /** A failed attempt gives the mail back to the queue (the job retries it); returns the attempts so far. */
  async recordAttempt(q: Queryable, id: number, error: string): Promise<number> {
    const rows = await q.query<{ attempts: number }>(
      `update outbound_emails set attempts = attempts + 1, last_error = $2, updated_at = now(),
              status = case when status = 'sending' then 'queued' else status end, sending_by = null, sending_until = null
        where id = $1 returning attempts`,
      [id, error.slice(0, 2000)],
    );
    return rows[0]?.attempts ?? 0;
  },
  /** Acknowledgements mailed to this address in the last `minutes` (the per-address limit on Reply-To targets). */
  async countRecentAcksTo(q: Queryable, address: string, minutes: number): Promise<number> {
    const rows = await q.query<{ n: number }>(
      `select count(*)::int as n from outbound_emails where kind = 'ticket_received' and created_at > now() - make_interval(mins => $2::int)
          and lower($1) = any(to_addrs)`,
      [address, minutes],
    );
    return rows[0]?.n ?? 0;
  },
  async byRfcMessageId(q: Queryable, mid: string): Promise<OutboundRow | null> {
    return (await q.query<OutboundRow>(`select ${COLUMNS} from outbound_emails where rfc_message_id = $1 limit 1`, [mid]))[0] ?? null;
  },
  /** Has mail of this ticket (which carries its reply address) gone to anyone but this person's own addresses (a Cc, a Reply-To)? */
  async mailedBeyond(q: Queryable, ticketId: number, personId: number): Promise<boolean> {
    const rows = await q.query<{ beyond: boolean }>(
      `select exists (select 1 from outbound_emails o, unnest(o.to_addrs || o.cc_addrs) as r(addr)
          where o.ticket_id = $1 and lower(r.addr) not in (select lower(email) from person_emails where person_id = $2)) as beyond`,
      [ticketId, personId],
    );
    return !!rows[0]?.beyond;
  },
  /** Newest first, keyset on id (ids grow with insertion). */
  async list(q: Queryable, f: { ticketId?: number; status?: string; beforeId?: number | null; limit: number }): Promise<OutboundRow[]> {
    return q.query<OutboundRow>(
      `select ${COLUMNS} from outbound_emails where ($1::bigint is null or ticket_id = $1) and ($2::text is null or status = $2)
          and ($3::bigint is null or id < $3) order by id desc limit $4`,
      [f.ticketId ?? null, f.status ?? null, f.beforeId ?? null, f.limit],
    );
  },
};
