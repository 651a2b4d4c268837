import sanitizeHtml from 'sanitize-html';

/** The one sanitizer configuration (the email channel adds its inline-image transform to it). */
export const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'b',
    'strong',
    'i',
    'em',
    'u',
    's',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'pre',
    'code',
    'h1',
    'h2',
    'h3',
    'h4',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'img',
    'span',
    'div',
    'hr',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https', 'cid', 'data'] },
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A remote image source: http(s) or protocol-relative (sanitize-html lets `//host/x` through). */
export const REMOTE_SRC = /^\s*(?:https?:)?\/\//i;
const REMOTE_IMG = /<img\b[^>]*\ssrc="\s*(?:https?:)?\/\//i;

/** Whether stored (sanitized) HTML names a remote image: the conversation offers "Show images" for it. */
export const hasRemoteImages = (html: string) => REMOTE_IMG.test(html);

export function sanitize(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

/** Plain text to safe HTML: paragraphs and line breaks. */
export function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escape(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

export function htmlToText(html: string): string {
  return sanitizeHtml(html.replace(/<(br|\/p|\/div|\/li|\/h\d)\s*\/?>/gi, '\n'), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A message body from the API: `body` as text, optional `html`. Returns both forms. */
export function messageBody(body: string, html?: string | null): { text: string; html: string } {
  if (html) {
    const clean = sanitize(html);
    return { text: body.trim() || htmlToText(clean), html: clean };
  }
  return { text: body, html: textToHtml(body) };
}
