import sanitizeHtml from 'sanitize-html';
import type { Db } from '../../db/client.ts';
import { splitQuotedHistory } from '../../domain/mail/quotedHistory.ts';
import { notFound } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import { REMOTE_SRC, SANITIZE_OPTIONS } from './messageBody.ts';
import { ticketPolicy } from './ticketPolicy.ts';

/**
 * The Content-Security-Policy of a rendered message. No script, no style sheet from outside, no
 * forms, no plugins; images from our origin (the message's attachments) and data: — remote images
 * only when the viewer asked for them on this message. `sandbox` without `allow-scripts`: even a
 * sanitizer mistake cannot run code. `allow-same-origin` lets the attachment images carry the
 * session cookie and the console measure the frame's height; `allow-popups…` opens links in a tab.
 */
export function messageCsp(remoteImages: boolean) {
  return [
    "default-src 'none'",
    `img-src 'self' data:${remoteImages ? ' https: http:' : ''}`,
    "style-src 'unsafe-inline'",
    "frame-ancestors 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    'sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox',
  ].join('; ');
}

const STYLE = `html{color-scheme:light}body{margin:0;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans","DejaVu Sans","PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;color:#1c2230;overflow-wrap:anywhere}
img{max-width:100%;height:auto}img:not([src]){border:1px dashed #cdd2da;color:#626b7a;font-size:12px;padding:0 4px}p{margin:0 0 .6em}blockquote{margin:.4em 0;padding-left:.8em;border-left:3px solid #cdd2da;color:#626b7a}
pre,code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}pre{white-space:pre-wrap;background:#f6f8fa;padding:.5em;border-radius:4px}
table{border-collapse:collapse;max-width:100%}td,th{padding:2px 6px;vertical-align:top}a{color:#2a5bd7}
details.kefu-quoted>summary{display:inline-block;list-style:none;cursor:pointer;padding:1px 12px;margin:4px 0;border:1px solid #cdd2da;border-radius:10px;color:#626b7a;background:#f1f3f6;line-height:18px;font-size:14px;letter-spacing:1px}details.kefu-quoted>summary:hover{background:#e2e5ea;color:#1c2230}
details.kefu-quoted>summary::-webkit-details-marker{display:none}details.kefu-quoted>summary:focus-visible{outline:2px solid #0969da}
details.kefu-quoted[open]>summary{margin-bottom:6px}`;

const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * One message's HTML as a document for a sandboxed frame (docs/mail-display.md): visible to whoever
 * may see the message (internal notes: staff). The stored HTML was sanitized when it was written; it
 * is folded (quoted history behind a "…" toggle) and sanitized again, last, with images resolved
 * inside the sanitizer: `cid:` to this message's attachments, our attachment paths only when they are
 * this message's, remote images only when asked for, `data:` images as they are.
 */
export async function renderMessageHtml(db: Db, opts: { actor: Principal; messageId: number; remoteImages: boolean; locale?: string }) {
  const rows = await db.query<{
    body_html: string;
    internal: boolean;
    id: number;
    organization_id: number | null;
    requester_id: number;
    group_id: number | null;
    assignee_id: number | null;
    attachments: Array<{ id: number; content_id: string | null }>;
  }>(
    `select m.body_html, m.internal, t.id, t.organization_id, t.requester_id, t.group_id, t.assignee_id,
            coalesce((select json_agg(json_build_object('id', a.id, 'content_id', a.content_id)) from attachments a where a.message_id = m.id), '[]'::json) as attachments
       from messages m join tickets t on t.id = m.ticket_id where m.id = $1`,
    [opts.messageId],
  );
  const m = rows[0];
  if (!m || !ticketPolicy.canSee(opts.actor, m) || (m.internal && !ticketPolicy.canSeeInternal(opts.actor)))
    throw notFound('Message', opts.messageId);

  const own = new Set(m.attachments.map((a) => `/api/v1/attachments/${a.id}`));
  const byCid = new Map(
    m.attachments.filter((a) => a.content_id).map((a) => [a.content_id!.replace(/^<|>$/g, ''), `/api/v1/attachments/${a.id}`]),
  );
  const locale = opts.locale ?? opts.actor.locale;
  const label = escapeAttr(t(locale, 'tickets.mail.show_quoted'));
  const split = splitQuotedHistory(m.body_html ?? '');
  const folded = split
    ? `${split.main}<details class="kefu-quoted"><summary title="${label}" aria-label="${label}">&#8230;</summary>${split.quoted}</details>`
    : (m.body_html ?? '');

  const html = sanitizeHtml(folded, {
    ...SANITIZE_OPTIONS,
    allowedTags: [...(SANITIZE_OPTIONS.allowedTags as string[]), 'details', 'summary'],
    allowedAttributes: { ...SANITIZE_OPTIONS.allowedAttributes, summary: ['title', 'aria-label'], details: ['class'] },
    allowedClasses: { details: ['kefu-quoted'] },
    transformTags: {
      ...SANITIZE_OPTIONS.transformTags,
      img: (tagName, attribs) => {
        const { src = '', ...rest } = attribs;
        let url: string | undefined;
        if (/^cid:/i.test(src)) url = byCid.get(safeDecode(src.slice(4))) ?? byCid.get(src.slice(4));
        else if (/^data:image\/(?:png|jpe?g|gif|webp);/i.test(src)) url = src;
        else if (REMOTE_SRC.test(src)) url = opts.remoteImages ? src : undefined;
        else if (own.has(src)) url = src;
        return { tagName, attribs: url ? { ...rest, src: url } : rest };
      },
    },
  });
  const lang = escapeAttr(locale?.startsWith('zh') ? 'zh-CN' : 'en');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><base target="_blank"><style>${STYLE}</style></head><body>${html}</body></html>`;
}

function safeDecode(s: string) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
