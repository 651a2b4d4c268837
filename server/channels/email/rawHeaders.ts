import iconv from 'iconv-lite';

/**
 * Byte-level header access. mailparser decodes headers as UTF-8; a raw 8-bit header in another
 * charset (a GBK `Subject:` without RFC 2047 encoding, common from older Chinese clients) comes
 * out mangled, so we read such headers from the raw bytes and decode them ourselves.
 */
export function headerBlock(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
  return end >= 0 ? raw.subarray(0, end) : raw;
}

/** The first header with this name, unfolded, as raw bytes (without the name). */
export function rawHeader(block: Buffer, name: string): Buffer | null {
  const text = block.toString('latin1');
  const re = new RegExp(`(?:^|\\n)${name.replace(/-/g, '\\-')}[ \\t]*:[ \\t]*((?:[^\\n]*)(?:\\n[ \\t][^\\n]*)*)`, 'i');
  const m = re.exec(text);
  if (!m) return null;
  return Buffer.from(m[1].replace(/\r?\n(?=[ \t])/g, '').replace(/\r$/, ''), 'latin1');
}

/** All values of a header, unfolded, decoded as latin1 (for ASCII headers: Message-ID, References, Auto-Submitted…). */
export function headerValues(block: Buffer, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`(?:^|\\n)${name.replace(/-/g, '\\-')}[ \\t]*:[ \\t]*((?:[^\\n]*)(?:\\n[ \\t][^\\n]*)*)`, 'gi');
  const text = block.toString('latin1');
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1].replace(/\r?\n(?=[ \t])/g, '').replace(/\r$/, '').trim());
  return out;
}

const has8bit = (b: Buffer) => b.some((x) => x >= 0x80);

function isUtf8(b: Buffer): boolean {
  try { new TextDecoder('utf-8', { fatal: true }).decode(b); return true; } catch { return false; }
}

/** Chinese charsets are decoded as GB18030, the superset mail clients actually send under these names. */
export function canonicalCharset(name: string | null | undefined): string | null {
  if (!name) return null;
  const c = name.trim().replace(/^"|"$/g, '').toLowerCase();
  if (/^(gb2312|gbk|x-gbk|cp936|euc-cn|gb_2312-80|csgb2312|x-euc-cn)$/.test(c)) return 'gb18030';
  return iconv.encodingExists(c) ? c : null;
}

/** The first charset named in the message's Content-Type headers: the sender's default charset. */
export function charsetHint(raw: Buffer): string | null {
  const m = /content-type:[^\n]*?(?:\n[ \t][^\n]*?)*?charset\s*=\s*"?([\w.:-]+)/i.exec(raw.subarray(0, 64 * 1024).toString('latin1'));
  const c = canonicalCharset(m?.[1]);
  return c && !/^(us-ascii|utf-?8|iso-8859-1)$/.test(c) ? c : null;
}

/** A header whose raw bytes are 8-bit but not UTF-8, decoded with the message's charset (or GB18030); null when mailparser got it right. */
export function redecodeHeader(block: Buffer, name: string, hint: string | null): string | null {
  const bytes = rawHeader(block, name);
  if (!bytes || !has8bit(bytes) || isUtf8(bytes)) return null;
  return iconv.decode(bytes, hint ?? 'gb18030').trim();
}

/** Rewrites GB2312/GBK charset labels to GB18030 so characters outside GB2312 decode (mailparser trusts the label). */
export function widenChineseCharsets(raw: Buffer): Buffer {
  const s = raw.toString('latin1');
  const out = s
    .replace(/(charset\s*=\s*"?)(gb2312|gbk|x-gbk|cp936|euc-cn)(?=[\s";]|$)/gim, '$1gb18030')
    .replace(/=\?(gb2312|gbk|x-gbk|cp936|euc-cn)(\*[\w-]+)?\?([bq])\?/gi, '=?gb18030?$3?');
  return out === s ? raw : Buffer.from(out, 'latin1');
}

/** `<a@b>` tokens of Message-ID, In-Reply-To and References headers, without the brackets. */
export function messageIdsIn(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values) for (const m of v.matchAll(/<([^<>\s]+)>/g)) out.push(m[1]);
  return out;
}
