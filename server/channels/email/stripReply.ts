/**
 * Cuts quoted history and signatures off a reply, so the ticket shows what the person wrote.
 * No library handles Chinese mail clients, so these are our own patterns, one per client habit.
 * The full original stays in inbound_emails (GET /api/v1/messages/{id}/source).
 */

/** Our own "reply above this line" marker, in any locale: `##- … -##`. */
const MARKER = /##-.*-##/;

/** A line that starts the quoted history: everything from it on is dropped. */
const QUOTE_HEADERS: RegExp[] = [
  /^On\s.{4,200}\swrote:\s*$/i, // English (Gmail, Apple Mail, Thunderbird)
  /^在\s?.{2,200}写道[：:]\s*$/, // Chinese Thunderbird/Apple: 在 2024年3月1日 10:00, 张三 写道：
  /^.{1,200}于\s?.{2,100}写道[：:]\s*$/, // Gmail (zh-CN): 张三 <a@b.cn> 于2024年3月1日周五 10:20写道：
  /^.{0,200}(?:寫道|撰寫了)[：:]\s*$/, // Traditional Chinese clients
  /^\s*-{2,}\s*(?:Original Message|Reply Message|原始邮件|原始郵件|原始信件|回复的原邮件|Forwarded message|转发的邮件)\s*-{2,}\s*$/i, // Outlook, Foxmail/QQ, NetEase
  /^\s*-{5,}\s*(?:Original|原始)/i,
  /^\s*>?\s*-{2,}\s*原始邮件\s*-{2,}/,
  /^\s*Le .{4,200} a écrit\s*:\s*$/i,
  /^\s*Am .{4,200} schrieb .{1,200}:\s*$/i,
];

/** Outlook-style header block: "From:/发件人:" followed within a few lines by "Sent:/发送时间:/Date:/日期:" and "To:/Subject:/收件人:/主题:". */
const FROM_LINE = /^\s*\**(?:From|发件人|寄件者|發件人)\s*\**\s*[:：]/i;
const SENT_LINE = /^\s*\**(?:Sent|Date|发送时间|時間|时间|日期|寄件日期|傳送時間)\s*\**\s*[:：]/i;
const TO_LINE = /^\s*\**(?:To|Subject|Cc|收件人|主题|主旨|抄送|收件者)\s*\**\s*[:：]/i;
const SEPARATOR = /^\s*(?:_{10,}|-{10,}|={10,})\s*$/;

/** "-- " (RFC 3676), often stripped to "--" by editors. */
const SIGNATURE = /^--\s?$/;
/** Mobile sign-offs at the very end. */
const SIGN_OFF = /^(?:Sent from my .{2,60}|Get Outlook for .{2,40}|发自我的.{1,40}|来自我的.{1,40}|从我的.{1,40}发送|发自.{1,20}(?:邮箱|客户端|手机|移动端).{0,20}|Sent from .{1,40} (?:Mail|mail|for iOS|for Android))\s*$/;

function firstQuoteLine(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\u00a0/g, ' ');
    const bare = line.replace(/^(?:\s*>)+\s?/, '');
    if (MARKER.test(line)) return i;
    if (QUOTE_HEADERS.some((re) => re.test(line))) return i;
    // Gmail wraps long attributions over two lines: "On Mon, … Zhang San <a@b.cn>" / "wrote:".
    if (i + 1 < lines.length && /^On\s/i.test(line) && /^\S.{0,100}\swrote:\s*$|^wrote:\s*$/i.test(lines[i + 1]) && line.length < 200) return i;
    if (i + 1 < lines.length && /于|在/.test(line) && /^.{0,60}写道[：:]\s*$/.test(lines[i + 1]) && line.length < 200) return i;
    const next = lines.slice(i + 1, i + 7).map((l) => l.replace(/^(?:\s*>)+\s?/, ''));
    if (FROM_LINE.test(bare) && next.some((l) => SENT_LINE.test(l)) && next.some((l) => TO_LINE.test(l))) {
      return i > 0 && SEPARATOR.test(lines[i - 1]) ? i - 1 : i;
    }
    if (SIGNATURE.test(line)) return i;
  }
  return -1;
}

export interface Stripped { text: string; stripped: boolean }

/** The part of a reply the person wrote. When nothing would be left (an inline reply), the whole text is kept. */
export function stripReply(text: string): Stripped {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = firstQuoteLine(lines);
  let kept = end >= 0 ? lines.slice(0, end) : lines.slice();
  // Trailing ">" quotes, blank lines and a mobile sign-off.
  for (;;) {
    const last = kept[kept.length - 1];
    if (last === undefined) break;
    if (!last.trim() || /^\s*>/.test(last) || SIGN_OFF.test(last.trim())) { kept.pop(); end = kept.length; continue; }
    break;
  }
  const out = kept.join('\n').trim();
  if (!out) return { text: text.trim(), stripped: false };
  return { text: out, stripped: out !== text.trim() };
}
