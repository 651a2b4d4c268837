import type { Db } from '../../db/client.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { authRepository } from './authRepository.ts';
import { forgetAllCredentials } from './authenticate.ts';
import { consumeOneTimeToken } from './oneTimeTokens.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';

/**
 * Invitation or password-reset link: sets the password, ends every session and the person's other
 * open invitation and reset links, and verifies exactly the address row the link was sent to — if it
 * is still that person's (a reset link is mailed to one address; an invitation is for the primary
 * address staff entered). Nothing else is verified.
 */
export async function setPasswordWithToken(db: Db, opts: { token: string; password: string; meta?: RequestMeta }): Promise<number | null> {
  checkPasswordStrength(opts.password);
  const hash = await hashPassword(opts.password);
  return db.tx(async (q) => {
    const t = await consumeOneTimeToken(q, ['invite', 'password_reset'], opts.token);
    if (t.person_id == null) return null;
    await authRepository.setPassword(q, t.person_id, hash);
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
    await recordAudit(q, {
      type: 'auth.password_changed',
      personId: t.person_id,
      meta: opts.meta,
      data: { via: t.purpose, email_verified: verified },
    });
    forgetAllCredentials();
    return t.person_id;
  });
}
