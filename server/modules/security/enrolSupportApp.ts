import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import { checkCurrentPassword } from '../auth/checkCurrentPassword.ts';
import type { Principal } from '../auth/principal.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import type { RequestMeta } from './audit.ts';
import { startEnrolment } from './otpSecrets.ts';

/**
 * A person enrols their own authenticator app (any RFC 6238 app) for proving who they are to
 * support: answers the secret and the otpauth:// URI to show as a QR code. Nothing changes until
 * it is confirmed with a code; enrolling again replaces the app on confirmation. A person with a
 * password types it first: the app proves the account holder to support, so a held session alone
 * must not be able to enrol one.
 */
export async function enrolSupportApp(db: Db, opts: { actor: Principal; currentPassword?: string; meta?: RequestMeta; now?: Date }) {
  if (opts.actor.personId == null) throw forbidden(text('security.errors.app_enrol_signed_in'));
  await checkCurrentPassword(db, {
    personId: opts.actor.personId,
    password: opts.currentPassword,
    locale: opts.actor.locale,
    missingKey: 'security.support_app.current_required',
    now: opts.now,
  });
  const person = await peopleRepository.get(db, opts.actor.personId);
  const label = `${person?.emails.find((e) => e.primary)?.email ?? person?.name ?? opts.actor.personId} (support)`;
  return startEnrolment(db, {
    actor: opts.actor,
    purpose: 'support_app',
    label,
    audit: 'support_app.enrolment_started',
    meta: opts.meta,
    now: opts.now ?? new Date(),
  });
}
