import type { Db } from '../../db/client.ts';
import { conflict, text, unprocessable } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { sendPasswordResetEmail } from '../email/authEmails.ts';
import type { MailIdentity } from '../email/queueEmail.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { peopleRepository } from './peopleRepository.ts';
import { presentPerson } from './personPresenter.ts';
import { assertMayManageAccount } from './personPolicy.ts';

/**
 * Staff send a password reset link to the person's primary address — the same mail, link and
 * limits as "forgot password" (5 an hour per address; their older links stop working). The link
 * is never answered to staff: nobody sets another person's password. Refused (409) for someone
 * who never accepted their invitation (resend the invitation) and for a deactivated person.
 */
export async function sendPasswordReset(db: Db, opts: { actor: Principal; id: number; identity: MailIdentity; meta?: RequestMeta }) {
  const { actor, id } = opts;
  const person = await peopleRepository.get(db, id);
  assertMayManageAccount(actor, person, id);
  if (!person.active) throw conflict(text('people.errors.reset_deactivated'), { reason: 'deactivated' });
  if (!person.has_password) throw conflict(text('people.errors.reset_not_accepted'), { reason: 'not_accepted' });
  const email = presentPerson(person).email;
  if (!email) throw unprocessable(text('people.errors.reset_no_email'), { field: 'email' });
  await sendPasswordResetEmail(db, { email, identity: opts.identity });
  await recordAudit(db, { type: 'person.password_reset_sent', personId: id, actorId: actor.personId, meta: opts.meta, data: { email } });
  return { person_id: id, email };
}
