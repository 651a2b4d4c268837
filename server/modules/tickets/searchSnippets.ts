import type { Queryable } from '../../db/client.ts';
import { CJK_CHARS, queryTerms } from '../../domain/search/tokenize.ts';

/**
 * Snippets for search results (docs/search.md): a short excerpt of the message text around the
 * first place a query term occurs. Customers' snippets come from public messages only: internal
 * notes are not even read for them.
 */

export interface Snippet {
  text: string;
  internal: boolean;
}

const BEFORE = 40;
const AFTER = 120;
/** Messages read per ticket, and characters read per message: a snippet needs the start of a conversation, not all of it. */
const MESSAGES_PER_TICKET = 30;
const CHARS_PER_MESSAGE = 20_000;

const NON_CJK_WORD_CHAR = `(?:(?![${CJK_CHARS}])[\\p{L}\\p{N}])`;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What to look for in message text: a Chinese run as it was typed, a word at the start of a word (refund finds Refunds). */
export function snippetPatterns(q: string): RegExp[] {
  return queryTerms(q).map((term) => {
    if (term.kind === 'cjk') {
      const run =
        term.pieces[0] +
        term.pieces
          .slice(1)
          .map((p) => Array.from(p).slice(-1)[0])
          .join('');
      return new RegExp(escapeRe(run), 'u');
    }
    const w = term.pieces[0];
    const alt = w.length > 3 && w.endsWith('s') ? `|${escapeRe(w.slice(0, -1))}` : '';
    // A word starts after anything but another letter or digit that is not Chinese (HTTPS in 访问HTTPS时).
    return new RegExp(`(?<!${NON_CJK_WORD_CHAR})(?:${escapeRe(w)}${alt})`, 'iu');
  });
}

/**
 * The excerpt of `text` around the earliest match of any pattern, whitespace collapsed, with "…"
 * where it was cut; null when nothing matches. Pure.
 */
export function excerpt(text: string, patterns: RegExp[]): { text: string; found: number } | null {
  const flat = text.replace(/\s+/g, ' ').trim();
  let first = -1;
  let found = 0;
  for (const re of patterns) {
    const m = re.exec(flat);
    if (!m) continue;
    found++;
    if (first < 0 || m.index < first) first = m.index;
  }
  if (first < 0) return null;
  // Count in code points, never cutting a surrogate pair.
  const chars = Array.from(flat);
  const at = Array.from(flat.slice(0, first)).length;
  let start = Math.max(0, at - BEFORE);
  let end = Math.min(chars.length, at + AFTER);
  // Prefer to cut at a space when there is one close by (English); Chinese has none and is cut anywhere.
  if (start > 0) {
    const sp = chars.indexOf(' ', start);
    if (sp >= 0 && sp < at && sp - start < 15) start = sp + 1;
  }
  if (end < chars.length) {
    const sp = chars.lastIndexOf(' ', end);
    if (sp > at && end - sp < 15) end = sp;
  }
  return { text: `${start > 0 ? '…' : ''}${chars.slice(start, end).join('')}${end < chars.length ? '…' : ''}`, found };
}

/** Of a ticket's messages (oldest first), the one matching the most terms, earliest on a tie. */
export function bestSnippet(messages: Array<{ body: string; internal: boolean }>, q: string): Snippet | null {
  const patterns = snippetPatterns(q);
  if (!patterns.length) return null;
  let best: { text: string; found: number; internal: boolean } | null = null;
  for (const m of messages) {
    const e = excerpt(m.body, patterns);
    if (e && (!best || e.found > best.found)) best = { ...e, internal: m.internal };
    if (best && best.found === patterns.length) break;
  }
  return best && { text: best.text, internal: best.internal };
}

/** Snippets of the given tickets for query `q`. `withNotes` false (customers): internal notes are never read. */
export async function searchSnippets(
  q: Queryable,
  opts: { ticketIds: number[]; query: string; withNotes: boolean },
): Promise<Map<number, Snippet | null>> {
  const out = new Map<number, Snippet | null>();
  if (!opts.ticketIds.length || !snippetPatterns(opts.query).length) return out;
  const rows = await q.query<{ ticket_id: number; internal: boolean; body: string }>(
    `select x.ticket_id, x.internal, x.body from (
       select m.ticket_id, m.internal, left(m.body_text, ${CHARS_PER_MESSAGE}) as body, m.created_at, m.id,
              row_number() over (partition by m.ticket_id order by m.created_at, m.id) as n
         from messages m where m.ticket_id = any($1::bigint[]) and ($2::boolean or not m.internal)) x
      where x.n <= ${MESSAGES_PER_TICKET} order by x.ticket_id, x.created_at, x.id`,
    [opts.ticketIds, opts.withNotes],
  );
  const byTicket = new Map<number, Array<{ body: string; internal: boolean }>>();
  for (const r of rows) {
    const id = Number(r.ticket_id);
    if (!byTicket.has(id)) byTicket.set(id, []);
    byTicket.get(id)!.push({ body: r.body, internal: r.internal });
  }
  for (const id of opts.ticketIds) out.set(id, bestSnippet(byTicket.get(id) ?? [], opts.query));
  return out;
}
