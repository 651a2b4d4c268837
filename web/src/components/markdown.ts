/**
 * The composer's light formatting: a small Markdown subset turned into HTML for `html` of a message.
 * **bold**, *italic* / _italic_, `code`, ``` fenced blocks ```, [text](https://…), lists (`- `, `* `,
 * `1. `), paragraphs and line breaks, and ![name](cid:…) for an image pasted into this reply. Every
 * character of the text is escaped first; the server sanitizes the result again (SANITIZE_OPTIONS).
 * Links other than http(s) and mailto stay text.
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function inline(text: string): string {
  // Code spans first: their content is not formatted.
  const parts = text.split(/(`[^`\n]+`)/);
  return parts
    .map((p, i) => {
      if (i % 2 === 1) return `<code>${esc(p.slice(1, -1))}</code>`;
      let s = esc(p);
      s = s.replace(
        /!\[([^\]\n]{0,200})\]\((cid:[A-Za-z0-9@._-]{1,200})\)/g,
        (_m, alt: string, src: string) => `<img src="${src}" alt="${alt}">`,
      );
      s = s.replace(
        /\[([^\]\n]{1,500})\]\(((?:https?:\/\/|mailto:)[^\s()<>"]{1,2000})\)/g,
        (_m, label: string, href: string) => `<a href="${href}">${label}</a>`,
      );
      s = s.replace(/\*\*(?=\S)([^*\n]{0,2000}?\S)\*\*/g, '<strong>$1</strong>');
      s = s.replace(/(^|[^*\w])\*(?=\S)([^*\n]{0,2000}?\S)\*(?![*\w])/g, '$1<em>$2</em>');
      s = s.replace(/(^|[^_\w])_(?=\S)([^_\n]{0,2000}?\S)_(?![_\w])/g, '$1<em>$2</em>');
      return s;
    })
    .join('');
}

export function markdownToHtml(src: string): string {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let para: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | null = null;
  const flushPara = () => {
    if (para.length) out.push(`<p>${para.map(inline).join('<br>')}</p>`);
    para = [];
  };
  const flushList = () => {
    if (list) out.push(`<${list.tag}>${list.items.map((x) => `<li>${inline(x)}</li>`).join('')}</${list.tag}>`);
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^```/.test(line)) {
      flushPara();
      flushList();
      const code: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) code.push(lines[i]);
      out.push(`<pre><code>${esc(code.join('\n'))}</code></pre>`);
      continue;
    }
    const bullet = /^\s{0,3}[-*]\s+(.*)$/.exec(line);
    const numbered = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      flushPara();
      const tag = bullet ? 'ul' : 'ol';
      if (list && list.tag !== tag) flushList();
      if (!list) list = { tag, items: [] };
      list.items.push((bullet ?? numbered)![1]);
      continue;
    }
    if (!line.trim()) {
      flushPara();
      flushList();
      continue;
    }
    flushList();
    para.push(line);
  }
  flushPara();
  flushList();
  return out.join('');
}

/** Whether the text uses any formatting (so plain text keeps being sent as plain text). */
export function hasFormatting(src: string): boolean {
  return /\*\*|(^|\s)[*_]\S|`|\[[^\]]+\]\(|^\s{0,3}([-*]|\d+[.)])\s/m.test(src);
}
