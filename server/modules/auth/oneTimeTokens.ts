import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { hashSecret, newSecret } from './secrets.ts';

export type OneTimePurpose = 'setup' | 'invite' | 'password_reset' | 'email_verify';

export async function issueOneTimeToken(q: Queryable, o: { purpose: OneTimePurpose; personId: number | null; hours: number; data?: unknown }): Promise<string> {
  const { token, hash } = newSecret('kfo');
  await q.query(`insert into one_time_tokens (purpose, token_hash, person_id, data, expires_at) values ($1, $2, $3, $4, now() + make_interval(hours => $5::int))`,
    [o.purpose, hash, o.personId, JSON.stringify(o.data ?? {}), o.hours]);
  return token;
}

/** Marks the token used and returns it; a used, expired or unknown token is refused. */
export async function consumeOneTimeToken(q: Queryable, purpose: OneTimePurpose | OneTimePurpose[], token: string) {
  const rows = await q.query<{ id: number; purpose: OneTimePurpose; person_id: number | null; data: Record<string, unknown> }>(
    `update one_time_tokens set used_at = now() where token_hash = $1 and purpose = any($2::text[]) and used_at is null and expires_at > now() returning id, purpose, person_id, data`,
    [hashSecret(token), Array.isArray(purpose) ? purpose : [purpose]]);
  if (!rows[0]) throw new AppError('invalid_request', 'This link is invalid, expired or already used', { field: 'token' });
  return rows[0];
}
