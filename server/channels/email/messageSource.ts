import type { Db } from '../../db/client.ts';
import { notFound, text, unprocessable } from '../../errors.ts';
import type { Principal } from '../../modules/auth/principal.ts';
import { inboundRepository } from '../../modules/email/inboundRepository.ts';
import { ticketPolicy } from '../../modules/tickets/ticketPolicy.ts';
import { emailConfig } from './index.ts';
import { finishHtmlInWorker, MailBudgetExceeded, prepareMailInWorker } from './mailWorkers.ts';

/**
 * The full original of a message that came by email: the whole text with the quoted history and
 * signature the ticket view leaves out, its headers, and a link to the raw MIME (admins).
 */
export async function messageSource(db: Db, opts: { actor: Principal; messageId: number }) {
  const row = await inboundRepository.byMessage(db, opts.messageId);
  if (!row || !ticketPolicy.canSee(opts.actor, { ...row, id: row.ticket_id }) || (row.internal && !ticketPolicy.canSeeInternal(opts.actor)))
    throw notFound('Email source of message', opts.messageId);
  // Parsed and sanitized in a worker thread, like every received mail: a huge one must not stall the API.
  const budgetMs = emailConfig().budgetMs;
  let mail, html: string | null;
  try {
    mail = await prepareMailInWorker(Buffer.from(row.raw), { budgetMs, maxTextChars: 2_000_000 });
    html = mail.html ? await finishHtmlInWorker(mail.html, { cid: {}, budgetMs }) : null;
  } catch (e) {
    if (e instanceof MailBudgetExceeded) throw unprocessable(text('channels.errors.mail_too_slow', { id: row.id }));
    throw e;
  }
  return {
    inbound_id: row.id,
    message_id: opts.messageId,
    rfc_message_id: mail.messageId,
    subject: mail.subject,
    from: mail.from,
    to: mail.to,
    cc: mail.cc,
    date: mail.date ? new Date(mail.date).toISOString() : null,
    text: mail.text,
    html,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      content_type: a.contentType,
      size: a.content.length,
      inline: a.inline,
    })),
    raw_url: `/api/v1/inbound/${row.id}/raw`,
  };
}
