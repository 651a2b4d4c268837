import type { Db } from '../../db/client.ts';
import { AppError, forbidden, text } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { authRepository } from './authRepository.ts';
import { forgetAllCredentials } from './authenticate.ts';
import { revokeOneTimeTokens } from './oneTimeTokens.ts';
import { checkCurrentPassword } from './checkCurrentPassword.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';
import type { Principal } from './principal.ts';

/**
 * A signed-in person changes their own password with the current one (POST /me/password, or
 * PATCH /people/{own id} with `current_password`): their other sessions and all their API tokens
 * end, reset and invitation links sent before stop working, and the change is audited. Tokens end
 * because one made by whoever knew the old password would otherwise outlive it (docs/security.md).
 */
export async function changePassword(
  db: Db,
  opts: { actor: Principal; currentPassword: string; newPassword: string; meta?: RequestMeta; now?: Date },
) {
  const personId = opts.actor.personId;
  if (personId == null) throw forbidden(text('auth.errors.password_signed_in'));
  const had = await checkCurrentPassword(db, {
    personId,
    password: opts.currentPassword,
    locale: opts.actor.locale,
    missingKey: 'security.password.current_required',
    now: opts.now,
  });
  if (!had)
    throw new AppError('invalid_credentials', t(opts.actor.locale, 'security.password.current_wrong'), { field: 'current_password' });
  checkPasswordStrength(opts.newPassword);
  const hash = await hashPassword(opts.newPassword);
  const now = opts.now ?? new Date();
  const ended = await db.tx(async (q) => {
    await authRepository.setPassword(q, personId, hash);
    const n = await authRepository.revokePersonSessions(q, personId, now, opts.actor.sessionId ?? null);
    const tokens = await authRepository.revokePersonTokens(q, personId);
    const links = await revokeOneTimeTokens(q, { personId, purposes: ['invite', 'password_reset'] });
    await recordAudit(q, {
      type: 'auth.password_changed',
      personId,
      meta: opts.meta,
      at: now,
      data: { via: 'current_password', sessions_revoked: n, tokens_revoked: tokens, links_revoked: links },
    });
    return { sessions: n, tokens };
  });
  forgetAllCredentials();
  return { ok: true, sessions_revoked: ended.sessions, tokens_revoked: ended.tokens };
}
