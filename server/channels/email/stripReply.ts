/**
 * Cuts quoted history and signatures off a reply, so the ticket shows what the person wrote.
 * No library handles Chinese mail clients, so these are our own patterns, one per client habit.
 * The full original stays in inbound_emails (GET /api/v1/messages/{id}/source).
 *
 * Linear time, by construction: every line is looked at a bounded number of times; the regular
 * expressions have no quantified wildcard and no quantified group (the shapes that backtrack;
 * `LINE_PATTERNS` is checked for that by a test), and variable-length middles ("On <anything>
 * wrote:") are checked with prefix/suffix tests and lengths instead. Lines longer than
 * MAX_HEADER_LINE cannot be attribution lines and are not matched at all.
 */

const MAX_HEADER_LINE = 400;

/** A line that starts the quoted history: prefix/suffix/length rules, checked without backtracking. */
interface Attribution {
  prefix?: RegExp;
  suffix: RegExp;
  middle: [number, number];
}

const ATTRIBUTIONS: Attribution[] = [
  { prefix: /^On\s/i, suffix: /\swrote:$/i, middle: [4, 200] }, // English (Gmail, Apple Mail, Thunderbird)
  { prefix: /^在\s?/, suffix: /写道[：:]$/, middle: [2, 200] }, // Chinese Thunderbird/Apple: 在 2024年3月1日 10:00, 张三 写道：
  { suffix: /(?:寫道|撰寫了)[：:]$/, middle: [0, 200] }, // Traditional Chinese clients
  { prefix: /^Le\s/i, suffix: /\sa écrit\s?:$/i, middle: [4, 200] },
];

/** Whole-line patterns (each class next to a disjoint one: no backtracking). */
const QUOTE_HEADERS: RegExp[] = [
  /^\s*-{2,}\s*(?:Original Message|Reply Message|原始邮件|原始郵件|原始信件|回复的原邮件|Forwarded message|转发的邮件)\s*-{2,}$/i, // Outlook, Foxmail/QQ, NetEase
  /^\s*-{5,}\s*(?:Original|原始)/i,
  /^\s*>?\s*-{2,}\s*原始邮件\s*-{2,}/,
];

/** Outlook-style header block: "From:/发件人:" followed within a few lines by "Sent:/发送时间:/Date:/日期:" and "To:/Subject:/收件人:/主题:". */
const FROM_LINE = /^\s*(?:\*+\s*)?(?:From|发件人|寄件者|發件人)\s*(?:\*+\s*)?[:：]/i;
const SENT_LINE = /^\s*(?:\*+\s*)?(?:Sent|Date|发送时间|時間|时间|日期|寄件日期|傳送時間)\s*(?:\*+\s*)?[:：]/i;
const TO_LINE = /^\s*(?:\*+\s*)?(?:To|Subject|Cc|收件人|主题|主旨|抄送|收件者)\s*(?:\*+\s*)?[:：]/i;
const SEPARATOR = /^\s*(?:_{10,}|-{10,}|={10,})$/;

/** "-- " (RFC 3676), often stripped to "--" by editors. */
const SIGNATURE = /^--\s?$/;
const GERMAN = /^\s*Am\s/i;

/** Every regular expression applied to each line (a test checks they cannot backtrack). */
export const LINE_PATTERNS: RegExp[] = [
  ...ATTRIBUTIONS.flatMap((a) => (a.prefix ? [a.prefix, a.suffix] : [a.suffix])),
  ...QUOTE_HEADERS,
  FROM_LINE,
  SENT_LINE,
  TO_LINE,
  SEPARATOR,
  SIGNATURE,
  GERMAN,
];

/** Mobile sign-offs at the very end; tested only on short lines (at most SIGN_OFF_MAX characters). */
const SIGN_OFF_MAX = 100;
const SIGN_OFF =
  /^(?:Sent from my .{2,60}|Get Outlook for .{2,40}|发自我的.{1,40}|来自我的.{1,40}|从我的.{1,40}发送|发自.{1,20}(?:邮箱|客户端|手机|移动端).{0,20}|Sent from .{1,40} (?:Mail|mail|for iOS|for Android))$/;

/** Drops leading "> " quote marks, in a loop rather than a nested quantifier. */
function unquote(line: string): string {
  let i = 0;
  for (;;) {
    let j = i;
    while (j < line.length && (line[j] === ' ' || line[j] === '\t')) j++;
    if (line[j] !== '>') break;
    i = j + 1;
  }
  if (i > 0 && line[i] === ' ') i++;
  return line.slice(i);
}

function isAttribution(line: string): boolean {
  if (line.length > MAX_HEADER_LINE) return false;
  for (const a of ATTRIBUTIONS) {
    const p = a.prefix ? a.prefix.exec(line) : null;
    if (a.prefix && !p) continue;
    const s = a.suffix.exec(line);
    if (!s) continue;
    const middle = s.index - (p ? p[0].length : 0);
    if (middle >= a.middle[0] && middle <= a.middle[1]) return true;
  }
  return isGmailChinese(line) || isGerman(line);
}

/** Gmail (zh-CN): `张三 <a@b.cn> 于2024年3月1日周五 10:20写道：` — 1–200 characters, 于, an optional space, 2–100 characters, 写道. */
function isGmailChinese(line: string): boolean {
  const end = line.length - 3;
  if (end < 4 || (!line.endsWith('写道：') && !line.endsWith('写道:'))) return false;
  for (let i = line.indexOf('于', 1); i >= 1 && i <= 200; i = line.indexOf('于', i + 1)) {
    const rest = end - (i + 1);
    if (rest >= 2 && rest <= 100) return true;
    if (/\s/.test(line[i + 1]) && rest - 1 >= 2 && rest - 1 <= 100) return true;
    if (rest < 2) break;
  }
  return false;
}

/** Gmail (zh-CN) wrapped before 于: `张三 <a@b.cn>` / `于2024年3月1日周五 10:20写道：` — the second line, 于 first, 2–100 characters, 写道. */
function isGmailChineseTail(line: string): boolean {
  if (!line.startsWith('于') || (!line.endsWith('写道：') && !line.endsWith('写道:'))) return false;
  const rest = line.length - 4 - (/\s/.test(line[1] ?? '') ? 1 : 0);
  return rest >= 2 && rest <= 100;
}

/**
 * The first line of a Gmail attribution that the plain-text part wrapped: the name and an
 * opening `<` (the address follows on the next line), or `name <address>` before a line that
 * starts with 于. Gmail puts a blank line before the attribution, so the head is a single short,
 * unquoted line.
 */
function isWrapHead(prev: string | undefined, line: string): boolean {
  if (!prev || prev.length > 200 || prev.startsWith('>')) return false;
  if (prev.endsWith('<')) return true;
  return line.startsWith('于') && prev.endsWith('>') && prev.includes('@');
}

/** German: `Am <date> schrieb <name>:`. */
function isGerman(line: string): boolean {
  if (!GERMAN.test(line) || !line.endsWith(':')) return false;
  const at = line.indexOf(' schrieb ');
  return at >= 6 && at <= 205 && line.length - at - 10 >= 1 && line.length - at - 10 <= 200;
}

/** Two-line attributions (Gmail wraps long ones): "On Mon, … Zhang San <a@b.cn>" / "wrote:". */
function isWrappedAttribution(line: string, next: string): boolean {
  if (line.length >= 200 || next.length > MAX_HEADER_LINE) return false;
  if (/^On\s/i.test(line) && (next.toLowerCase() === 'wrote:' || (/\swrote:$/i.test(next) && next.length <= 107 && !/^\s/.test(next))))
    return true;
  return (line.includes('于') || line.includes('在')) && next.length <= 63 && (next.endsWith('写道：') || next.endsWith('写道:'));
}

function firstQuoteLine(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length <= MAX_HEADER_LINE) {
      const start = line.indexOf('##-');
      if (start >= 0 && line.indexOf('-##', start + 3) >= 0) return i; // our own "reply above this line" marker, any locale
      if (isAttribution(line) || isGmailChineseTail(line)) {
        if (i > 0 && isWrapHead(lines[i - 1], line)) return i - 1;
        if (!isGmailChineseTail(line)) return i;
      }
      if (QUOTE_HEADERS.some((re) => re.test(line))) return i;
      if (i + 1 < lines.length && isWrappedAttribution(line, lines[i + 1])) return i;
      const bare = unquote(line);
      if (FROM_LINE.test(bare)) {
        const next = lines.slice(i + 1, i + 7).map((l) => unquote(l.slice(0, MAX_HEADER_LINE)));
        if (next.some((l) => SENT_LINE.test(l)) && next.some((l) => TO_LINE.test(l))) {
          // The rule above the block (Outlook's underscores, or an <hr> turned into dashes) goes too, across up to two blank lines.
          let j = i - 1;
          while (j >= 0 && j >= i - 3 && lines[j] === '') j--;
          return j >= 0 && SEPARATOR.test(lines[j]) ? j : i;
        }
      }
    }
    if (SIGNATURE.test(line)) return i;
  }
  return -1;
}

export interface Stripped {
  text: string;
  stripped: boolean;
}

/** The part of a reply the person wrote. When nothing would be left (an inline reply), the whole text is kept. */
export function stripReply(text: string): Stripped {
  // Trailing white space and NBSPs off each line once, so no pattern needs `\s*$`.
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\u00a0/g, ' ').trimEnd());
  const end = firstQuoteLine(lines);
  const kept = end >= 0 ? lines.slice(0, end) : lines;
  // Trailing ">" quotes, blank lines and a mobile sign-off.
  let n = kept.length;
  for (; n > 0; n--) {
    const last = kept[n - 1].trim();
    if (!last || last.startsWith('>') || (last.length <= SIGN_OFF_MAX && SIGN_OFF.test(last))) continue;
    break;
  }
  const out = kept.slice(0, n).join('\n').trim();
  if (!out) return { text: text.trim(), stripped: false };
  return { text: out, stripped: end >= 0 || kept.slice(n).some((l) => l.trim() !== '') };
}
