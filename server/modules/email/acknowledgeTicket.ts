import type { Queryable } from '../../db/client.ts';
import { guestLinkUrl, newGuestLink } from './guestLinks.ts';
import { notifyRepository } from './notifyRepository.ts';
import { queueEmail, type MailIdentity } from './queueEmail.ts';
import { formatDue, mailTimeZone, templates } from './templates.ts';
import { newReplyToken } from './threadRepository.ts';

/** What acknowledgeTicket reads about the ticket (notifyRepository.ackFacts). */
export type AckFacts = NonNullable<Awaited<ReturnType<typeof notifyRepository.ackFacts>>>;

/**
 * "We received your request #N": the expected first response (from the ticket's SLA, or "as soon
 * as possible" without a target) and a private link to follow the ticket without an account.
 * The due time is shown in the requester's time zone if known, else the zone of the calendar the
 * SLA target counts in, else the desk's `email.time_zone` setting, else UTC — always named.
 * Queued in the caller's transaction when it has one (the email channel does it with the ticket itself;
 * the `email.notify` job needs none); once per ticket. `unless` names a reason not to send it, read
 * from the same facts.
 */
export async function acknowledgeTicket(
  q: Queryable,
  o: { ticketId: number; identity: MailIdentity; unless?: (f: AckFacts) => string | null },
): Promise<'queued' | string> {
  const f = await notifyRepository.ackFacts(q, o.ticketId, newReplyToken());
  if (!f) return 'no ticket';
  if (!f.email || !f.active) return 'requester has no address';
  if (f.role !== 'customer') return 'requester is staff';
  const reason = o.unless?.(f);
  if (reason) return reason;
  const due = f.first_response_due_at
    ? formatDue(f.first_response_due_at, f.locale, mailTimeZone(f.timezone, f.calendar_timezone, f.desk_timezone))
    : null;
  // Mail goes to the Reply-To the requester's mail asked for; the private link (it acts as the requester) only to the requester's own
  // address, and never to one who signs in with a second factor (the link would skip it).
  const link = f.reply_to || f.two_factor ? null : newGuestLink({ personId: f.requester_id });
  const id = await queueEmail(
    q,
    {
      kind: 'ticket_received',
      dedupeKey: `ack:${f.id}`,
      ticketId: f.id,
      personId: f.requester_id,
      locale: f.locale,
      to: [f.reply_to ?? f.email],
      auto: 'auto-replied',
      guestLink: link?.record,
      rendered: templates.ticketReceived(f.locale, {
        number: f.number,
        subject: f.subject,
        requesterName: f.name,
        due,
        link: link ? guestLinkUrl(o.identity.publicUrl, link.token) : null,
      }),
    },
    o.identity,
    f,
  );
  return id ? 'queued' : 'already acknowledged';
}
