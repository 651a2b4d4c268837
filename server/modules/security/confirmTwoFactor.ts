import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import { forgetAllCredentials } from '../auth/authenticate.ts';
import type { Principal } from '../auth/principal.ts';
import { guestLinkRepository } from '../email/guestLinkRepository.ts';
import { recordAudit, type RequestMeta } from './audit.ts';
import { issueRecoveryCodes } from './checkSecondFactor.ts';
import { confirmEnrolment } from './otpSecrets.ts';

/** Turns two-factor sign-in on with a code from the app; answers the recovery codes, shown this once. */
export async function confirmTwoFactor(db: Db, opts: { actor: Principal; code: string; meta?: RequestMeta; now?: Date }) {
  const personId = opts.actor.personId;
  if (personId == null) throw forbidden(text('security.errors.two_factor_enrol_signed_in'));
  const now = opts.now ?? new Date();
  const codes = await confirmEnrolment(db, {
    actor: opts.actor,
    purpose: 'two_factor',
    code: opts.code,
    meta: opts.meta,
    now,
    then: async (q) => {
      const c = await issueRecoveryCodes(q, personId, now);
      // Private ticket links read and reply without a sign-in: with a second factor, they would skip it.
      const links = await guestLinkRepository.revokeByPerson(q, personId);
      await recordAudit(q, { type: 'two_factor.enabled', personId, meta: opts.meta, at: now, data: { private_links_revoked: links } });
      return c;
    },
  });
  forgetAllCredentials();
  return { enabled: true, recovery_codes: codes };
}
