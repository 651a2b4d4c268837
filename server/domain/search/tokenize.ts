/**
 * Search text for the 'simple' text search configuration.
 * Chinese (and other CJK) runs become overlapping 2-character pieces, so 退款 matches
 * 我要申请退款 as the phrase 退款; other scripts stay as lower-cased words.
 * See docs/adr/0002-search.md.
 */
/** The Chinese (and other CJK) characters, as a character class's ranges: for the patterns here, the snippets and the re-index job. */
export const CJK_CHARS = '\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af';
const CJK = new RegExp(`[${CJK_CHARS}]`, 'u');
/**
 * A run of Chinese (and other CJK), or a word of other letters and digits. The two are split where
 * they touch: Chinese users write English terms and numbers against Chinese (SSL证书, 访问HTTPS时,
 * 522错误), and SSL must find SSL证书 as a word. Before 2026-12-07 a word followed by Chinese was
 * one run, indexed as pieces ('ss' 'sl' 'l证' …) that the word never matched; `searchReindex.ts`
 * adds the words to tickets and articles indexed that way.
 */
const TOKEN = new RegExp(`[${CJK_CHARS}]+|(?:(?![${CJK_CHARS}])[\\p{L}\\p{N}])+`, 'gu');
/** How the index split text before 2026-12-07 (a word followed by Chinese was one run): for `mixedRunWords`. */
const OLD_TOKEN = new RegExp(`[${CJK_CHARS}]+|[\\p{L}\\p{N}]+`, 'gu');
const MAX_INDEXED_CHARS = 200_000;

export interface QueryTerm {
  kind: 'cjk' | 'word';
  pieces: string[];
}

function bigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/** Text to index: space-separated pieces, in order (positions make phrase queries work). */
export function indexText(text: string): string {
  const out: string[] = [];
  for (const m of text.slice(0, MAX_INDEXED_CHARS).toLowerCase().matchAll(TOKEN)) {
    const t = m[0];
    if (CJK.test(t)) {
      out.push(...bigrams(t));
      // The last character alone too: with a prefix query ('申':*) every character of a run
      // is then found, as the start of a piece or as this final piece.
      const chars = Array.from(t);
      if (chars.length > 1) out.push(chars[chars.length - 1]);
    } else if (t.length <= 64) out.push(t);
  }
  return out.join(' ');
}

/**
 * The words an index written before 2026-12-07 lacks for `text`: the words written right before
 * Chinese (SSL in SSL证书), which it held only as pieces of one run. Space-separated, for
 * to_tsvector('simple', …); empty when the text has none.
 */
export function mixedRunWords(text: string): string {
  const out = new Set<string>();
  for (const m of text.slice(0, MAX_INDEXED_CHARS).toLowerCase().matchAll(OLD_TOKEN)) {
    const run = m[0];
    if (!CJK.test(run) || !/^[\p{L}\p{N}]/u.test(run) || CJK.test(Array.from(run)[0])) continue;
    for (const w of run.matchAll(TOKEN)) if (!CJK.test(w[0]) && w[0].length <= 64) out.add(w[0]);
  }
  return [...out].join(' ');
}

export function queryTerms(q: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const m of q.toLowerCase().matchAll(TOKEN)) {
    const t = m[0];
    if (CJK.test(t)) terms.push({ kind: 'cjk', pieces: bigrams(t) });
    else if (t.length <= 64) terms.push({ kind: 'word', pieces: [t] });
  }
  return terms.slice(0, 16);
}

const quote = (s: string) => `'${s.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;

/** `search_words` (migration 0037) keeps the words whose first character is below U+3000 and not a digit: the same rule. */
const kept = (word: string) => {
  const c = word.codePointAt(0) ?? 0x3000;
  return c < 0x3000 && !(c >= 0x30 && c <= 0x39);
};

/**
 * The prefix a query word matches: the word itself, or without a trailing plural 's' (refunds finds
 * Refund too). Null for a Chinese run, and for a word the words table does not keep (numbers).
 */
function wordPrefix(term: QueryTerm): string | null {
  if (term.kind !== 'word') return null;
  const w = term.pieces[0];
  const p = w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w;
  return kept(p) ? p : null;
}

/** The prefixes of `q` that `toTsQuery` can spell out as words (see `words` there). */
export function expandablePrefixes(q: string): string[] {
  return [...new Set(queryTerms(q).flatMap((t) => wordPrefix(t) ?? []))];
}

/**
 * A to_tsquery('simple', …) string. CJK runs are phrases of their bigrams; words are prefix
 * matches (refund finds Refunds), and a trailing plural 's' is also tried without it.
 * `words` spells prefixes out: for a prefix it has, the term is every indexed word that starts with
 * it (`'refund' | 'refunds'`), which the search index answers by skipping through its lists instead of
 * gathering them into bitmaps; an empty list means no ticket has such a word (the term is then the
 * prefix itself as a word, which the index answers at once with nothing). Prefixes it does not have
 * (too many words start with them) stay prefix matches.
 * Returns null when the query has nothing searchable.
 */
export function toTsQuery(q: string, words?: ReadonlyMap<string, readonly string[]>): string | null {
  const parts = queryTerms(q).map((term) => {
    if (term.kind === 'cjk')
      return Array.from(term.pieces[0]).length === 1 ? `${quote(term.pieces[0])}:*` : `(${term.pieces.map(quote).join(' <-> ')})`;
    const p = wordPrefix(term);
    const spelled = p == null ? undefined : words?.get(p);
    if (p != null && spelled) return spelled.length ? `(${spelled.map(quote).join(' | ')})` : quote(p);
    const w = term.pieces[0];
    const alt = w.length > 3 && w.endsWith('s') ? ` | ${quote(w.slice(0, -1))}:*` : '';
    return `(${quote(w)}:*${alt})`;
  });
  return parts.length ? parts.join(' & ') : null;
}
