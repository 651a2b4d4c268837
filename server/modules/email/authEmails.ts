import type { Db } from '../../db/client.ts';
import { authRepository } from '../auth/authRepository.ts';
import { issueOneTimeToken } from '../auth/oneTimeTokens.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { takeQuota, THROTTLES, throttleKeys } from '../security/throttle.ts';
import { queueEmail, type MailIdentity } from './queueEmail.ts';
import { templates } from './templates.ts';

const RESET_HOURS = 2;
const VERIFY_HOURS = 48;

/**
 * Password reset: mails a one-time link (purpose 'password_reset'; POST /api/v1/auth/password
 * consumes it) to the address typed, when it is the person's primary address or a verified one — an
 * unverified secondary address proves nothing, so nothing goes to it. The link carries that address
 * row; a newer link ends the older ones. At most 5 a hour per address. Says nothing about whether
 * the address exists: the caller always answers 202.
 */
export async function sendPasswordResetEmail(db: Db, opts: { email: string; identity: MailIdentity; now?: Date }): Promise<void> {
  const found = await authRepository.findPersonByEmail(db, opts.email);
  // The primary address, or one the person added and verified; never one staff added to their profile.
  if (!found?.active || (!found.is_primary && (!found.email_verified || found.added_by_staff))) return;
  const email = found.email.toLowerCase();
  if (!(await takeQuota(db, throttleKeys.mail('reset', email), THROTTLES.mailPerAddress, opts.now ?? new Date()))) return;
  await db.tx(async (q) => {
    const token = await issueOneTimeToken(q, {
      purpose: 'password_reset',
      personId: found.id,
      hours: RESET_HOURS,
      data: { email, email_id: found.email_id },
    });
    const link = `${opts.identity.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await queueEmail(
      q,
      {
        kind: 'password_reset',
        dedupeKey: `reset:${token.slice(-16)}`,
        personId: found.id,
        locale: found.locale,
        to: [email],
        rendered: templates.passwordReset(found.locale, { email, link, hours: RESET_HOURS }),
      },
      opts.identity,
    );
  });
}

/**
 * Address verification: mails a one-time link (purpose 'email_verify') to one address of the person
 * (primary by default). The link carries the person and that exact address row: following it verifies
 * that row of that person and nothing else. At most 5 a hour per address; answers whether it was sent.
 */
export async function sendVerificationEmail(
  db: Db,
  opts: { personId: number; email?: string; identity: MailIdentity; now?: Date },
): Promise<boolean> {
  const person = await peopleRepository.get(db, opts.personId);
  const row = person ? await authRepository.emailRow(db, person.id, { email: opts.email ?? null }) : null;
  if (!person || !row) return false;
  const email = row.email.toLowerCase();
  if (!(await takeQuota(db, throttleKeys.mail('verify', email), THROTTLES.mailPerAddress, opts.now ?? new Date()))) return false;
  await db.tx(async (q) => {
    const token = await issueOneTimeToken(q, {
      purpose: 'email_verify',
      personId: person.id,
      hours: VERIFY_HOURS,
      data: { email, email_id: row.id },
    });
    const link = `${opts.identity.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
    await queueEmail(
      q,
      {
        kind: 'email_verification',
        dedupeKey: `verify:${token.slice(-16)}`,
        personId: person.id,
        locale: person.locale,
        to: [email],
        rendered: templates.emailVerification(person.locale, { email, link, hours: VERIFY_HOURS }),
      },
      opts.identity,
    );
  });
  return true;
}
