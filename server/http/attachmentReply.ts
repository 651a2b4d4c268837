import type { FastifyReply } from 'fastify';
import type { AttachmentFile } from '../modules/tickets/attachments.ts';

/**
 * Answers a stored file: its own type only when previewable, a filename in RFC 5987 form, no sniffing,
 * same-origin only, and a sandbox around anything but a PDF (whose viewer a sandboxed document may not use).
 */
export function sendAttachment(reply: FastifyReply, a: AttachmentFile, o: { download?: boolean; cache?: 'private' | 'no-store' } = {}) {
  const name = encodeURIComponent(a.filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return reply
    .header('content-type', a.contentType)
    .header('content-disposition', `${o.download ? 'attachment' : a.disposition}; filename*=UTF-8''${name}`)
    .header('x-content-type-options', 'nosniff')
    .header('cross-origin-resource-policy', 'same-origin')
    .header('cache-control', o.cache === 'no-store' ? 'no-store' : 'private, max-age=300')
    .header(
      'content-security-policy',
      a.contentType === 'application/pdf'
        ? "default-src 'none'; frame-ancestors 'self'"
        : "default-src 'none'; frame-ancestors 'self'; sandbox",
    )
    .send(a.data);
}
