import type { Db } from '../../db/client.ts';
import { claimPersonByEmail } from '../email/claimPersonByEmail.ts';
import { organizationRepository } from '../organizations/organizationRepository.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { authRepository } from './authRepository.ts';
import { forgetAllCredentials } from './authenticate.ts';
import { consumeOneTimeToken } from './oneTimeTokens.ts';
import { SIGNUP_CLAIM_HOURS } from './signup.ts';

/**
 * The link from the verification mail: marks verified exactly the address row it was sent to, of
 * exactly the person it was sent for — when that address was removed or now belongs to someone else,
 * the link does nothing. For a guest who signed up, it also sets the password chosen at sign-up (the
 * guest's earlier tickets become theirs). A customer without an organization joins the one that owns
 * the domain of the address just verified, as email intake does.
 */
export async function verifyEmail(db: Db, opts: { token: string; meta?: RequestMeta; now?: Date }) {
  const now = opts.now ?? new Date();
  const personId = await db.tx(async (q) => {
    const t = await consumeOneTimeToken(q, 'email_verify', opts.token);
    if (t.person_id == null || typeof t.data.email !== 'string') return null;
    const email = await authRepository.markEmailVerified(
      q,
      t.person_id,
      typeof t.data.email_id === 'number' ? t.data.email_id : null,
      t.data.email,
    );
    if (!email) return null;
    const claim = await authRepository.takeSignupClaim(q, t.person_id, email, now, SIGNUP_CLAIM_HOURS);
    const claimed = claim
      ? (
          await claimPersonByEmail(q, {
            email,
            personId: t.person_id,
            passwordHash: claim.password_hash,
            name: claim.name ?? undefined,
            locale: claim.locale ?? undefined,
          })
        ).personId === t.person_id
      : false;
    const person = await authRepository.personForVerification(q, t.person_id);
    let organizationId = person?.organization_id ?? null;
    if (person?.role === 'customer' && organizationId == null) {
      organizationId = await organizationRepository.byEmailDomain(q, email.split('@')[1] ?? '');
      if (organizationId != null) await authRepository.setOrganization(q, t.person_id, organizationId);
    }
    await recordAudit(q, {
      type: 'auth.email_verified',
      personId: t.person_id,
      meta: opts.meta,
      at: now,
      data: { email, claimed, organization_id: organizationId },
    });
    return t.person_id;
  });
  forgetAllCredentials();
  return { ok: personId != null };
}
