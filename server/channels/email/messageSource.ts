import type { Db } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../../modules/auth/principal.ts';
import { inboundRepository } from '../../modules/email/inboundRepository.ts';
import { ticketPolicy } from '../../modules/tickets/ticketPolicy.ts';
import { sanitize } from '../../modules/tickets/messageBody.ts';
import { parseEmail } from './parseEmail.ts';

/**
 * The full original of a message that came by email: the whole text with the quoted history and
 * signature the ticket view leaves out, its headers, and a link to the raw MIME (admins).
 */
export async function messageSource(db: Db, opts: { actor: Principal; messageId: number }) {
  const row = await inboundRepository.byMessage(db, opts.messageId);
  if (!row || !ticketPolicy.canSee(opts.actor, row) || (row.internal && !ticketPolicy.canSeeInternal(opts.actor))) throw notFound('Email source of message', opts.messageId);
  const mail = await parseEmail(Buffer.from(row.raw));
  return {
    inbound_id: row.id, message_id: opts.messageId, rfc_message_id: mail.messageId, subject: mail.subject,
    from: mail.from, to: mail.to, cc: mail.cc, date: mail.date?.toISOString() ?? null,
    text: mail.text, html: mail.html ? sanitize(mail.html) : null,
    attachments: mail.attachments.map((a) => ({ filename: a.filename, content_type: a.contentType, size: a.content.length, inline: a.inline })),
    raw_url: `/api/v1/inbound/${row.id}/raw`,
  };
}
