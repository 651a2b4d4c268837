import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { securityRepository } from './securityRepository.ts';
import { refreshSecuritySettings } from './securitySettings.ts';

/** The signed-in person's account security at a glance, for the portal and the agent console. */
export async function getSecurityOverview(db: Db, opts: { actor: Principal }) {
  const personId = opts.actor.personId;
  if (personId == null) throw forbidden(text('security.errors.overview_signed_in'));
  const settings = await refreshSecuritySettings(db);
  const rows = new Map((await securityRepository.otps(db, personId)).map((r) => [r.purpose, r]));
  const twoFactor = rows.get('two_factor');
  return {
    email_verified: opts.actor.emailVerified ?? false,
    two_factor: {
      enabled: !!twoFactor?.enabled_at,
      enabled_at: twoFactor?.enabled_at?.toISOString() ?? null,
      pending: !!twoFactor?.pending_enc,
      required: isStaff(opts.actor) && settings.require_2fa_for_staff,
      recovery_codes_left: twoFactor?.enabled_at ? await securityRepository.recoveryCodesLeft(db, personId) : 0,
    },
    support_app: { enabled: !!rows.get('support_app')?.enabled_at, pending: !!rows.get('support_app')?.pending_enc },
  };
}
