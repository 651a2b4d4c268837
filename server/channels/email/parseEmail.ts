import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import addressparser from 'nodemailer/lib/addressparser';
import { htmlToText, sanitize } from '../../modules/tickets/messageBody.ts';
import { charsetHint, headerBlock, headerValues, messageIdsIn, redecodeHeader, widenChineseCharsets } from './rawHeaders.ts';

export interface Address { address: string; name: string }

export interface ParsedAttachment { filename: string; contentType: string; content: Buffer; contentId: string | null; inline: boolean }

export interface ParsedEmail {
  messageId: string;
  inReplyTo: string[];
  references: string[];
  subject: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  date: Date | null;
  text: string;
  /** Unsanitized HTML (sanitize before storing). */
  html: string | null;
  attachments: ParsedAttachment[];
  /** Lower-case header name → unfolded raw values (for the filters). */
  header(name: string): string[];
  contentType: string;
}

/** Fast path for the SMTP/IMAP intake: the values stored with the raw mail, without a full parse. */
export function peekHeaders(raw: Buffer): { messageId: string; from: string | null; subject: string | null } {
  const block = headerBlock(raw);
  const messageId = messageIdsIn(headerValues(block, 'message-id'))[0] ?? syntheticMessageId(raw);
  const fromValue = headerValues(block, 'from')[0];
  const from = fromValue ? (flatten(addressparser(fromValue))[0]?.address ?? null) : null;
  return { messageId, from: from?.toLowerCase() ?? null, subject: headerValues(block, 'subject')[0] ?? null };
}

/** A mail without a Message-ID gets one derived from its bytes: the same mail stored twice is still stored once. */
export function syntheticMessageId(raw: Buffer): string {
  return `${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@no-message-id.kefu`;
}

type Parsed = { address?: string; name?: string; group?: Parsed[] };
function flatten(list: Parsed[]): Address[] {
  const out: Address[] = [];
  for (const a of list) {
    if (a.group) out.push(...flatten(a.group));
    else if (a.address && a.address.includes('@')) out.push({ address: a.address.toLowerCase(), name: a.name ?? '' });
  }
  return out;
}

function addresses(v: AddressObject | AddressObject[] | undefined): Address[] {
  const list = Array.isArray(v) ? v : v ? [v] : [];
  return list.flatMap((o) => flatten(o.value as Parsed[]));
}

export async function parseEmail(input: Buffer): Promise<ParsedEmail> {
  const raw = widenChineseCharsets(input);
  const block = headerBlock(raw);
  const hint = charsetHint(raw);
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, keepDeliveryStatus: true });
  const subject = redecodeHeader(block, 'subject', hint) ?? mail.subject ?? '';
  let from = addresses(mail.from)[0] ?? null;
  const rawFrom = redecodeHeader(block, 'from', hint);
  if (rawFrom) from = flatten(addressparser(rawFrom))[0] ?? from;
  const headerCache = new Map<string, string[]>();
  return {
    messageId: messageIdsIn(headerValues(block, 'message-id'))[0] ?? syntheticMessageId(input),
    inReplyTo: messageIdsIn(headerValues(block, 'in-reply-to')),
    references: messageIdsIn(headerValues(block, 'references')),
    subject: subject.replace(/\s+/g, ' ').trim(),
    from,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    date: mail.date ?? null,
    text: (mail.text || (typeof mail.html === 'string' ? htmlToText(sanitize(mail.html)) : '')).replace(/\r\n/g, '\n'),
    html: typeof mail.html === 'string' ? mail.html : null,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename || (a.contentType === 'message/rfc822' ? 'message.eml' : `attachment.${(a.contentType.split('/')[1] ?? 'bin').replace(/[^\w]/g, '')}`),
      contentType: a.contentType || 'application/octet-stream',
      content: a.content,
      contentId: a.cid ?? (a.contentId ? a.contentId.replace(/^<|>$/g, '') : null),
      inline: a.contentDisposition === 'inline' || (!!a.related && !!a.cid),
    })),
    header(name: string) {
      const key = name.toLowerCase();
      let v = headerCache.get(key);
      if (!v) { v = headerValues(block, key); headerCache.set(key, v); }
      return v;
    },
    contentType: (mail.headers.get('content-type') as { value?: string } | undefined)?.value?.toLowerCase() ?? 'text/plain',
  };
}
