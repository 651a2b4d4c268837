import type { Db } from '../../db/client.ts';
import { conflict, forbidden } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import type { RequestMeta } from './audit.ts';
import { startEnrolment } from './otpSecrets.ts';
import { securityRepository } from './securityRepository.ts';

/** Starts two-factor sign-in: a secret and its otpauth:// URI; it is on once confirmed with a code. */
export async function enrolTwoFactor(db: Db, opts: { actor: Principal; meta?: RequestMeta; now?: Date }) {
  const personId = opts.actor.personId;
  if (personId == null) throw forbidden('Only a signed-in person can turn on two-factor sign-in');
  if ((await securityRepository.otp(db, personId, 'two_factor'))?.enabled_at)
    throw conflict(t(opts.actor.locale, 'security.two_factor.already_on'));
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
