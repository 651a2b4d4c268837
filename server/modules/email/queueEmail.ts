import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/client.ts';
import { EMAIL_JOBS } from './emailJobs.ts';
import { outboxRepository, type GuestLinkRecord, type OutboxContext } from './outboxRepository.ts';
import { templates, type Rendered } from './templates.ts';
import { issueStaffReplyTo } from './staffReplyTokens.ts';
import { newReplyToken } from './threadRepository.ts';

/** Where links point, which address sends when none is configured, and SMTP_URL from the environment. */
export interface MailIdentity {
  publicUrl: string;
  supportEmail?: string;
  smtpUrl?: string;
}

export interface QueueMail {
  kind: string;
  /** One mail per key, however often the job runs (e.g. `ack:<ticket>`). */
  dedupeKey: string;
  ticketId?: number | null;
  messageId?: number | null;
  personId?: number | null;
  to: string[];
  cc?: string[];
  locale: string;
  rendered: Rendered;
  /** RFC 3834: our automatic mails say so, and ask Exchange not to answer them. */
  auto?: 'auto-replied' | 'auto-generated' | null;
  /**
   * A mail to a staff member about the ticket (agent notifications): its Reply-To is that person's
   * own token for the ticket (issueStaffReplyTo), so their reply by mail counts as theirs.
   */
  staffReplyTo?: number | null;
  /** A private link to the ticket the mail carries (newGuestLink): stored with the mail, not without it. */
  guestLink?: GuestLinkRecord | null;
}

const MAX_REFERENCES = 20;

/** The address mail comes from when the desk has no support address of its own: KEFU_SUPPORT_EMAIL, else support@ the public host. */
export function defaultSenderEmail(id: MailIdentity): string {
  const host = new URL(id.publicUrl).hostname;
  return id.supportEmail ?? `support@${host.includes('.') ? host : `${host}.localdomain`}`;
}

function senderAddress(row: { email: string; name: string } | null, id: MailIdentity) {
  if (row) return row;
  return { email: defaultSenderEmail(id), name: '' };
}

const formatAddress = (name: string, email: string) => (name ? `"${name.replace(/["\\\r\n]/g, '')}" <${email}>` : email);

/**
 * Records an outgoing mail in the outbox (every mail is kept there with its delivery status) and
 * queues its delivery over SMTP when SMTP is configured, in the caller's transaction (`context`: the
 * outbox context when the caller read it already). Ticket mails get the ticket's reply address
 * (support+<token>@…) and Message-ID/In-Reply-To/References so mail clients thread them.
 */
export async function queueEmail(q: Queryable, mail: QueueMail, id: MailIdentity, context?: OutboxContext): Promise<number | null> {
  // A caller may have read the context with its own facts (acknowledgeTicket): one statement fewer.
  const ctx = context ?? (await outboxRepository.context(q, mail.ticketId ?? null, newReplyToken()));
  const sender = senderAddress(ctx.from_email ? { email: ctx.from_email, name: ctx.from_name ?? '' } : null, id);
  const fromName = sender.name || ctx.smtp?.from_name || templates.fromName(mail.locale);
  const [local, domain] = sender.email.split('@');
  const rfcMessageId = `kefu.${mail.ticketId ?? 'x'}.${randomBytes(12).toString('hex')}@${domain}`;
  const all = ctx.ids;
  const references = all.length > MAX_REFERENCES ? [all[0], ...all.slice(-(MAX_REFERENCES - 1))] : all;
  const lastIn = ctx.directions.lastIndexOf('in');
  const inReplyTo = lastIn >= 0 ? all[lastIn] : (all[all.length - 1] ?? null);
  const headers: Record<string, string> = {};
  if (mail.auto) {
    headers['Auto-Submitted'] = mail.auto;
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  // Without SMTP (setting or SMTP_URL) the mail stays in the local outbox: no delivery job.
  const deliverable = !!(ctx.smtp?.url ?? id.smtpUrl);
  const replyTo =
    mail.staffReplyTo != null && mail.ticketId != null
      ? await issueStaffReplyTo(q, { personId: mail.staffReplyTo, ticketId: mail.ticketId, supportAddress: sender.email })
      : ctx.token
        ? `${local}+${ctx.token}@${domain}`
        : null;
  return outboxRepository.insert(
    q,
    {
      status: deliverable ? 'queued' : 'local',
      dedupeKey: mail.dedupeKey,
      kind: mail.kind,
      ticketId: mail.ticketId ?? null,
      messageId: mail.messageId ?? null,
      personId: mail.personId ?? null,
      from: formatAddress(fromName, sender.email),
      to: mail.to,
      cc: mail.cc ?? [],
      replyTo,
      subject: mail.rendered.subject,
      text: mail.rendered.text,
      html: mail.rendered.html,
      rfcMessageId,
      inReplyTo,
      references,
      headers,
      guestLink: mail.guestLink ?? null,
    },
    deliverable ? EMAIL_JOBS.deliver : null,
  );
}
