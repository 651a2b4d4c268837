import type { Db, Queryable } from '../../db/client.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { authRepository } from './authRepository.ts';
import { forgetAllCredentials } from './authenticate.ts';
import { consumeOneTimeToken } from './oneTimeTokens.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';
import { newSecret } from './secrets.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { presentPerson, type PersonJson } from '../people/personPresenter.ts';
import { securityRepository } from '../security/securityRepository.ts';

export interface PasswordSet {
  personId: number;
  /** An accepted invitation signs its person in (docs/security.md, "Invitations"); a reset link does not. */
  session: { token: string; expiresAt: Date; person: PersonJson } | null;
}

/**
 * Invitation or password-reset link: sets the password, ends every session (a reset also every API
 * token and the support app) and the person's other open invitation and reset links, and verifies exactly the address row the link was sent to — if it
 * is still that person's (a reset link is mailed to one address; an invitation is for the primary
 * address staff entered). Nothing else is verified.
 *
 * An invitation accepted by an active person without a second factor also opens a session, as a
 * sign-in would: the link was mailed to that address and the password was chosen this moment. A
 * reset link only sets the password (it was issued for that), and a second factor is never skipped.
 */
export async function setPasswordWithToken(
  db: Db,
  opts: { token: string; password: string; meta?: RequestMeta; sessionDays: number },
): Promise<PasswordSet | null> {
  checkPasswordStrength(opts.password);
  const hash = await hashPassword(opts.password);
  const r = await db.tx(async (q) => {
    const t = await consumeOneTimeToken(q, ['invite', 'password_reset'], opts.token);
    if (t.person_id == null) return null;
    const person = await authRepository.setPassword(q, t.person_id, hash);
    const emailId = typeof t.data.email_id === 'number' ? t.data.email_id : null;
    // Invitations made before links carried their address stand for the primary address.
    const row =
      typeof t.data.email === 'string'
        ? { id: emailId, email: t.data.email }
        : t.purpose === 'invite'
          ? await authRepository.emailRow(q, t.person_id, {})
          : null;
    const verified = row ? await authRepository.markEmailVerified(q, t.person_id, row.id, row.email) : null;
    await q.query(`update sessions set revoked_at = now() where person_id = $1 and revoked_at is null`, [t.person_id]);
    // A reset is how an account is taken back: a token made by whoever knew the old password ends
    // with it. An invitation is for someone who never had one; an admin's tokens for them stay.
    const tokens = t.purpose === 'password_reset' ? await authRepository.revokePersonTokens(q, t.person_id) : 0;
    // So does an authenticator app enrolled as the person's proof to support: one enrolled from a
    // held session would otherwise keep passing identity checks on calls after the account is back.
    const app = t.purpose === 'password_reset' && (await securityRepository.deleteOtp(q, t.person_id, 'support_app'));
    await recordAudit(q, {
      type: 'auth.password_changed',
      personId: t.person_id,
      meta: opts.meta,
      data: {
        via: t.purpose,
        email_verified: verified,
        ...(tokens ? { tokens_revoked: tokens } : {}),
        ...(app ? { support_app_removed: true } : {}),
      },
    });
    const session = t.purpose === 'invite' && person?.active ? await openSession(q, t.person_id, person.role, opts) : null;
    forgetAllCredentials();
    return { personId: t.person_id, session };
  });
  if (!r?.session) return r && { personId: r.personId, session: null };
  // As a sign-in answers it (modules/auth/login.ts).
  return { ...r, session: { ...r.session, person: presentPerson((await peopleRepository.get(db, r.personId))!) } };
}

async function openSession(q: Queryable, personId: number, role: string, opts: { meta?: RequestMeta; sessionDays: number }) {
  if ((await securityRepository.otp(q, personId, 'two_factor'))?.enabled_at) return null;
  const { token, hash } = newSecret('kfs');
  const s = await authRepository.insertSession(q, {
    hash,
    personId,
    ip: opts.meta?.ip ?? undefined,
    userAgent: opts.meta?.userAgent ?? undefined,
    days: opts.sessionDays,
  });
  await recordAudit(q, {
    type: 'auth.login',
    personId,
    meta: opts.meta,
    data: { method: 'invitation', session_id: s.id, role },
  });
  return { token, expiresAt: s.expires_at };
}
