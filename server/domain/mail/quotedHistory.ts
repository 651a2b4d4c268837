/**
 * Where the quoted history of a mail begins, so the conversation can fold it behind a "…" toggle.
 *
 * Input is HTML that sanitize-html wrote (server/modules/tickets/messageBody.ts): tags are balanced,
 * attribute values are quoted with `<`, `>` and `"` escaped, and there are no comments or scripts.
 * The function cuts between tokens only and returns two balanced halves: `main` closes the elements
 * open at the cut, `quoted` reopens them with their original start tags. It never edits a tag.
 *
 * The history starts at the first of:
 * - a reply header line: `On … wrote:` (also over two lines), `… 写道：` (Gmail 中文, `在…写道：`),
 *   `-----Original Message-----`, `---- 原始邮件 ----`, `---- Replied Message ----`, or an Outlook
 *   header block (`From:`/`发件人:` followed within four lines by `Sent:`/`Date:`/`To:`/`Subject:` or
 *   `发送时间:`/`时间:`/`日期:`/`收件人:`/`主题:`);
 * - a `<blockquote>` after which nothing visible follows;
 * - a run of `>`-quoted lines (plain-text mail) that goes to the end.
 * Nothing is folded when the cut would leave nothing visible before it.
 */
export interface QuotedSplit {
  main: string;
  quoted: string;
}

/** Nesting beyond this is not folded. */
const MAX_DEPTH = 100;
const VOID = new Set(['br', 'img', 'hr', 'wbr']);
const BLOCK = new Set([
  'p',
  'div',
  'blockquote',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'pre',
  'hr',
  'br',
  'details',
  'summary',
]);

interface Open {
  name: string;
  tag: string;
  at: number;
}
interface Line {
  text: string;
  /** Where the line starts in the HTML, and the elements open there. */
  at: number;
  stack: Open[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z0-9]{2,8});/gi, (m, e: string) => {
    const k = e.toLowerCase();
    if (k in ENTITIES) return ENTITIES[k];
    if (k.startsWith('#x')) return String.fromCodePoint(Math.min(parseInt(k.slice(2), 16), 0x10ffff));
    if (k.startsWith('#')) return String.fromCodePoint(Math.min(parseInt(k.slice(1), 10), 0x10ffff));
    return m;
  });

const HEADER_LINE = [
  /^-{2,} ?(?:original message|replied message|原始邮件|回复的原邮件) ?-{2,}$/i,
  /^(?:在|于)?.{0,300}写道[：:]$/u,
  /^on\b.{0,300}\bwrote:$/i,
];
const OUTLOOK_FROM = /^(?:from|发件人) ?[:：]/i;
const OUTLOOK_NEXT = /^(?:sent|date|to|subject|cc|发送时间|时间|日期|收件人|主题|抄送) ?[:：]/i;
const QUOTE_LINE = /^>/;

const clean = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

export function splitQuotedHistory(html: string): QuotedSplit | null {
  const tokenRe = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g;
  const stack: Open[] = [];
  const lines: Line[] = [];
  /** [start, end, stackBefore] of every blockquote, in document order. */
  const quotes: Array<{ at: number; end: number; stack: Open[] }> = [];
  const openQuotes: Array<{ at: number; stack: Open[] }> = [];
  /** Visible characters (not whitespace) up to each position: cumulative, recorded per text piece. */
  const visible: Array<{ at: number; end: number; count: number }> = [];
  let cur: Line = { text: '', at: 0, stack: [] };
  const newLine = (at: number) => {
    lines.push(cur);
    cur = { text: '', at, stack: stack.slice() };
  };
  const addText = (raw: string, at: number) => {
    if (!raw) return;
    const inPre = stack.some((o) => o.name === 'pre');
    const parts = inPre ? raw.split('\n') : [raw];
    let offset = at;
    parts.forEach((p, i) => {
      if (i > 0) newLine(offset);
      cur.text += decode(p);
      const n = decode(p).replace(/[\s\u00a0]/g, '').length;
      if (n) visible.push({ at: offset, end: offset + p.length, count: n });
      offset += p.length + 1;
    });
  };
  let last = 0;
  for (let m = tokenRe.exec(html); m; m = tokenRe.exec(html)) {
    addText(html.slice(last, m.index), last);
    const closing = m[1] === '/';
    const name = m[2].toLowerCase();
    const end = m.index + m[0].length;
    if (closing) {
      const i = stack.map((o) => o.name).lastIndexOf(name);
      if (i >= 0) {
        stack.length = i;
        if (name === 'blockquote') {
          const q = openQuotes.pop();
          if (q) quotes.push({ at: q.at, end, stack: q.stack });
        }
      }
      if (BLOCK.has(name)) newLine(end);
    } else {
      if (name === 'blockquote') openQuotes.push({ at: m.index, stack: stack.slice() });
      if (!VOID.has(name) && !m[0].endsWith('/>')) stack.push({ name, tag: m[0], at: m.index });
      // Deeper than any mail client writes: do not fold (keeps the work linear on hostile input).
      if (stack.length > MAX_DEPTH) return null;
      if (BLOCK.has(name)) newLine(end);
    }
    last = end;
  }
  addText(html.slice(last), last);
  lines.push(cur);

  const firstVisible = visible.length ? visible[0].at : Infinity;
  const lastVisible = visible.length ? Math.max(...visible.slice(-2).map((v) => v.end)) : -Infinity;
  const visibleBefore = (pos: number) => firstVisible < pos;
  const visibleAfter = (pos: number) => lastVisible > pos;
  const candidates: Array<{ at: number; stack: Open[] }> = [];

  // Reply headers and Outlook header blocks.
  const texts = lines.map((l) => clean(l.text));
  const nonEmpty = texts.map((t, i) => ({ t, i })).filter((x) => x.t !== '');
  for (let k = 0; k < nonEmpty.length; k++) {
    const { t, i } = nonEmpty[k];
    const next = nonEmpty[k + 1]?.t ?? '';
    if (t.length > 400) continue;
    if (HEADER_LINE.some((re) => re.test(t)) || (/^on\b/i.test(t) && !/wrote:$/i.test(t) && /^.{0,200}\bwrote:$/i.test(next))) {
      candidates.push(lines[i]);
      break;
    }
    if (OUTLOOK_FROM.test(t) && nonEmpty.slice(k + 1, k + 5).some((x) => OUTLOOK_NEXT.test(x.t))) {
      candidates.push(lines[i]);
      break;
    }
  }
  // A blockquote with nothing visible after it.
  const trailingQuote = quotes.find((q) => !visibleAfter(q.end));
  if (trailingQuote) candidates.push(trailingQuote);
  // A trailing run of '>' lines.
  let run = -1;
  for (let k = nonEmpty.length - 1; k >= 0 && QUOTE_LINE.test(nonEmpty[k].t); k--) run = nonEmpty[k].i;
  if (run >= 0) candidates.push(lines[run]);

  const first = candidates.sort((a, b) => a.at - b.at)[0];
  if (!first) return null;
  // Hoist the cut above elements that open right at it, so the fold takes whole blocks.
  let at = first.at;
  const open = first.stack.slice();
  while (open.length) {
    const top = open[open.length - 1];
    if (html.slice(top.at + top.tag.length, at).trim() !== '') break;
    at = top.at;
    open.pop();
  }
  if (!visibleBefore(at)) return null;
  const closeTags = open
    .slice()
    .reverse()
    .map((o) => `</${o.name}>`)
    .join('');
  return { main: html.slice(0, at) + closeTags, quoted: open.map((o) => o.tag).join('') + html.slice(at) };
}
