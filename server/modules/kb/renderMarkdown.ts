import { Marked } from 'marked';
import { htmlToText, sanitize } from '../tickets/messageBody.ts';

/** GitHub-flavoured Markdown; raw HTML in it is left to the sanitizer, which runs last. */
const marked = new Marked({ gfm: true, breaks: false, async: false });

/**
 * An article's Markdown as HTML safe to put in a page: rendered by marked, then sanitized with
 * the one sanitizer configuration (messageBody.ts SANITIZE_OPTIONS: no scripts, no event handlers,
 * links only http(s)/mailto). Nothing edits the HTML after sanitizing.
 */
export function renderMarkdown(md: string): string {
  if (!md.trim()) return '';
  return sanitize(marked.parse(md) as string);
}

/** Plain text of rendered HTML, for snippets and the page's meta description. */
export function plainText(html: string): string {
  return htmlToText(html).replace(/\s+/g, ' ').trim();
}
