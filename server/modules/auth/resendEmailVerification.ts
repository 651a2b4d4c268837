import type { Db } from '../../db/client.ts';
import { conflict, forbidden, text } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import type { Principal } from './principal.ts';
import type { SendVerification } from './signup.ts';

/** Sends the verification link for the signed-in person's primary address again. */
export async function resendEmailVerification(db: Db, opts: { actor: Principal; sendVerification: SendVerification }) {
  if (opts.actor.personId == null) throw forbidden(text('auth.errors.email_signed_in'));
  const person = await peopleRepository.get(db, opts.actor.personId);
  const primary = person?.emails.find((e) => e.primary);
  if (!person || !primary) throw conflict(t(opts.actor.locale, 'security.email.none'));
  if (primary.verified) throw conflict(t(opts.actor.locale, 'security.email.already_verified'));
  await opts.sendVerification(person.id, primary.email);
  return { status: 'verification_sent' as const };
}
