import type { Db } from '../../db/client.ts';
import { forbidden, notFound, text } from '../../errors.ts';
import { authRepository } from '../auth/authRepository.ts';
import { forgetAllCredentials } from '../auth/authenticate.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { recordAudit, type RequestMeta } from './audit.ts';
import { securityRepository } from './securityRepository.ts';

/**
 * An admin turns off someone's two-factor sign-in (lost phone and recovery codes) and ends their
 * sessions. Confirm who is asking first (for a customer, verify them on their reset ticket).
 */
export async function resetTwoFactor(db: Db, opts: { actor: Principal; personId: number; meta?: RequestMeta; now?: Date }) {
  if (!isAdmin(opts.actor)) throw forbidden(text('security.errors.two_factor_reset_admin_only'));
  if (!(await peopleRepository.get(db, opts.personId))) throw notFound('Person', opts.personId);
  const now = opts.now ?? new Date();
  await db.tx(async (q) => {
    const had = await securityRepository.deleteOtp(q, opts.personId, 'two_factor');
    await securityRepository.deleteRecoveryCodes(q, opts.personId);
    const sessions = await authRepository.revokePersonSessions(q, opts.personId, now);
    await recordAudit(q, {
      type: 'two_factor.reset',
      personId: opts.personId,
      actorId: opts.actor.personId,
      meta: opts.meta,
      at: now,
      data: { was_enabled: had, sessions_revoked: sessions },
    });
  });
  forgetAllCredentials();
  return { enabled: false };
}
