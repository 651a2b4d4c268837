import type { Db } from '../../db/client.ts';
import { issueOneTimeToken } from '../auth/oneTimeTokens.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { queueEmail, type MailIdentity } from './queueEmail.ts';
import { templates } from './templates.ts';

const RESET_HOURS = 2;
const VERIFY_HOURS = 48;

/**
 * Password reset: mails a one-time link (purpose 'password_reset'; POST /api/v1/auth/password
 * consumes it). Says nothing about whether the address exists: the caller always answers 202.
 */
export async function sendPasswordResetEmail(db: Db, opts: { email: string; identity: MailIdentity }): Promise<void> {
  const personId = await peopleRepository.idByEmail(db, opts.email);
  if (personId == null) return;
  const person = await peopleRepository.get(db, personId);
  if (!person?.active) return;
  await db.tx(async (q) => {
    const token = await issueOneTimeToken(q, { purpose: 'password_reset', personId, hours: RESET_HOURS, data: { email: opts.email.toLowerCase() } });
    const link = `${opts.identity.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await queueEmail(q, {
      kind: 'password_reset', dedupeKey: `reset:${token.slice(-16)}`, personId, locale: person.locale, to: [opts.email.toLowerCase()],
      rendered: templates.passwordReset(person.locale, { email: opts.email, link, hours: RESET_HOURS }),
    }, opts.identity);
  });
}

/** Address verification: mails a one-time link (purpose 'email_verify') to the person's address (primary by default). */
export async function sendVerificationEmail(db: Db, opts: { personId: number; email?: string; identity: MailIdentity }): Promise<boolean> {
  const person = await peopleRepository.get(db, opts.personId);
  const email = (opts.email ?? person?.emails.find((e) => e.primary)?.email ?? person?.emails[0]?.email)?.toLowerCase();
  if (!person || !email || !person.emails.some((e) => e.email.toLowerCase() === email)) return false;
  await db.tx(async (q) => {
    const token = await issueOneTimeToken(q, { purpose: 'email_verify', personId: person.id, hours: VERIFY_HOURS, data: { email } });
    const link = `${opts.identity.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
    await queueEmail(q, {
      kind: 'email_verification', dedupeKey: `verify:${token.slice(-16)}`, personId: person.id, locale: person.locale, to: [email],
      rendered: templates.emailVerification(person.locale, { email, link, hours: VERIFY_HOURS }),
    }, opts.identity);
  });
  return true;
}
