import type { Db } from '../../db/client.ts';
import { normalizeLocale } from '../../i18n/index.ts';
import { insertPerson } from '../people/createPerson.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { authRepository } from './authRepository.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';

/** Mails the verification link for `email` (the email area: `sendVerificationEmail`). */
export type SendVerification = (personId: number, email: string) => Promise<unknown>;

/** How long a guest's sign-up waits for the link (the link itself lives 48 hours). */
export const SIGNUP_CLAIM_HOURS = 48;

export interface SignupInput {
  name: string;
  email: string;
  password: string;
  locale?: string;
}

/**
 * Self sign-up of a customer. The answer is the same whatever exists, so it does not tell who has
 * an account:
 * - a new address: a customer with this password (signing in works; opening tickets in the portal
 *   waits for the verified address);
 * - a guest (a customer without a password, e.g. from email): the password waits in `signup_claims`
 *   and is set only when the verification link mailed to that very address is used (a link for
 *   another address of the guest does not apply it), so nobody reads a guest's tickets by signing
 *   up with their address;
 * - anyone else (a person with a password, verified or not, whether the address is their primary or
 *   a secondary one): nothing but an audit entry. No link is sent for them: the person signing up
 *   would follow it believing it is theirs, and verify the address on someone else's account. The
 *   address never moves to the new sign-up.
 */
export async function signup(db: Db, opts: { input: SignupInput; sendVerification: SendVerification; meta?: RequestMeta; now?: Date }) {
  const { input, meta } = opts;
  const now = opts.now ?? new Date();
  checkPasswordStrength(input.password);
  const hash = await hashPassword(input.password);
  const locale = normalizeLocale(input.locale);
  const email = input.email.trim().toLowerCase();
  const mailTo = await db.tx(async (q) => {
    const existing = await authRepository.findPersonByEmail(q, email);
    if (!existing) {
      const personId = await insertPerson(q, { name: input.name, email, role: 'customer', passwordHash: hash, locale, verified: false });
      await recordAudit(q, { type: 'auth.signup', personId, meta, at: now, data: { claimed: false } });
      return personId;
    }
    const customer = existing.role === 'customer' && existing.active;
    if (customer && !existing.password_hash) {
      await authRepository.putSignupClaim(q, { personId: existing.id, email, passwordHash: hash, name: input.name, locale, now });
      await recordAudit(q, { type: 'auth.signup', personId: existing.id, meta, at: now, data: { claimed: true } });
      return existing.id;
    }
    await recordAudit(q, { type: 'auth.signup_existing', personId: existing.id, meta, at: now, data: { resent: false } });
    return null;
  });
  if (mailTo != null) await opts.sendVerification(mailTo, email);
  return { status: 'verification_sent' as const };
}
