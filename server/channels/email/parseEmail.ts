import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import addressparser from 'nodemailer/lib/addressparser';
import { htmlToText, sanitize } from '../../modules/tickets/messageBody.ts';
import {
  charsetHint,
  headerBlock,
  headerValues,
  htmlMetaCharsets,
  messageIdsIn,
  readableHeader,
  redecodeHeader,
  widenChineseCharsets,
} from './rawHeaders.ts';

export interface Address {
  address: string;
  name: string;
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  contentId: string | null;
  inline: boolean;
}

export interface ParsedEmail {
  messageId: string;
  inReplyTo: string[];
  references: string[];
  subject: string;
  from: Address | null;
  /** The first Reply-To address: where the sender wants answers (never who they are). */
  replyTo: Address | null;
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
  // The subject as a person reads it: the list of received mail shows it before the mail is parsed.
  return { messageId, from: from?.toLowerCase() ?? null, subject: readableHeader(block, 'subject', () => charsetHint(raw)) };
}

/** Headers each relaying host adds or rewrites: not part of what the sender wrote. */
const TRACE_HEADER =
  /^(?:received|x-received|return-path|delivered-to|x-original-to|envelope-to|x-envelope-to|authentication-results|received-spf|arc-[\w-]+|x-spam-[\w-]+|x-virus-[\w-]+|x-forwarded-[\w-]+)$/i;

/**
 * A mail without a Message-ID gets one derived from what its sender wrote: its bytes without the
 * trace headers relaying hosts add (Received, Return-Path, Delivered-To, Authentication-Results, …),
 * so the same mail stored twice — also when two MX hosts relay it — is still stored once.
 */
export function syntheticMessageId(raw: Buffer): string {
  const block = headerBlock(raw);
  const fields = block.toString('latin1').split(/\r?\n(?![ \t])/);
  const kept = fields.filter((f) => !TRACE_HEADER.test(f.slice(0, Math.max(0, f.indexOf(':'))).trim()));
  const hash = createHash('sha256').update(kept.join('\n'), 'latin1').update(raw.subarray(block.length)).digest('hex');
  return `${hash.slice(0, 40)}@no-message-id.kefu`;
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
  // An HTML part labelled only by its <meta> tag gets that charset first; GB2312/GBK labels are then widened to GB18030.
  const raw = widenChineseCharsets(htmlMetaCharsets(input));
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
    replyTo: addresses(mail.replyTo)[0] ?? null,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    date: mail.date ?? null,
    text: (mail.text || (typeof mail.html === 'string' ? htmlToText(sanitize(mail.html)) : '')).replace(/\r\n/g, '\n'),
    html: typeof mail.html === 'string' ? mail.html : null,
    attachments: mail.attachments.map((a) => ({
      filename:
        a.filename ||
        (a.contentType === 'message/rfc822' ? 'message.eml' : `attachment.${(a.contentType.split('/')[1] ?? 'bin').replace(/[^\w]/g, '')}`),
      contentType: a.contentType || 'application/octet-stream',
      content: a.content,
      contentId: a.cid ?? (a.contentId ? a.contentId.replace(/^<|>$/g, '') : null),
      inline: a.contentDisposition === 'inline' || (!!a.related && !!a.cid),
    })),
    header(name: string) {
      const key = name.toLowerCase();
      let v = headerCache.get(key);
      if (!v) {
        v = headerValues(block, key);
        headerCache.set(key, v);
      }
      return v;
    },
    contentType: (mail.headers.get('content-type') as { value?: string } | undefined)?.value?.toLowerCase() ?? 'text/plain',
  };
}
