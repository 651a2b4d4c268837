import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { openSmtpUrl } from '../../modules/email/mailSecrets.ts';
import { emailSettings } from '../../modules/email/emailSettings.ts';
import { notifyRepository } from '../../modules/email/notifyRepository.ts';
import { outboxRepository } from '../../modules/email/outboxRepository.ts';
import { recordDeliveryFailure } from '../../modules/email/recordDeliveryFailure.ts';
import { isPermanent, type SmtpTransports } from './transport.ts';

/**
 * How long a 'sending' mark holds: longer than the slowest send the transport allows (connection 15 s,
 * greeting 15 s, socket idle 60 s per step), shorter than the job queue's retries (about 8 minutes).
 */
export const SENDING_SECONDS = 300;

/** Attempts before a mail is given up (the job queue backs off 2, 4, 8 … seconds between them). */
export const MAX_DELIVERY_ATTEMPTS = 6;

/**
 * Delivers one outbox mail over SMTP when SMTP is configured (setting `email.smtp`, else SMTP_URL);
 * otherwise it stays in the local outbox with status 'local'. A permanent refusal (5xx) or the last
 * failed attempt marks it 'failed' and records `email.failed` on the ticket; other failures are
 * retried by the job queue.
 */
export async function deliverEmail(
  db: Db,
  o: { id: number; envSmtpUrl?: string; transports: SmtpTransports; owner?: string },
): Promise<string> {
  const current = await outboxRepository.get(db, o.id);
  if (!current || (current.status !== 'queued' && current.status !== 'sending')) return current?.status ?? 'missing';
  const setting = (await emailSettings.smtp(db))?.url;
  const url = setting ? await openSmtpUrl(db, setting) : o.envSmtpUrl;
  if (!url) {
    if (current.status === 'queued') await outboxRepository.setStatus(db, current.id, 'local');
    return 'local';
  }
  // Ours before we talk to the relay: no other worker sends it meanwhile (docs/email.md, Exactly once).
  const owner = o.owner ?? `deliver:${process.pid}:${randomUUID()}`;
  const row = await outboxRepository.startSending(db, o.id, owner, SENDING_SECONDS);
  if (!row) {
    const now = await outboxRepository.get(db, o.id);
    // Another worker is sending it: try again later (if it dies, its mark expires and a retry sends).
    if (now?.status === 'sending') throw new Error(`mail ${o.id} is being sent by another worker`);
    return now?.status ?? 'missing';
  }
  const attachments = row.kind === 'agent_reply' && row.message_id ? await notifyRepository.attachments(db, row.message_id) : [];
  try {
    await o.transports.get(url).sendMail({
      from: row.from_addr,
      to: row.to_addrs,
      cc: row.cc_addrs.length ? row.cc_addrs : undefined,
      replyTo: row.reply_to ?? undefined,
      subject: row.subject,
      text: row.text,
      html: row.html,
      messageId: `<${row.rfc_message_id}>`,
      inReplyTo: row.in_reply_to ? `<${row.in_reply_to}>` : undefined,
      references: row.references_ids.map((r) => `<${r}>`),
      headers: row.headers,
      attachments: attachments.map((a) => ({
        filename: a.filename,
        contentType: a.content_type,
        content: Buffer.from(a.data),
        ...(a.content_id ? { cid: a.content_id } : {}),
      })),
    });
  } catch (e) {
    const message = (e as Error).message || String(e);
    const attempts = await outboxRepository.recordAttempt(db, row.id, message);
    if (isPermanent(e) || attempts >= MAX_DELIVERY_ATTEMPTS) {
      await db.tx((q) => recordDeliveryFailure(q, row.id, 'failed', message));
      return 'failed';
    }
    throw e;
  }
  await outboxRepository.setStatus(db, row.id, 'sent');
  return 'sent';
}
