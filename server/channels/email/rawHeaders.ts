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
  for (let m = re.exec(text); m; m = re.exec(text))
    out.push(
      m[1]
        .replace(/\r?\n(?=[ \t])/g, '')
        .replace(/\r$/, '')
        .trim(),
    );
  return out;
}

const has8bit = (b: Buffer) => b.some((x) => x >= 0x80);

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
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

/** 8-bit header bytes that are not UTF-8: in the message's charset, else GB18030. */
const legacyDecode = (bytes: Buffer, hint: string | null) => iconv.decode(bytes, hint ?? 'gb18030').trim();

/** A header whose raw bytes are 8-bit but not UTF-8, decoded with the message's charset (or GB18030); null when mailparser got it right. */
export function redecodeHeader(block: Buffer, name: string, hint: string | null): string | null {
  const bytes = rawHeader(block, name);
  if (!bytes || !has8bit(bytes) || isUtf8(bytes)) return null;
  return legacyDecode(bytes, hint);
}

/** Rewrites GB2312/GBK charset labels to GB18030 so characters outside GB2312 decode (mailparser trusts the label). */
export function widenChineseCharsets(raw: Buffer): Buffer {
  const s = raw.toString('latin1');
  const out = s
    .replace(/(charset\s*=\s*"?)(gb2312|gbk|x-gbk|cp936|euc-cn)(?=[\s";]|$)/gim, '$1gb18030')
    .replace(/=\?(gb2312|gbk|x-gbk|cp936|euc-cn)(\*[\w-]+)?\?([bq])\?/gi, '=?gb18030?$3?');
  return out === s ? raw : Buffer.from(out, 'latin1');
}

/** How many text/html parts without a charset are looked at for a <meta> charset (hostile mail may have thousands). */
const MAX_META_PARTS = 20;
/** How much of such a part's body is searched for the <meta> tag (it belongs in <head>). */
const META_WINDOW = 8 * 1024;

function decodeBodyStart(body: string, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    return Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
  }
  return Buffer.from(body, 'latin1');
}

/**
 * HTML parts whose Content-Type names no charset get the one their `<meta>` tag names (older
 * Chinese clients write GBK HTML labelled only by `<meta http-equiv="Content-Type" content="text/html;
 * charset=gb2312">`; mailparser would read it as UTF-8 and lose every character). Works on the
 * raw bytes before parsing: each `Content-Type: text/html` header without `charset=` is given
 * `; charset=<the meta charset>` when the first 8 KB of its decoded body declare one we know.
 */
export function htmlMetaCharsets(raw: Buffer): Buffer {
  const s = raw.toString('latin1');
  const header = /(^|\n)content-type:[ \t]*text\/html\b([^\n]*(?:\n[ \t][^\n]*)*)/gi;
  const inserts: Array<{ at: number; charset: string }> = [];
  let seen = 0;
  for (let m = header.exec(s); m && seen < MAX_META_PARTS; m = header.exec(s)) {
    if (/charset\s*=/i.test(m[2])) continue;
    seen++;
    const valueEnd = m.index + m[0].length - (m[0].endsWith('\r') ? 1 : 0);
    // The part's header block: from the last blank or boundary line before this header to the next blank line.
    const start = Math.max(s.lastIndexOf('\n\n', m.index), s.lastIndexOf('\n\r\n', m.index), s.lastIndexOf('\n--', m.index), 0);
    const blank = /\r?\n\r?\n/g;
    blank.lastIndex = valueEnd;
    const sep = blank.exec(s);
    if (!sep) continue;
    const block = s.slice(start, sep.index);
    const encoding = /(?:^|\n)content-transfer-encoding:[ \t]*([\w-]+)/i.exec(block)?.[1].toLowerCase() ?? '7bit';
    const head = decodeBodyStart(s.slice(sep.index + sep[0].length, sep.index + sep[0].length + META_WINDOW), encoding).toString('latin1');
    const meta = /<meta\b[^>]{0,300}?charset\s*=\s*["']?([\w.:-]{1,40})/i.exec(head);
    const charset = meta ? canonicalCharset(meta[1]) : null;
    if (charset && !/^(us-ascii|ascii)$/.test(charset)) inserts.push({ at: valueEnd, charset: meta![1] });
  }
  if (!inserts.length) return raw;
  let out = '';
  let from = 0;
  for (const i of inserts) {
    out += `${s.slice(from, i.at)}; charset=${i.charset}`;
    from = i.at;
  }
  return Buffer.from(out + s.slice(from), 'latin1');
}

/** `<a@b>` tokens of Message-ID, In-Reply-To and References headers, without the brackets. */
export function messageIdsIn(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values) for (const m of v.matchAll(/<([^<>\s]+)>/g)) out.push(m[1]);
  return out;
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?gb2312?Q?…?=`) decoded; adjacent ones join without the space between them. */
export function decodeEncodedWords(value: string): string {
  const word = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
  return value
    .replace(/(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)/g, '$1')
    .replace(word, (whole, cs: string, enc: string, data: string) => {
      const charset = canonicalCharset(cs.split('*')[0]);
      if (!charset) return whole;
      const bytes =
        enc.toLowerCase() === 'b'
          ? Buffer.from(data, 'base64')
          : Buffer.from(
              data.replace(/_/g, ' ').replace(/=([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            );
      return iconv.decode(bytes, charset);
    });
}

/**
 * A header as a person reads it, from the raw bytes alone (before the mail is parsed): 8-bit bytes
 * as UTF-8, else in the message's charset (`hint`, looked for only then) or GB18030, then its
 * encoded words decoded.
 */
export function readableHeader(block: Buffer, name: string, hint: () => string | null): string | null {
  const bytes = rawHeader(block, name);
  if (!bytes) return null;
  const text = !has8bit(bytes) ? bytes.toString('latin1') : isUtf8(bytes) ? bytes.toString('utf8') : legacyDecode(bytes, hint());
  return decodeEncodedWords(text).trim();
}
