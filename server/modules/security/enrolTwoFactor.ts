import type { Db } from '../../db/client.ts';
import { conflict, forbidden, text } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { checkCurrentPassword } from '../auth/checkCurrentPassword.ts';
import type { Principal } from '../auth/principal.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import type { RequestMeta } from './audit.ts';
import { startEnrolment } from './otpSecrets.ts';
import { securityRepository } from './securityRepository.ts';

/**
 * Starts two-factor sign-in: a secret and its otpauth:// URI; it is on once confirmed with a code.
 * A person with a password types it first: whoever holds a session (a browser left signed in, a
 * stolen cookie) would otherwise put their own app between the account and its owner.
 */
export async function enrolTwoFactor(db: Db, opts: { actor: Principal; currentPassword?: string; meta?: RequestMeta; now?: Date }) {
  const personId = opts.actor.personId;
  if (personId == null) throw forbidden(text('security.errors.two_factor_enrol_signed_in'));
  if ((await securityRepository.otp(db, personId, 'two_factor'))?.enabled_at)
    throw conflict(t(opts.actor.locale, 'security.two_factor.already_on'));
  await checkCurrentPassword(db, {
    personId,
    password: opts.currentPassword,
    locale: opts.actor.locale,
    missingKey: 'security.two_factor.current_required',
    now: opts.now,
  });
  const person = await peopleRepository.get(db, personId);
  const label = person?.emails.find((e) => e.primary)?.email ?? person?.name ?? String(personId);
  return startEnrolment(db, {
    actor: opts.actor,
    purpose: 'two_factor',
    label,
    audit: 'two_factor.enrolment_started',
    meta: opts.meta,
    now: opts.now ?? new Date(),
  });
}
