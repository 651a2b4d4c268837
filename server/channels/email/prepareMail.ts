import sanitizeHtml from 'sanitize-html';
import { SANITIZE_OPTIONS } from '../../modules/tickets/messageBody.ts';
import { parseEmail, type Address } from './parseEmail.ts';
import { stripReply, type Stripped } from './stripReply.ts';

/**
 * The CPU work on a received mail: MIME parsing, HTML to text, reply stripping and sanitizing.
 * Runs in a worker thread (mailWorkers.ts) with a time budget, never on the API's event loop.
 * Everything here is plain data (structured-clone safe).
 */

/** Headers the filters, threading and trust checks read. */
export const HEADER_NAMES = [
  'auto-submitted',
  'x-autoreply',
  'x-autorespond',
  'precedence',
  'list-id',
  'x-auto-response-suppress',
  'delivered-to',
  'x-original-to',
  'authentication-results',
] as const;

/** Over this, a message's text is cut (the whole mail stays in inbound_emails). */
export const MAX_TEXT_CHARS = 200_000;
/** Over this, a message's HTML is not kept: the ticket shows the text. */
export const MAX_HTML_CHARS = 1_000_000;

export interface PreparedAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
  contentId: string | null;
  inline: boolean;
}

export interface PreparedMail {
  messageId: string;
  inReplyTo: string[];
  references: string[];
  subject: string;
  from: Address | null;
  replyTo: Address | null;
  to: Address[];
  cc: Address[];
  date: Date | null;
  contentType: string;
  headers: Record<string, string[]>;
  /** The whole text (cut at maxTextChars) and what is left of it as a reply. */
  text: string;
  reply: Stripped;
  truncated: boolean;
  /** The mail's HTML, unsanitized: it is sanitized last, by finishHtml, once inline images have their addresses. */
  html: string | null;
  attachments: PreparedAttachment[];
}

export function prepareMail(raw: Uint8Array, o: { maxTextChars?: number } = {}): Promise<PreparedMail> {
  return parseEmail(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)).then((mail) => {
    const max = o.maxTextChars ?? MAX_TEXT_CHARS;
    const truncated = mail.text.length > max;
    const text = truncated ? mail.text.slice(0, max) : mail.text;
    const headers: Record<string, string[]> = {};
    for (const h of HEADER_NAMES) headers[h] = mail.header(h);
    return {
      messageId: mail.messageId,
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      subject: mail.subject,
      from: mail.from,
      replyTo: mail.replyTo,
      to: mail.to,
      cc: mail.cc,
      date: mail.date,
      contentType: mail.contentType,
      headers,
      text,
      reply: stripReply(text),
      truncated,
      html: mail.html && mail.html.length <= MAX_HTML_CHARS ? mail.html : null,
      attachments: mail.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: new Uint8Array(a.content),
        contentId: a.contentId,
        inline: a.inline,
      })),
    };
  });
}

/**
 * The HTML stored for a message, sanitized LAST: `cid:` images get their attachment's address
 * inside the sanitizer (its transform), so the sanitizer writes and escapes every attribute and
 * nothing edits its output. A `cid:` without a known attachment loses its `src`. `appendText` (a
 * note such as "attachments too large") is added as text before sanitizing.
 */
export function finishHtml(html: string, o: { cid: Record<string, string>; appendHtml?: string }): string {
  const cid = new Map(Object.entries(o.cid));
  return sanitizeHtml(html + (o.appendHtml ?? ''), {
    ...SANITIZE_OPTIONS,
    transformTags: {
      ...SANITIZE_OPTIONS.transformTags,
      img: (tagName, attribs) => {
        const src = attribs.src ?? '';
        if (!/^cid:/i.test(src)) return { tagName, attribs };
        const { src: _drop, ...rest } = attribs;
        const url = cid.get(src.slice(4)) ?? cid.get(safeDecode(src.slice(4)));
        return { tagName, attribs: url ? { ...rest, src: url } : rest };
      },
    },
  });
}

function safeDecode(s: string) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
