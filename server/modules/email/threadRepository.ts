import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/client.ts';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
/** 20 characters from a 32-letter alphabet (100 bits): lower case, since mail systems may lower-case the local part. */
export function newReplyToken(): string {
  return [...randomBytes(20)].map((b) => ALPHABET[b & 31]).join('');
}

export interface ThreadTicket {
  id: number;
  status: string;
  merged_into_id: number | null;
  follow_up_ticket_id: number | null;
}

export const threadRepository = {
  async ticketByToken(q: Queryable, token: string): Promise<number | null> {
    return (
      (await q.query<{ ticket_id: number }>(`select ticket_id from email_threads where reply_token = lower($1)`, [token]))[0]?.ticket_id ??
      null
    );
  },
  /** The ticket a mail answers, by its In-Reply-To/References; the latest known wins. */
  async ticketByMessageIds(q: Queryable, ids: string[]): Promise<number | null> {
    if (!ids.length) return null;
    return (
      (
        await q.query<{ ticket_id: number }>(
          `select ticket_id from email_message_ids where rfc_message_id = any($1::text[]) order by created_at desc limit 1`,
          [ids],
        )
      )[0]?.ticket_id ?? null
    );
  },
  /** Of these tickets, those opened by a mail whose sender claimed an account and was not proven ("sender not verified"). */
  async unverifiedSender(q: Queryable, ticketIds: number[]): Promise<number[]> {
    if (!ticketIds.length) return [];
    return (
      await q.query<{ ticket_id: number }>(
        `select ticket_id from email_threads where ticket_id = any($1::bigint[]) and sender_verified = false`,
        [ticketIds],
      )
    ).map((r) => Number(r.ticket_id));
  },
  async ticket(q: Queryable, id: number): Promise<ThreadTicket | null> {
    return (
      (
        await q.query<ThreadTicket>(
          `select t.id, t.status, t.merged_into_id, th.follow_up_ticket_id from tickets t left join email_threads th on th.ticket_id = t.id where t.id = $1`,
          [id],
        )
      )[0] ?? null
    );
  },
};
