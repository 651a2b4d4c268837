import type { Queryable } from '../../db/client.ts';
import { localizedError } from '../../errors.ts';
import { hashSecret, newSecret } from './secrets.ts';

export type OneTimePurpose = 'setup' | 'invite' | 'password_reset' | 'email_verify';

/** What a link mailed to an address carries: the exact address row it was sent to (and the address, checked too). */
export interface AddressData {
  email: string;
  email_id: number;
}

/** Links that stand for the same thing: a new one (or a used one) ends the others still open. */
const SAME_KIND: Record<OneTimePurpose, OneTimePurpose[]> = {
  setup: [],
  invite: ['invite', 'password_reset'],
  password_reset: ['invite', 'password_reset'],
  email_verify: ['email_verify'],
};

/**
 * Ends a person's open links of these purposes (for 'email_verify', only those for `email`, since each
 * address has its own link). Answers how many.
 */
export async function revokeOneTimeTokens(
  q: Queryable,
  o: { personId: number; purposes: OneTimePurpose[]; email?: string | null; exceptId?: number },
) {
  if (!o.purposes.length) return 0;
  const rows = await q.query(
    `update one_time_tokens set used_at = now()
      where person_id = $1 and purpose = any($2::text[]) and used_at is null and expires_at > now()
        and ($3::text is null or lower(data->>'email') = lower($3)) and ($4::bigint is null or id <> $4) returning 1`,
    [o.personId, o.purposes, o.email ?? null, o.exceptId ?? null],
  );
  return rows.length;
}

/** Issues a link; the person's older open links of the same kind (for the same address, for 'email_verify') stop working. */
export async function issueOneTimeToken(
  q: Queryable,
  o: { purpose: OneTimePurpose; personId: number | null; hours: number; data?: Partial<AddressData> & Record<string, unknown> },
): Promise<string> {
  const { token, hash } = newSecret('kfo');
  if (o.personId != null)
    await revokeOneTimeTokens(q, {
      personId: o.personId,
      purposes: SAME_KIND[o.purpose],
      email: o.purpose === 'email_verify' ? (o.data?.email ?? null) : null,
    });
  await q.query(
    `insert into one_time_tokens (purpose, token_hash, person_id, data, expires_at) values ($1, $2, $3, $4, now() + make_interval(hours => $5::int))`,
    [o.purpose, hash, o.personId, JSON.stringify(o.data ?? {}), o.hours],
  );
  return token;
}

/** Marks the token used and returns it (the person's other open links of the same kind end too); a used, expired or unknown token is refused. */
export async function consumeOneTimeToken(q: Queryable, purpose: OneTimePurpose | OneTimePurpose[], token: string) {
  const rows = await q.query<{
    id: number;
    purpose: OneTimePurpose;
    person_id: number | null;
    data: Partial<AddressData> & Record<string, unknown>;
  }>(
    `update one_time_tokens set used_at = now() where token_hash = $1 and purpose = any($2::text[]) and used_at is null and expires_at > now() returning id, purpose, person_id, data`,
    [hashSecret(token), Array.isArray(purpose) ? purpose : [purpose]],
  );
  const t = rows[0];
  if (!t) throw localizedError('invalid_request', 'http.errors.link_invalid', { field: 'token' });
  if (t.person_id != null)
    await revokeOneTimeTokens(q, {
      personId: t.person_id,
      purposes: SAME_KIND[t.purpose],
      email: t.purpose === 'email_verify' ? (t.data.email ?? null) : null,
      exceptId: t.id,
    });
  return t;
}
