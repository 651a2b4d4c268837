import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/client.ts';

/**
 * Per-staff reply tokens. A mail whose From is a staff address proves nothing (anyone can write
 * any From); a staff member's mailed reply counts as theirs only when it goes to the Reply-To that
 * Kefu gave them for that ticket: `support+<token>@…`, a secret issued per (staff person, ticket).
 * Only a SHA-256 of the token is stored; tokens expire and can be revoked.
 *
 * Kefu does not mail staff yet: the future staff notification calls `issueStaffReplyTo` for the
 * Reply-To of each mail it sends to an agent.
 */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const TOKEN_LENGTH = 26; // 130 bits; lower case, since mail systems may lower-case the local part
const TTL_DAYS = 90;

const hash = (token: string) => createHash('sha256').update(token.toLowerCase()).digest('hex');

export function newStaffReplyToken(): string {
  return [...randomBytes(TOKEN_LENGTH)].map((b) => ALPHABET[b & 31]).join('');
}

/** The Reply-To for a mail to a staff member about a ticket: `support+<token>@domain` of the given support address. */
export async function issueStaffReplyTo(
  q: Queryable,
  o: { personId: number; ticketId: number; supportAddress: string; now?: Date },
): Promise<string> {
  const token = newStaffReplyToken();
  const now = o.now ?? new Date();
  await q.query(`insert into staff_reply_tokens (token_hash, person_id, ticket_id, created_at, expires_at) values ($1, $2, $3, $4, $5)`, [
    hash(token),
    o.personId,
    o.ticketId,
    now,
    new Date(now.getTime() + TTL_DAYS * 86_400_000),
  ]);
  const address = o.supportAddress.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at).split('+')[0];
  return `${local}+${token}@${address.slice(at + 1)}`;
}

export const staffReplyTokens = {
  /** Who a token was issued to, for which ticket; null when unknown, expired or revoked. */
  async find(q: Queryable, token: string, now = new Date()): Promise<{ personId: number; ticketId: number } | null> {
    if (token.length !== TOKEN_LENGTH) return null;
    const r = (
      await q.query<{ person_id: number; ticket_id: number }>(
        `select person_id, ticket_id from staff_reply_tokens where token_hash = $1 and revoked_at is null and expires_at > $2`,
        [hash(token), now],
      )
    )[0];
    return r ? { personId: r.person_id, ticketId: r.ticket_id } : null;
  },
  /** Revokes every token of a person (they left, or their mailbox was compromised). */
  async revokeAll(q: Queryable, personId: number) {
    await q.query(`update staff_reply_tokens set revoked_at = now() where person_id = $1 and revoked_at is null`, [personId]);
  },
};
