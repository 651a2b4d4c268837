import { within, type Db, type Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { emailSettings } from '../../modules/email/emailSettings.ts';
import { EMAIL_JOBS } from '../../modules/email/emailJobs.ts';
import { inboundRepository, type InboundOutcome, type InboundRow } from '../../modules/email/inboundRepository.ts';
import { outboxRepository } from '../../modules/email/outboxRepository.ts';
import { acknowledgeTicket } from '../../modules/email/acknowledgeTicket.ts';
import { queueEmail, type MailIdentity } from '../../modules/email/queueEmail.ts';
import { recordDeliveryFailure } from '../../modules/email/recordDeliveryFailure.ts';
import { templates } from '../../modules/email/templates.ts';
import { newReplyToken, threadRepository } from '../../modules/email/threadRepository.ts';
import { addMessage } from '../../modules/tickets/addMessage.ts';
import { addSystemMessage } from '../../modules/tickets/addSystemMessage.ts';
import { createTicketAndMessage } from '../../modules/tickets/createTicket.ts';
import { textToHtml } from '../../modules/tickets/messageBody.ts';
import { staffReplyTokens } from '../../modules/email/staffReplyTokens.ts';
import { finishHtmlInWorker, prepareMailInWorker } from './mailWorkers.ts';
import { authenticatedByTrustedServer } from './mailTrust.ts';
import type { PreparedMail } from './prepareMail.ts';
import type { EmailConfig } from './emailConfig.ts';
import { runFilters, type Verdict } from './filters.ts';
import type { ParsedEmail } from './parseEmail.ts';
import { splitAddress, type SupportAddressSet } from './recipients.ts';
import { guessLocale } from '../../domain/people/guessLocale.ts';
import { CHANNEL_PRINCIPAL, findOrCreateSender, lookupSender, senderOf, senderPrincipal, type Sender } from './sender.ts';

export const identityOf = (c: EmailConfig): MailIdentity => ({ publicUrl: c.publicUrl, supportEmail: c.supportEmail, smtpUrl: c.smtpUrl });

/** Thrown inside the ticket transaction when another run already processed the mail: rolls back, nothing is written twice. */
class AlreadyProcessed extends Error {}

export interface InboundResult {
  status: string;
  outcome?: InboundOutcome;
  ticketId?: number | null;
}

/** Recipients that can carry a reply token: the SMTP envelope, then the headers (IMAP has no envelope). */
function recipients(row: InboundRow, mail: ParsedEmail): string[] {
  return [
    ...row.envelope_to,
    ...mail.header('delivered-to'),
    ...mail.header('x-original-to'),
    ...mail.to.map((a) => a.address),
    ...mail.cc.map((a) => a.address),
  ];
}

interface Thread {
  ticketId: number | null;
  ticketToken: boolean;
  staffTokens: Array<{ personId: number; ticketId: number }>;
}

/**
 * The ticket a mail answers: by the reply token in the address (a ticket's, or a staff member's
 * for a ticket), then by In-Reply-To/References. Never by subject. Staff tokens found are returned
 * for the sender check.
 */
async function findThread(db: Db, row: InboundRow, mail: ParsedEmail, support: Set<string>): Promise<Thread> {
  const out: Thread = { ticketId: null, ticketToken: false, staffTokens: [] };
  for (const r of recipients(row, mail)) {
    const { base, tag } = splitAddress(r);
    if (!tag || !support.has(base)) continue;
    const id = await threadRepository.ticketByToken(db, tag);
    if (id) {
      if (!out.ticketId) {
        out.ticketId = id;
        out.ticketToken = true;
      }
      continue;
    }
    const staff = await staffReplyTokens.find(db, tag);
    if (staff) {
      out.staffTokens.push(staff);
      out.ticketId ??= staff.ticketId;
    }
  }
  out.ticketId ??= await threadRepository.ticketByMessageIds(db, [...mail.inReplyTo, ...[...mail.references].reverse()]);
  return out;
}

/** Follows merges, and the follow-up of a closed (or solved) ticket, to the ticket that takes the reply now. */
async function currentTicket(db: Db, id: number) {
  let tk = await threadRepository.ticket(db, id);
  for (let hop = 0; tk && hop < 10; hop++) {
    const next = tk.merged_into_id ?? (tk.status === 'closed' || tk.status === 'solved' ? tk.follow_up_ticket_id : null);
    if (!next) break;
    tk = await threadRepository.ticket(db, next);
  }
  return tk;
}

type KeptAttachment = { id: number; filename: string; contentType: string; contentId: string | null; data: Buffer };

/** Most files one mail adds to a ticket; the rest stay in the original mail, and the message says which. */
export const MAX_MAIL_ATTACHMENTS = 50;

function attachmentsOf(mail: PreparedMail, maxBytes: number) {
  const kept: Omit<KeptAttachment, 'id'>[] = [];
  const dropped: string[] = [];
  for (const a of mail.attachments) {
    if (a.content.length > maxBytes) {
      dropped.push(a.filename);
      continue;
    }
    kept.push({ filename: a.filename, contentType: a.contentType, contentId: a.contentId, data: a.content as Buffer });
  }
  return { kept: kept.slice(0, MAX_MAIL_ATTACHMENTS), dropped, beyond: kept.slice(MAX_MAIL_ATTACHMENTS).map((a) => a.filename) };
}

/** The filters and threading read the prepared mail through the parsed-mail shape. */
function asParsed(p: PreparedMail): ParsedEmail {
  return {
    ...p,
    html: p.html,
    attachments: p.attachments.map((a) => ({ ...a, content: a.content as Buffer })),
    header: (name: string) => p.headers[name.toLowerCase()] ?? [],
  };
}

/** At most this many CC'd addresses per ticket come from mail; the rest are noted as dropped. */
export const MAX_CC = 20;

/** Routes one stored mail: filters, threading, then a new ticket, a reply, or a follow-up. Idempotent. */
export async function processInbound(
  db: Db,
  o: { id: number; config: EmailConfig; addresses: SupportAddressSet; skipFilters?: boolean },
): Promise<InboundResult> {
  const row = await inboundRepository.getForProcessing(db, o.id, 10);
  if (!row || row.status !== 'received') return { status: row?.status ?? 'missing' };
  // Parsing, HTML to text and reply stripping run in a worker thread, within the time budget.
  const prepared = await prepareMailInWorker(row.raw, { budgetMs: o.config.budgetMs });
  const mail = asParsed(prepared);
  const support = await o.addresses.load();
  const isSupport = (a: string) => support.has(splitAddress(a).base);
  const verdict: Verdict =
    o.skipFilters && mail.from
      ? { action: 'accept', noAck: 'reprocessed by an admin' }
      : await runFilters({
          mail,
          envelopeFrom: row.envelope_from,
          isSupportAddress: isSupport,
          senderLimit: o.config.senderLimit,
          recentFromSender: async () =>
            row.from_addr?.toLowerCase() === mail.from?.address
              ? row.recent_from_sender
              : inboundRepository.countRecentFrom(db, mail.from!.address, row.id, 10),
        });
  const thread = await findThread(db, row, mail, support);
  const threadId = thread.ticketId;
  if (verdict.action === 'drop') {
    const status = verdict.status;
    await db.tx(async (q) => {
      if (!(await inboundRepository.finish(q, row.id, { status, error: verdict.reason, ticketId: threadId, subject: mail.subject })))
        return;
      if (status === 'bounce') await markBounced(q, mail);
    });
    return { status: verdict.status, ticketId: threadId };
  }

  const from = mail.from!;
  // The From peeked at intake was looked up with the stored mail; the parsed one is looked up only if it differs.
  const found =
    row.from_addr?.toLowerCase() === from.address ? senderOf(row.from_person, from.address) : await lookupSender(db, from.address);
  // An address on someone's profile that was never verified routes nothing: the mail is kept for an admin, attached to nobody.
  if (found.kind === 'unverified') {
    await inboundRepository.finish(db, row.id, {
      status: 'refused',
      error: t('en', 'email.inbound.sender_unverified', { address: from.address }),
      subject: mail.subject,
    });
    return { status: 'refused' };
  }
  const known = found.kind === 'known' ? found.sender : null;
  const locale = known?.locale ?? guessLocale(`${mail.subject}\n${mail.text.slice(0, 2000)}`);
  const target = threadId ? await currentTicket(db, threadId) : null;
  const solvedPolicy = target?.status === 'solved' ? await emailSettings.solvedReply(db) : 'reopen';
  const reply = !!target && target.status !== 'closed' && !(target.status === 'solved' && solvedPolicy === 'follow_up');

  // Is the From proven? Staff: only by their own reply token for this ticket, or our receiving server's DMARC/DKIM pass.
  // (The trusted servers are read only for a mail that carries their results.)
  const results = mail.header('authentication-results');
  const authenticated =
    results.length > 0 &&
    authenticatedByTrustedServer(results, await emailSettings.trustedAuthservIds(db, o.config.trustedAuthservIds), from.address);
  const staff = !!known && known.role !== 'customer';
  const staffProven =
    staff &&
    known!.active &&
    (authenticated || thread.staffTokens.some((s) => s.personId === known!.id && (s.ticketId === threadId || s.ticketId === target?.id)));
  // null: nobody to impersonate (a sender known only by mail, or new); otherwise whether the claim is proven.
  // The ticket's reply address proves the requester only while it was mailed to them alone: a Cc or a Reply-To address got it too.
  const tokenProves =
    reply && thread.ticketToken && !!known?.verified && !authenticated && !(await outboxRepository.mailedBeyond(db, threadId!, known.id));
  const senderVerified: boolean | null = staff ? staffProven : known?.verified ? authenticated || tokenProves : null;
  const unprovenStaff = staff && !staffProven;
  // Reply-To says where answers go, never who wrote: the requester is the From person. It is honoured
  // only when the From claims nobody who could be impersonated (a sender known only by mail, or new)
  // or is proven — a forged From of an account holder must not send that person's answers elsewhere —
  // and never for one of our own addresses.
  const replyTo =
    mail.replyTo && mail.replyTo.address !== from.address && !isSupport(mail.replyTo.address) && senderVerified !== false
      ? mail.replyTo.address
      : null;

  // The sender limit holds for the address mailed too: senders with fresh From addresses naming one Reply-To
  // would otherwise have the desk mail it without end (docs/email.md).
  const noAck =
    verdict.noAck ??
    (replyTo && !reply && (await outboxRepository.countRecentAcksTo(db, replyTo, 10)) >= o.config.senderLimit
      ? `more than ${o.config.senderLimit} acknowledgements to this Reply-To address in 10 minutes`
      : null);

  // CC'd addresses: never our own, at most MAX_CC per ticket.
  const candidates = [...new Set([...mail.to, ...mail.cc].map((a) => a.address))].filter((a) => !isSupport(a) && a !== from.address);
  const existingCc = reply ? await inboundRepository.ccOf(db, target!.id) : [];
  const freshCc = candidates.filter((a) => !existingCc.includes(a));
  const addCc = unprovenStaff ? [] : freshCc.slice(0, Math.max(0, MAX_CC - existingCc.length));
  const droppedCc = unprovenStaff ? 0 : freshCc.length - addCc.length;

  // Replies drop the quoted history and signature; a new ticket keeps the mail whole (it may be a forward).
  const visible = target ? prepared.reply : { text: prepared.text.trim(), stripped: false };
  const { kept: keptRaw, dropped, beyond } = attachmentsOf(prepared, o.config.maxAttachmentBytes);
  const notes: string[] = [];
  if (dropped.length) notes.push(t(locale, 'email.inbound.attachments_dropped', { names: dropped.join(', ') }));
  if (beyond.length)
    notes.push(
      t(locale, 'email.inbound.attachments_beyond', { max: MAX_MAIL_ATTACHMENTS, count: beyond.length, names: beyond.join(', ') }),
    );
  if (prepared.truncated) notes.push(t(locale, 'email.inbound.truncated'));
  let text = visible.text || (prepared.html ? '' : t(locale, 'email.inbound.empty_body'));
  if (notes.length) text += `\n\n${notes.join('\n')}`;
  // Attachments get their ids first, so the sanitizer itself gives inline images their address: sanitizing is the last step.
  const ids = await inboundRepository.reserveAttachmentIds(db, keptRaw.length);
  const kept: KeptAttachment[] = keptRaw.map((a, i) => ({ ...a, id: ids[i] }));
  const html =
    visible.stripped || !prepared.html
      ? textToHtml(text)
      : await finishHtmlInWorker(prepared.html, {
          budgetMs: o.config.budgetMs,
          appendHtml: notes.length ? textToHtml(notes.join('\n')) : undefined,
          cid: Object.fromEntries(kept.filter((a) => a.contentId).map((a) => [a.contentId!, `/api/v1/attachments/${a.id}`])),
        });
  const ccNote =
    droppedCc > 0
      ? t(locale, 'email.inbound.cc_dropped', { kept: addCc.length, dropped: droppedCc.toLocaleString('en'), max: MAX_CC })
      : null;
  const record = async (
    q: Queryable,
    r: { ticketId: number; messageId: number; outcome: InboundOutcome } & Pick<
      Parameters<typeof inboundRepository.recordProcessed>[1],
      'newThread' | 'cc'
    >,
  ) => {
    if (
      !(await inboundRepository.recordProcessed(q, {
        ...r,
        id: row.id,
        noAckReason: noAck,
        rfcMessageId: mail.messageId,
        subject: mail.subject,
        maxCc: MAX_CC,
      }))
    )
      throw new AlreadyProcessed();
    if (kept.length) await inboundRepository.saveAttachments(q, r.messageId, kept);
    // A new ticket's message was written with its HTML and sender check (createTicketAndMessage).
    if (r.outcome === 'reply') await inboundRepository.finishMessage(q, r.messageId, html, senderVerified);
    if (ccNote) await addSystemMessage(q, { ticketId: r.ticketId, text: ccNote, internal: true, channel: 'email' });
  };

  try {
    if (reply) {
      const sender = known ?? (await findOrCreateSender(db, from, locale));
      if (!sender) {
        await inboundRepository.finish(db, row.id, {
          status: 'refused',
          error: t('en', 'email.inbound.sender_unverified', { address: from.address }),
        });
        return { status: 'refused' };
      }
      // The thread's reply address proves the sender writes to this ticket (and only that).
      const actor = { ...senderPrincipal(sender), grantedTickets: [target!.id] };
      await db.tx(async (q) => {
        const m = await addMessage(within(db, q), {
          actor,
          ticketId: target!.id,
          now: row.created_at,
          maxAttachmentBytes: o.config.maxAttachmentBytes,
          // A staff From that nothing proves is kept as an internal note, marked "sender not verified"; it is never mailed to the requester.
          input: { body: text, channel: 'email', ...(unprovenStaff ? { internal: true } : {}) },
        });
        await record(q, { ticketId: target!.id, messageId: m.id as number, outcome: 'reply', cc: addCc });
      });
      return { status: 'processed', outcome: 'reply', ticketId: target!.id };
    }
    const supportAddress = recipients(row, mail).find(isSupport);
    // The address's group, if it has one: mail to billing@ lands in the Billing queue (docs/email.md).
    const groupId = supportAddress ? await o.addresses.groupOf(supportAddress) : null;
    const followUpOf = target?.id ?? null;
    const fields: Record<string, unknown> = {};
    if (addCc.length) fields.cc = addCc;
    if (followUpOf) fields.follow_up_of = followUpOf;
    const createdId = await db.tx(async (q) => {
      const c = await createTicketAndMessage(within(db, q), {
        actor: { ...CHANNEL_PRINCIPAL, locale },
        maxAttachmentBytes: o.config.maxAttachmentBytes,
        mail: { html, senderVerified, senderUnknown: !known },
        // The acknowledgement is queued below, with the ticket (or not at all): the notifier has nothing to do for it.
        done: [EMAIL_JOBS.notify],
        input: {
          subject: (mail.subject || t(locale, 'email.inbound.no_subject')).slice(0, 300),
          body: text,
          channel: 'email',
          created_at: row.created_at,
          fields,
          ...(groupId != null ? { group_id: groupId } : {}),
          // An unknown sender becomes a customer in the same transaction (in the organization mapping their domain).
          ...(known
            ? { requester_id: known.id }
            : {
                requester_email: from.address,
                requester_name: from.name.trim() || from.address.split('@')[0],
                // The language their mail is written in, until they choose one.
                requester_locale: locale,
              }),
        },
      });
      const id = c.ticket.id as number;
      await record(q, {
        ticketId: id,
        messageId: c.messageId,
        outcome: followUpOf ? 'follow_up' : 'ticket',
        newThread: {
          token: newReplyToken(),
          supportAddress: supportAddress ? splitAddress(supportAddress).base : null,
          followUpOf,
          followUpToken: newReplyToken(),
          senderVerified,
          replyTo,
        },
      });
      // The acknowledgement goes out with the ticket (delivered after commit), unless a filter said not to.
      if (!noAck) await acknowledgeTicket(q, { ticketId: id, identity: identityOf(o.config) });
      return id;
    });
    return { status: 'processed', outcome: followUpOf ? 'follow_up' : 'ticket', ticketId: createdId };
  } catch (e) {
    if (e instanceof AlreadyProcessed) return { status: 'processed' };
    if (e instanceof AppError && e.code === 'not_entitled')
      return refuse(db, { row, mail, sender: known, locale, reason: e.message, noAck: verdict.noAck, identity: identityOf(o.config) });
    throw e;
  }
}

/** The sender's plan does not cover email (or this category): no ticket; they get the reason and their alternatives. */
async function refuse(
  db: Db,
  o: {
    row: InboundRow;
    mail: ParsedEmail;
    sender: Sender | null;
    locale: string;
    reason: string;
    noAck: string | null;
    identity: MailIdentity;
  },
): Promise<InboundResult> {
  const { row, mail } = o;
  const from = mail.from!;
  await db.tx(async (q) => {
    if (!(await inboundRepository.finish(q, row.id, { status: 'refused', error: o.reason, noAckReason: o.noAck, subject: mail.subject })))
      return;
    if (o.noAck) return;
    await queueEmail(
      q,
      {
        kind: 'ticket_refused',
        dedupeKey: `refused:${row.id}`,
        personId: o.sender?.id ?? null,
        to: [from.address],
        locale: o.locale,
        auto: 'auto-replied',
        rendered: templates.ticketRefused(o.locale, {
          subject: mail.subject,
          requesterName: from.name || from.address.split('@')[0],
          reason: o.reason,
        }),
      },
      o.identity,
    );
  });
  return { status: 'refused' };
}

/** A bounce of one of our mails marks that mail 'bounced' (found by the Message-ID quoted in the report). */
async function markBounced(q: Queryable, mail: ParsedEmail) {
  const report = [
    mail.text,
    ...mail.attachments.filter((a) => /rfc822|delivery-status/.test(a.contentType)).map((a) => a.content.toString('latin1')),
  ].join('\n');
  const ids = [...mail.inReplyTo, ...mail.references, ...[...report.matchAll(/Message-ID:\s*<([^<>\s]+)>/gi)].map((m) => m[1])];
  for (const id of ids) {
    const out = await outboxRepository.byRfcMessageId(q, id);
    if (out) return recordDeliveryFailure(q, out.id, 'bounced', `The mail bounced: ${mail.subject}`.slice(0, 500));
  }
}
