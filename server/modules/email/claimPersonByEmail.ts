import type { Queryable } from '../../db/client.ts';
import { peopleRepository } from '../people/peopleRepository.ts';

/**
 * Signing up with an address Kefu already knows from email (a customer without a password)
 * must not create a second person: the sign-up sets the password on that person, so their
 * earlier tickets are theirs at once. Returns the person's id, or null when the address is new
 * (create a person as usual) — or belongs to someone who already has a password or is staff
 * (refuse: "this address is registered; sign in or reset the password").
 *
 * Call it only once the address is proven (the verification link was opened), never on the
 * sign-up form alone: otherwise anyone could take over a requester's tickets by signing up first.
 * With `personId` (the person the verification link was sent for, as verifyEmail passes it) the
 * claim happens only when the address is that person's and verified ('unproven' otherwise).
 */
export async function claimPersonByEmail(
  q: Queryable,
  opts: { email: string; passwordHash: string; name?: string; locale?: string; personId?: number },
): Promise<{ personId: number } | { personId: null; reason: 'new' | 'registered' | 'unproven' }> {
  const id = await peopleRepository.idByEmail(q, opts.email);
  if (id == null) return { personId: null, reason: 'new' };
  const p = await peopleRepository.get(q, id);
  if (opts.personId !== undefined) {
    const address = p?.emails.find((e) => e.email.toLowerCase() === opts.email.toLowerCase());
    if (id !== opts.personId || !address?.verified) return { personId: null, reason: 'unproven' };
  }
  if (!p || p.has_password || p.role !== 'customer' || !p.active) return { personId: null, reason: 'registered' };
  const patch: Record<string, unknown> = { password_hash: opts.passwordHash };
  if (opts.name) patch.name = opts.name;
  if (opts.locale) patch.locale = opts.locale;
  await peopleRepository.update(q, id, patch);
  return { personId: id };
}
