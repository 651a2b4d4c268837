import { randomBytes } from 'node:crypto';
import { defaultSenderEmail } from '../email/queueEmail.ts';
import { within, type Db } from '../../db/client.ts';
import { AppError, unprocessable } from '../../errors.ts';
import { normalizeLocale, t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import { acknowledgeTicket } from '../email/acknowledgeTicket.ts';
import { queueEmail, type MailIdentity } from '../email/queueEmail.ts';
import { templates } from '../email/templates.ts';
import { secondsUntil, takeQuotaUntil, THROTTLES, throttleKeys } from '../security/throttle.ts';
import { createTicket } from '../tickets/createTicket.ts';
import { guestCategories } from './guestCategories.ts';
import { guestTicketRepository } from './guestTicketRepository.ts';

/** Lengths the form takes (characters). Longer text is a 422 (subject, name) or a 413 (body). */
export const GUEST_LIMITS = { name: 100, subject: 200, body: 20_000 };

export interface GuestTicketInput {
  name: string;
  email: string;
  subject: string;
  body: string;
  category: string;
  locale?: string;
  /** The honeypot: a field people never see. Anything in it means a robot filled the form. */
  website?: string;
}

/**
 * What became of a submission. The HTTP answer is the same 202 for every one of them: only the mail
 * tells the mailbox's owner what happened, so the form neither hands out private links nor says
 * whether an address has an account.
 */
export type GuestTicketOutcome = 'ticket' | 'sign_in_mail' | 'dropped_honeypot' | 'dropped_address';

/** The web form acting for a person without an account, like the email channel does for a sender. */
const formPrincipal = (locale: string): Principal => ({
  kind: 'system',
  personId: null,
  role: 'admin',
  organizationId: null,
  locale,
  via: 'local',
});

const rateLimited = (locale: string, until: Date, now: Date, key: 'guest.limit_address' | 'guest.limit_ip') => {
  const seconds = secondsUntil(until, now);
  return new AppError('rate_limited', t(locale, key, { minutes: Math.ceil(seconds / 60) }), { retry_after_seconds: seconds });
};

/**
 * A ticket from the public web form (docs/guest-tickets.md): the same result as a mail from an
 * unknown address — a customer without a password (created by createTicket with the ticket), the
 * ticket on the `web` channel, and the acknowledgement with the private link, queued in the same
 * transaction (once per ticket: `ack:<id>`). An address that belongs to an account gets a
 * "sign in to file" mail instead of a ticket.
 */
export async function fileGuestTicket(
  db: Db,
  o: { input: GuestTicketInput; ip: string | null; identity: MailIdentity; now?: Date },
): Promise<GuestTicketOutcome> {
  const now = o.now ?? new Date();
  const locale = normalizeLocale(o.input.locale);
  const input = o.input;
  if (!(await guestTicketRepository.enabled(db))) throw new AppError('forbidden', t(locale, 'guest.disabled'), { reason: 'disabled' });
  // A robot filled the hidden field: the same answer, and nothing happens.
  if (input.website && input.website.trim() !== '') return 'dropped_honeypot';

  const name = input.name.trim();
  const subject = input.subject.trim();
  const body = input.body.trim();
  const email = input.email.trim();
  if (name.length > GUEST_LIMITS.name) throw unprocessable(t(locale, 'guest.too_long.name', { max: GUEST_LIMITS.name }), { field: 'name' });
  if (subject.length > GUEST_LIMITS.subject)
    throw unprocessable(t(locale, 'guest.too_long.subject', { max: GUEST_LIMITS.subject }), { field: 'subject' });
  if (body.length > GUEST_LIMITS.body)
    throw new AppError('payload_too_large', t(locale, 'guest.too_long.body', { max: GUEST_LIMITS.body.toLocaleString('en') }), {
      field: 'body',
    });
  const categories = await guestCategories(db);
  const category = input.category.trim().toLowerCase();
  if (!categories.includes(category))
    throw unprocessable(t(locale, 'guest.bad_category', { allowed: categories.join(', ') }), { field: 'category', allowed: categories });
  // Our support addresses, and the address our mail comes from when none is set up yet: the desk would mail itself.
  const ownFrom = defaultSenderEmail(o.identity).toLowerCase() === email.toLowerCase();
  if (ownFrom || (await guestTicketRepository.isSupportAddress(db, email)))
    throw unprocessable(t(locale, 'guest.own_address'), { field: 'email' });

  // Limits: per IP address (all instances share the count), then per typed address (no mail bombing of one mailbox).
  if (o.ip) {
    const ip = await takeQuotaUntil(db, throttleKeys.guestTicketIp(o.ip), THROTTLES.guestTicketIp, now);
    if (!ip.ok) throw rateLimited(locale, ip.resetAt, now, 'guest.limit_ip');
  }
  const addr = await takeQuotaUntil(db, throttleKeys.guestTicketAddress(email), THROTTLES.guestTicketAddress, now);
  if (!addr.ok) throw rateLimited(locale, addr.resetAt, now, 'guest.limit_address');

  const owner = await guestTicketRepository.addressOwner(db, email);
  // An address someone holds on their profile without having verified it is nobody's yet: no ticket, no mail.
  if (owner && (!owner.proven || !owner.active)) return 'dropped_address';
  if (owner && (owner.has_password || owner.role !== 'customer')) {
    // Someone with an account files signed in: a ticket in their name (and their organization's list,
    // their plan) must not be opened by whoever typed their address. They get a note, no ticket.
    const l = normalizeLocale(owner.locale);
    await queueEmail(
      db,
      {
        kind: 'guest_sign_in',
        dedupeKey: `guest-sign-in:${owner.id}:${randomBytes(8).toString('hex')}`,
        personId: owner.id,
        locale: l,
        to: [email],
        auto: 'auto-generated',
        rendered: templates.guestSignIn(l, {
          name: owner.name,
          subject,
          link: `${o.identity.publicUrl}/signin?next=${encodeURIComponent('/requests/new')}`,
        }),
      },
      o.identity,
    );
    return 'sign_in_mail';
  }

  await db.tx(async (q) => {
    const c = await createTicket(within(db, q), {
      actor: formPrincipal(locale),
      input: {
        subject,
        body,
        category,
        channel: 'web',
        // A new address becomes a customer without a password in the same transaction (as for email intake);
        // a customer known only by mail is found by their address.
        ...(owner ? { requester_id: owner.id } : { requester_email: email, requester_name: name, requester_locale: locale }),
      },
    });
    await acknowledgeTicket(q, { ticketId: c.id as number, identity: o.identity });
  });
  return 'ticket';
}
