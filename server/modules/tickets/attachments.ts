import type { Db, Queryable } from '../../db/client.ts';
import { localizedError, notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { ticketPolicy } from './ticketPolicy.ts';

export interface AttachmentInput {
  filename: string;
  content_type?: string;
  data_base64: string;
  content_id?: string;
}
export interface DecodedAttachment {
  filename: string;
  contentType: string;
  data: Buffer;
  contentId: string | null;
}

/** Decodes and checks size limits before anything is written. */
export function decodeAttachments(list: AttachmentInput[] | undefined, maxBytes: number): DecodedAttachment[] {
  return (list ?? []).map((a, i) => {
    // Node decodes anything, skipping what is not base64: a typo would store a damaged file.
    const text = a.data_base64.replace(/\s+/g, '');
    const data = Buffer.from(text, 'base64');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text) || text.length % 4 === 1 || (!data.length && text.length))
      throw localizedError('invalid_request', 'http.errors.attachment_not_base64', { field: `attachments.${i}.data_base64` }, { n: i + 1 });
    if (data.length > maxBytes)
      throw localizedError(
        'payload_too_large',
        'http.errors.attachment_too_large',
        { field: `attachments.${i}`, size_bytes: data.length, limit_bytes: maxBytes },
        { name: a.filename, size: data.length.toLocaleString('en'), limit: maxBytes.toLocaleString('en') },
      );
    return {
      filename: a.filename.replace(/[\\/\0]/g, '_').slice(0, 255),
      contentType: a.content_type || 'application/octet-stream',
      data,
      contentId: a.content_id ?? null,
    };
  });
}

export async function saveAttachments(q: Queryable, messageId: number, list: DecodedAttachment[]) {
  for (const a of list) {
    await q.query(`insert into attachments (message_id, filename, content_type, size, content_id, data) values ($1, $2, $3, $4, $5, $6)`, [
      messageId,
      a.filename,
      a.contentType,
      a.data.length,
      a.contentId,
      a.data,
    ]);
  }
}

/** Types a browser may show on our origin (as an image or in its PDF viewer): served `inline`; everything else downloads. */
export const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'application/pdf']);

/**
 * Download: visible to whoever may see the message (internal notes: staff). The declared type comes
 * from whoever sent the file, so only PREVIEWABLE types keep it and are shown inline; anything else
 * (HTML, SVG, XML, scripts…) is served as `application/octet-stream` with `attachment`.
 */
export async function getAttachment(db: Db, opts: { actor: Principal; id: number }) {
  const rows = await db.query<{
    filename: string;
    content_type: string;
    data: Uint8Array;
    internal: boolean;
    id: number;
    organization_id: number | null;
    requester_id: number;
    group_id: number | null;
    assignee_id: number | null;
  }>(
    `select a.filename, a.content_type, a.data, m.internal, t.id, t.organization_id, t.requester_id, t.group_id, t.assignee_id
       from attachments a join messages m on m.id = a.message_id join tickets t on t.id = m.ticket_id where a.id = $1`,
    [opts.id],
  );
  const a = rows[0];
  if (!a || !ticketPolicy.canSee(opts.actor, a) || (a.internal && !ticketPolicy.canSeeInternal(opts.actor)))
    throw notFound('Attachment', opts.id);
  return attachmentFile(a);
}

export type AttachmentFile = ReturnType<typeof attachmentFile>;

/** How a stored file is answered: only PREVIEWABLE types keep their declared type and open inline. */
export function attachmentFile(a: { filename: string; content_type: string; data: Uint8Array }) {
  const declared = a.content_type.split(';')[0].trim().toLowerCase();
  const inline = PREVIEWABLE.has(declared);
  return {
    filename: a.filename,
    contentType: inline ? declared : 'application/octet-stream',
    declaredType: a.content_type,
    disposition: inline ? ('inline' as const) : ('attachment' as const),
    data: Buffer.from(a.data),
  };
}
