import type { Db } from '../../db/client.ts';
import { conflict, forbidden, text } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { forgetAllCredentials } from '../auth/authenticate.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit, type RequestMeta } from './audit.ts';
import { checkSecondFactor } from './checkSecondFactor.ts';
import { assertOtpNotLocked, countOwnCodeFailure, holdOwnCodeCounter } from './otpSecrets.ts';
import { keyring } from './secretBox.ts';
import { securityRepository } from './securityRepository.ts';

/** Turns two-factor sign-in off; needs a current code (or a recovery code), so a stolen session alone cannot. */
export async function disableTwoFactor(db: Db, opts: { actor: Principal; code: string; meta?: RequestMeta; now?: Date }) {
  const personId = opts.actor.personId;
  if (personId == null) throw forbidden(text('security.errors.two_factor_signed_in'));
  const now = opts.now ?? new Date();
  await assertOtpNotLocked(db, opts.actor, now);
  const row = await securityRepository.otp(db, personId, 'two_factor');
  if (!row?.enabled_at) throw conflict(t(opts.actor.locale, 'security.two_factor.not_on'));
  const ring = await keyring(db);
  const result = await db.tx(async (q) => {
    await holdOwnCodeCounter(q, opts.actor, now);
    const r = await checkSecondFactor(q, ring, row, opts.code, now);
    if (!r.ok)
      return {
        ok: false as const,
        error: await countOwnCodeFailure(q, { actor: opts.actor, purpose: 'two_factor', reason: r.reason, meta: opts.meta, now }),
      };
    await securityRepository.deleteOtp(q, personId, 'two_factor');
    await securityRepository.deleteRecoveryCodes(q, personId);
    await recordAudit(q, { type: 'two_factor.disabled', personId, meta: opts.meta, at: now, data: { method: r.method } });
    return r;
  });
  if (!result.ok) throw result.error;
  forgetAllCredentials();
  return { enabled: false };
}
