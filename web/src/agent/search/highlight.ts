/**
 * Marks a search query's terms in result text (docs/search.md), the way the server matched them
 * (server/domain/search/tokenize.ts): a Chinese run is marked by its two-character pieces (退款 in
 * 我要申请退款; a lone character by itself), a word wherever a word starts with it, any case
 * (refund in "Refunds"). Pure: returns segments, and the caller builds React nodes from them, so
 * no text is ever read as HTML.
 */
export interface Segment {
  text: string;
  mark: boolean;
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;
// Chinese and other letters split where they touch, as the server indexes them (SSL证书 is SSL and 证书).
const TOKEN =
  /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+|(?:(?![\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])[\p{L}\p{N}])+/gu;
/** A letter or digit that is not Chinese: a word right after one does not start a word (HTTPS in 访问HTTPS时 does). */
const WORD_CHAR = /(?![\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])[\p{L}\p{N}]/u;

/** The terms to mark: Chinese as overlapping two-character pieces (one character alone when the run is one), words lower-cased. */
export function highlightTerms(q: string): Array<{ kind: 'cjk' | 'word'; text: string }> {
  const out: Array<{ kind: 'cjk' | 'word'; text: string }> = [];
  const seen = new Set<string>();
  const add = (kind: 'cjk' | 'word', text: string) => {
    if (!seen.has(text)) {
      seen.add(text);
      out.push({ kind, text });
    }
  };
  for (const m of q.toLowerCase().matchAll(TOKEN)) {
    const t = m[0];
    if (CJK.test(t)) {
      const chars = Array.from(t);
      if (chars.length === 1) add('cjk', t);
      else for (let i = 0; i < chars.length - 1; i++) add('cjk', chars[i] + chars[i + 1]);
    } else if (t.length <= 64) add('word', t);
  }
  return out.slice(0, 32);
}

/** `text` split into marked and unmarked segments; adjacent or overlapping matches merge into one mark. */
export function highlight(text: string, q: string): Segment[] {
  const terms = highlightTerms(q);
  if (!text) return [];
  if (!terms.length) return [{ text, mark: false }];
  const lower = text.toLowerCase();
  // toLowerCase can change lengths (İ → i̇); then mark nothing rather than the wrong characters.
  if (lower.length !== text.length) return [{ text, mark: false }];
  const marked = new Uint8Array(text.length);
  for (const term of terms) {
    let from = 0;
    for (;;) {
      const at = lower.indexOf(term.text, from);
      if (at < 0) break;
      from = at + 1;
      if (term.kind === 'word') {
        const before = at > 0 ? text.slice(Math.max(0, at - 2), at) : '';
        const prev = before ? Array.from(before).pop()! : '';
        if (prev && WORD_CHAR.test(prev)) continue;
      }
      marked.fill(1, at, at + term.text.length);
    }
  }
  const out: Segment[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || marked[i] !== marked[start]) {
      out.push({ text: text.slice(start, i), mark: marked[start] === 1 });
      start = i;
    }
  }
  return out;
}
