import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { emailSettings } from '../../modules/email/emailSettings.ts';
import { inboundRepository, type InboundOutcome, type InboundRow } from '../../modules/email/inboundRepository.ts';
import { outboxRepository } from '../../modules/email/outboxRepository.ts';
import { acknowledgeTicket } from '../../modules/email/acknowledgeTicket.ts';
import { queueEmail, type MailIdentity } from '../../modules/email/queueEmail.ts';
import { recordDeliveryFailure } from '../../modules/email/recordDeliveryFailure.ts';
import { templates } from '../../modules/email/templates.ts';
import { newReplyToken, threadRepository } from '../../modules/email/threadRepository.ts';
import { addMessage } from '../../modules/tickets/addMessage.ts';
import type { AttachmentInput } from '../../modules/tickets/attachments.ts';
import { createTicket } from '../../modules/tickets/createTicket.ts';
import { sanitize, textToHtml } from '../../modules/tickets/messageBody.ts';
import type { EmailConfig } from './emailConfig.ts';
import { runFilters, type Verdict } from './filters.ts';
import { parseEmail, type ParsedEmail } from './parseEmail.ts';
import { splitAddress, type SupportAddressSet } from './recipients.ts';
import { CHANNEL_PRINCIPAL, findOrCreateSender, findSender, guessLocale, senderPrincipal, type Sender } from './sender.ts';
import { stripReply } from './stripReply.ts';

export const identityOf = (c: EmailConfig): MailIdentity => ({ publicUrl: c.publicUrl, supportEmail: c.supportEmail, smtpUrl: c.smtpUrl });

/** Thrown inside the ticket transaction when another run already processed the mail: rolls back, nothing is written twice. */
class AlreadyProcessed extends Error {}

export interface InboundResult { status: string; outcome?: InboundOutcome; ticketId?: number | null }

/** Recipients that can carry a reply token: the SMTP envelope, then the headers (IMAP has no envelope). */
function recipients(row: InboundRow, mail: ParsedEmail): string[] {
  return [...row.envelope_to, ...mail.header('delivered-to'), ...mail.header('x-original-to'),
    ...mail.to.map((a) => a.address), ...mail.cc.map((a) => a.address)];
}

/** The ticket a mail answers: by the reply token in the address, then by In-Reply-To/References. Never by subject. */
async function findThread(db: Db, row: InboundRow, mail: ParsedEmail, support: Set<string>): Promise<number | null> {
  for (const r of recipients(row, mail)) {
    const { base, tag } = splitAddress(r);
    if (!tag || !support.has(base)) continue;
    const id = await threadRepository.ticketByToken(db, tag);
    if (id) return id;
  }
  return threadRepository.ticketByMessageIds(db, [...mail.inReplyTo, ...[...mail.references].reverse()]);
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

function attachmentsOf(mail: ParsedEmail, maxBytes: number) {
  const kept: AttachmentInput[] = [];
  const dropped: string[] = [];
  for (const a of mail.attachments) {
    if (a.content.length > maxBytes) { dropped.push(a.filename); continue; }
    kept.push({ filename: a.filename, content_type: a.contentType, data_base64: a.content.toString('base64'), ...(a.contentId ? { content_id: a.contentId } : {}) });
  }
  return { kept: kept.slice(0, 50), dropped };
}

/** Routes one stored mail: filters, threading, then a new ticket, a reply, or a follow-up. Idempotent. */
export async function processInbound(db: Db, o: { id: number; config: EmailConfig; addresses: SupportAddressSet; skipFilters?: boolean }): Promise<InboundResult> {
  const row = await inboundRepository.getForProcessing(db, o.id, 10);
  if (!row || row.status !== 'received') return { status: row?.status ?? 'missing' };
  const mail = await parseEmail(row.raw);
  const support = await o.addresses.load();
  const isSupport = (a: string) => support.has(splitAddress(a).base);
  const verdict: Verdict = o.skipFilters && mail.from ? { action: 'accept', noAck: 'reprocessed by an admin' } : await runFilters({
    mail, envelopeFrom: row.envelope_from, isSupportAddress: isSupport, senderLimit: o.config.senderLimit,
    recentFromSender: async () => (row.from_addr?.toLowerCase() === mail.from?.address ? row.recent_from_sender : inboundRepository.countRecentFrom(db, mail.from!.address, row.id, 10)),
  });
  const threadId = await findThread(db, row, mail, support);
  if (verdict.action === 'drop') {
    const status = verdict.status;
    await db.tx(async (q) => {
      if (!(await inboundRepository.finish(q, row.id, { status, error: verdict.reason, ticketId: threadId }))) return;
      if (status === 'bounce') await markBounced(q, mail);
    });
    return { status: verdict.status, ticketId: threadId };
  }

  const from = mail.from!;
  const known = await findSender(db, from.address);
  const locale = known?.locale ?? guessLocale(`${mail.subject}\n${mail.text.slice(0, 2000)}`);
  const participants = [...new Set([...mail.to, ...mail.cc].map((a) => a.address))].filter((a) => !isSupport(a) && a !== from.address);
  const target = threadId ? await currentTicket(db, threadId) : null;
  const solvedPolicy = target?.status === 'solved' ? await emailSettings.solvedReply(db) : 'reopen';
  const reply = !!target && target.status !== 'closed' && !(target.status === 'solved' && solvedPolicy === 'follow_up');

  // Replies drop the quoted history and signature; a new ticket keeps the mail whole (it may be a forward).
  const visible = target ? stripReply(mail.text) : { text: mail.text.trim(), stripped: false };
  const { kept, dropped } = attachmentsOf(mail, o.config.maxAttachmentBytes);
  let text = visible.text || (mail.html ? '' : t(locale, 'email.inbound.empty_body'));
  if (dropped.length) text += `\n\n${t(locale, 'email.inbound.attachments_dropped', { names: dropped.join(', ') })}`;
  const html = visible.stripped || !mail.html ? textToHtml(text) : sanitize(mail.html) + (dropped.length ? textToHtml(t(locale, 'email.inbound.attachments_dropped', { names: dropped.join(', ') })) : '');
  const record = async (q: Queryable, r: { ticketId: number; messageId: number; outcome: InboundOutcome } & Pick<Parameters<typeof inboundRepository.recordProcessed>[1], 'newThread' | 'cc'>) => {
    if (!(await inboundRepository.recordProcessed(q, { ...r, id: row.id, noAckReason: verdict.noAck, rfcMessageId: mail.messageId }))) throw new AlreadyProcessed();
    if (kept.some((a) => a.content_id)) await inboundRepository.linkInlineImages(q, r.messageId);
  };

  try {
    if (reply) {
      const sender = known ?? await findOrCreateSender(db, from, locale);
      await addMessage(db, {
        actor: senderPrincipal(sender), ticketId: target!.id, trusted: true, now: row.created_at, maxAttachmentBytes: o.config.maxAttachmentBytes,
        input: { body: text, html, attachments: kept, channel: 'email' },
        onAdded: (q, m) => record(q, { ticketId: target!.id, messageId: m.id, outcome: 'reply', cc: participants }),
      });
      return { status: 'processed', outcome: 'reply', ticketId: target!.id };
    }
    const supportAddress = recipients(row, mail).find(isSupport);
    const followUpOf = target?.id ?? null;
    const fields: Record<string, unknown> = {};
    if (participants.length) fields.cc = participants;
    if (followUpOf) fields.follow_up_of = followUpOf;
    let createdId = 0;
    await createTicket(db, {
      actor: { ...CHANNEL_PRINCIPAL, locale }, maxAttachmentBytes: o.config.maxAttachmentBytes,
      input: {
        subject: (mail.subject || t(locale, 'email.inbound.no_subject')).slice(0, 300), body: text, html, channel: 'email', created_at: row.created_at, attachments: kept, fields,
        // An unknown sender becomes a customer in the same transaction (in the organization mapping their domain).
        ...(known ? { requester_id: known.id } : { requester_email: from.address, requester_name: from.name.trim() || from.address.split('@')[0] }),
      },
      onCreated: async (q, c) => {
        createdId = c.id;
        await record(q, {
          ticketId: c.id, messageId: c.message_id, outcome: followUpOf ? 'follow_up' : 'ticket',
          newThread: { token: newReplyToken(), supportAddress: supportAddress ? splitAddress(supportAddress).base : null, followUpOf, followUpToken: newReplyToken(),
            requesterLocale: !known && locale !== 'en' ? locale : null },
        });
        // The acknowledgement goes out with the ticket (delivered after commit), unless a filter said not to.
        if (!verdict.noAck) await acknowledgeTicket(q, { ticketId: c.id, identity: identityOf(o.config) });
      },
    });
    return { status: 'processed', outcome: followUpOf ? 'follow_up' : 'ticket', ticketId: createdId };
  } catch (e) {
    if (e instanceof AlreadyProcessed) return { status: 'processed' };
    if (e instanceof AppError && e.code === 'not_entitled') return refuse(db, { row, mail, sender: known, locale, reason: e.message, noAck: verdict.noAck, identity: identityOf(o.config) });
    throw e;
  }
}

/** The sender's plan does not cover email (or this category): no ticket; they get the reason and their alternatives. */
async function refuse(db: Db, o: { row: InboundRow; mail: ParsedEmail; sender: Sender | null; locale: string; reason: string; noAck: string | null; identity: MailIdentity }): Promise<InboundResult> {
  const { row, mail } = o;
  const from = mail.from!;
  await db.tx(async (q) => {
    if (!(await inboundRepository.finish(q, row.id, { status: 'refused', error: o.reason, noAckReason: o.noAck }))) return;
    if (o.noAck) return;
    await queueEmail(q, {
      kind: 'ticket_refused', dedupeKey: `refused:${row.id}`, personId: o.sender?.id ?? null, to: [from.address], locale: o.locale, auto: 'auto-replied',
      rendered: templates.ticketRefused(o.locale, { subject: mail.subject, requesterName: from.name || from.address.split('@')[0], reason: o.reason }),
    }, o.identity);
  });
  return { status: 'refused' };
}

/** A bounce of one of our mails marks that mail 'bounced' (found by the Message-ID quoted in the report). */
async function markBounced(q: Queryable, mail: ParsedEmail) {
  const report = [mail.text, ...mail.attachments.filter((a) => /rfc822|delivery-status/.test(a.contentType)).map((a) => a.content.toString('latin1'))].join('\n');
  const ids = [...mail.inReplyTo, ...mail.references, ...[...report.matchAll(/Message-ID:\s*<([^<>\s]+)>/gi)].map((m) => m[1])];
  for (const id of ids) {
    const out = await outboxRepository.byRfcMessageId(q, id);
    if (out) return recordDeliveryFailure(q, out.id, 'bounced', `The mail bounced: ${mail.subject}`.slice(0, 500));
  }
}
