import type { Queryable } from '../../db/client.ts';
import type { Role } from '../auth/principal.ts';
import { ADDRESS_PROVEN } from '../people/peopleRepository.ts';

export type InboundStatus = 'received' | 'processed' | 'auto_reply' | 'bounce' | 'ignored' | 'refused' | 'failed';
export type InboundOutcome = 'ticket' | 'reply' | 'follow_up';

export interface NewInbound {
  rfcMessageId: string;
  source: 'smtp' | 'imap';
  mailboxId?: number | null;
  envelopeFrom?: string | null;
  envelopeTo?: string[];
  fromAddr: string | null;
  subject: string | null;
  raw: Buffer;
}

export interface InboundRow {
  id: number;
  rfc_message_id: string;
  source: string;
  mailbox_id: number | null;
  envelope_from: string | null;
  envelope_to: string[];
  from_addr: string | null;
  subject: string | null;
  size: number;
  status: InboundStatus;
  outcome: InboundOutcome | null;
  no_ack_reason: string | null;
  attempts: number;
  error: string | null;
  ticket_id: number | null;
  message_id: number | null;
  created_at: Date;
  processed_at: Date | null;
}

const COLUMNS = `id, rfc_message_id, source, mailbox_id, envelope_from, envelope_to, from_addr, subject, size, status, outcome, no_ack_reason,
  attempts, error, ticket_id, message_id, created_at, processed_at`;

/** Who holds a sender address, and whether it routes mail to them (sender.ts, lookupSender). */
export interface SenderPerson {
  id: number;
  role: Role;
  organization_id: number | null;
  locale: string;
  active: boolean;
  verified: boolean;
  routes: boolean;
}
const PERSON_BY_EMAIL = (address: string) =>
  `select p.id, p.role, p.organization_id, p.locale, p.active, e.verified_at is not null as verified, ${ADDRESS_PROVEN} as routes
     from person_emails e join people p on p.id = e.person_id where lower(e.email) = lower(${address})`;

export const inboundRepository = {
  /**
   * Stores the raw mail once per Message-ID together with its processing job, in one statement
   * (atomic without an explicit transaction); returns the new row's id, or null for a repeat.
   */
  async insertWithJob(q: Queryable, m: NewInbound, job: { name: string; maxAttempts: number }): Promise<number | null> {
    const rows = await q.query<{ id: number }>(
      `with i as (
         insert into inbound_emails (rfc_message_id, source, mailbox_id, envelope_from, envelope_to, from_addr, subject, size, raw)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (rfc_message_id) do nothing returning id),
       j as (insert into jobs (name, payload, max_attempts) select $10, jsonb_build_object('id', i.id), $11 from i)
       select id from i`,
      [
        m.rfcMessageId,
        m.source,
        m.mailboxId ?? null,
        m.envelopeFrom ?? null,
        m.envelopeTo ?? [],
        m.fromAddr,
        m.subject?.slice(0, 1000) ?? null,
        m.raw.length,
        m.raw,
        job.name,
        job.maxAttempts,
      ],
      { prepare: true },
    );
    return rows[0]?.id ?? null;
  },
  async get(q: Queryable, id: number): Promise<InboundRow | null> {
    return (await q.query<InboundRow>(`select ${COLUMNS} from inbound_emails where id = $1`, [id]))[0] ?? null;
  },
  /** The row, its raw bytes, and how many mails its sender sent in the window up to it, in one round trip. */
  async getForProcessing(
    q: Queryable,
    id: number,
    windowMinutes: number,
  ): Promise<(InboundRow & { raw: Buffer; recent_from_sender: number; from_person: SenderPerson | null }) | null> {
    const r = (
      await q.query<InboundRow & { raw: Uint8Array; recent_from_sender: number; from_person: SenderPerson | null }>(
        `select ${COLUMNS}, raw, (select count(*)::int from inbound_emails o where lower(o.from_addr) = lower(i.from_addr) and o.id <= i.id
                                   and o.created_at > i.created_at - make_interval(mins => $2::int)) as recent_from_sender,
                (select to_jsonb(s) from (${PERSON_BY_EMAIL('i.from_addr')}) s) as from_person
         from inbound_emails i where id = $1`,
        [id, windowMinutes],
        { prepare: true },
      )
    )[0];
    return r ? { ...r, raw: Buffer.from(r.raw) } : null;
  },
  /**
   * Marks a received mail processed into a ticket, in one statement: records its Message-ID in the
   * ticket's thread; for a new ticket also the thread (reply token, the support address it came to),
   * the closed ticket it follows up, and the new requester's language; for a reply the CC'd addresses.
   * Returns false when another run already processed it (the caller rolls back).
   */
  async recordProcessed(
    q: Queryable,
    r: {
      id: number;
      outcome: InboundOutcome;
      ticketId: number;
      messageId: number;
      noAckReason: string | null;
      rfcMessageId: string;
      /** The subject as the full parse read it (the one stored at intake was only peeked). */
      subject?: string | null;
      newThread?: {
        token: string;
        supportAddress: string | null;
        followUpOf: number | null;
        followUpToken: string;
        senderVerified: boolean | null;
        replyTo?: string | null;
      };
      /** CC'd addresses to add, in order; the ticket keeps at most maxCc. */
      cc?: string[];
      maxCc?: number;
    },
  ): Promise<boolean> {
    const t = r.newThread;
    const rows = await q.query(
      `with f as (update inbound_emails set status = 'processed', outcome = $2, ticket_id = $3, message_id = $4, no_ack_reason = $5, error = null, processed_at = now(),
                          subject = coalesce($15, subject)
                   where id = $1 and status = 'received' returning id),
         m as (insert into email_message_ids (rfc_message_id, ticket_id, direction) select $6, $3, 'in' from f on conflict do nothing),
         th as (insert into email_threads (ticket_id, reply_token, support_address_id, sender_verified, reply_to)
                select $3, $7, (select id from support_addresses where lower(email) = lower($8)), $12, $14::text from f where $7::text is not null on conflict (ticket_id) do nothing),
         fu as (insert into email_threads (ticket_id, reply_token, follow_up_ticket_id) select $9, $10, $3 from f where $9::bigint is not null
                on conflict (ticket_id) do update set follow_up_ticket_id = excluded.follow_up_ticket_id),
         old as (select coalesce(array(select jsonb_array_elements_text(case when jsonb_typeof(fields->'cc') = 'array' then fields->'cc' else '[]'::jsonb end)), '{}') as arr
                   from tickets where id = $3),
         cc as (update tickets set fields = jsonb_set(fields, '{cc}', to_jsonb(old.arr || array(
                  select x from unnest($11::text[]) with ordinality as n(x, i) where x <> all(old.arr) order by i limit greatest(0, $13::int - cardinality(old.arr)))))
                from old where id = $3 and cardinality($11::text[]) > 0 and exists (select 1 from f))
       select id from f`,
      [
        r.id,
        r.outcome,
        r.ticketId,
        r.messageId,
        r.noAckReason,
        r.rfcMessageId,
        t?.token ?? null,
        t?.supportAddress ?? null,
        t?.followUpOf ?? null,
        t?.followUpToken ?? null,
        (r.cc ?? []).map((a) => a.toLowerCase()),
        t?.senderVerified ?? null,
        r.maxCc ?? 20,
        t?.replyTo ?? null,
        r.subject?.slice(0, 1000) ?? null,
      ],
      { prepare: true },
    );
    return rows.length > 0;
  },
  async raw(q: Queryable, id: number): Promise<Buffer | null> {
    const r = (await q.query<{ raw: Uint8Array }>(`select raw from inbound_emails where id = $1`, [id]))[0];
    return r ? Buffer.from(r.raw) : null;
  },
  /** Marks a received mail done. Only one caller can win: the others get false (and roll back). */
  async finish(
    q: Queryable,
    id: number,
    r: {
      status: InboundStatus;
      outcome?: InboundOutcome | null;
      ticketId?: number | null;
      messageId?: number | null;
      noAckReason?: string | null;
      error?: string | null;
      /** The subject as the full parse read it (the one stored at intake was only peeked). */
      subject?: string | null;
    },
  ) {
    const rows = await q.query(
      `update inbound_emails set status = $2, outcome = $3, ticket_id = $4, message_id = $5, no_ack_reason = $6, error = $7, processed_at = now(),
              subject = coalesce($8, subject)
        where id = $1 and status = 'received' returning id`,
      [
        id,
        r.status,
        r.outcome ?? null,
        r.ticketId ?? null,
        r.messageId ?? null,
        r.noAckReason ?? null,
        r.error ?? null,
        r.subject?.slice(0, 1000) ?? null,
      ],
    );
    return rows.length > 0;
  },
  /** Counts a failed processing attempt; returns the number of attempts so far. */
  async recordAttempt(q: Queryable, id: number, error: string): Promise<number> {
    const rows = await q.query<{ attempts: number }>(
      `update inbound_emails set attempts = attempts + 1, error = $2 where id = $1 returning attempts`,
      [id, error.slice(0, 2000)],
    );
    return rows[0]?.attempts ?? 0;
  },
  async resetForReprocess(q: Queryable, id: number) {
    await q.query(
      `update inbound_emails set status = 'received', attempts = 0, error = null, outcome = null, processed_at = null where id = $1`,
      [id],
    );
  },
  /** Mails from this sender in the window, up to and including this one. */
  async countRecentFrom(q: Queryable, from: string, upToId: number, minutes: number): Promise<number> {
    const rows = await q.query<{ n: number }>(
      `select count(*)::int as n from inbound_emails where lower(from_addr) = lower($1) and id <= $2
          and created_at > (select created_at from inbound_emails where id = $2) - make_interval(mins => $3::int)`,
      [from, upToId, minutes],
    );
    return rows[0]?.n ?? 0;
  },
  async list(q: Queryable, f: { status?: string; beforeId?: number | null; limit: number }): Promise<InboundRow[]> {
    return q.query<InboundRow>(
      `select ${COLUMNS} from inbound_emails where ($1::text is null or status = $1)
          and ($2::bigint is null or id < $2) order by id desc limit $3`,
      [f.status ?? null, f.beforeId ?? null, f.limit],
    );
  },
  /**
   * The person holding this address, and whether the address may route mail to them: only a
   * verified address does — or the primary address of a customer known only by mail (no password:
   * nobody can sign in as them, and their mail goes back to that address). An address added to a
   * profile but never verified routes nothing (`routes` false).
   */
  async personByEmail(q: Queryable, email: string): Promise<SenderPerson | null> {
    return (await q.query<SenderPerson>(PERSON_BY_EMAIL('$1'), [email], { prepare: true }))[0] ?? null;
  },
  /**
   * Ids for a mail's attachments before they are stored, so the sanitizer can give inline images
   * their final address (sanitizing is the last step; nothing edits its output).
   */
  async reserveAttachmentIds(q: Queryable, n: number): Promise<number[]> {
    if (n <= 0) return [];
    const rows = await q.query<{ id: number }>(
      `select nextval(pg_get_serial_sequence('attachments', 'id'))::int as id from generate_series(1, $1::int)`,
      [n],
    );
    return rows.map((r) => r.id);
  },
  async saveAttachments(
    q: Queryable,
    messageId: number,
    list: Array<{ id: number; filename: string; contentType: string; contentId: string | null; data: Buffer }>,
  ) {
    for (const a of list) {
      await q.query(
        `insert into attachments (id, message_id, filename, content_type, size, content_id, data) overriding system value values ($1, $2, $3, $4, $5, $6, $7)`,
        [a.id, messageId, a.filename.replace(/[\\/\0]/g, '_').slice(0, 255), a.contentType, a.data.length, a.contentId, a.data],
      );
    }
  },
  /** The message's final (sanitized) HTML and whether its sender is proven. */
  async finishMessage(q: Queryable, messageId: number, html: string, senderVerified: boolean | null) {
    await q.query(`update messages set body_html = $2, sender_verified = $3 where id = $1`, [messageId, html, senderVerified]);
  },
  /** The CC'd addresses a ticket has now. */
  async ccOf(q: Queryable, ticketId: number): Promise<string[]> {
    const r = (await q.query<{ cc: unknown }>(`select fields->'cc' as cc from tickets where id = $1`, [ticketId]))[0];
    return Array.isArray(r?.cc) ? (r.cc as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  },
  /** The source mail of a ticket message, with what is needed to check who may read it. */
  async byMessage(q: Queryable, messageId: number) {
    const rows = await q.query<{
      id: number;
      raw: Uint8Array;
      internal: boolean;
      ticket_id: number;
      organization_id: number | null;
      requester_id: number;
      group_id: number | null;
      assignee_id: number | null;
    }>(
      `select i.id, i.raw, m.internal, t.id as ticket_id, t.organization_id, t.requester_id, t.group_id, t.assignee_id
         from messages m join tickets t on t.id = m.ticket_id
         join inbound_emails i on i.message_id = m.id where m.id = $1 limit 1`,
      [messageId],
    );
    return rows[0] ?? null;
  },
};
