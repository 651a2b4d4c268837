import { flushSync } from 'react-dom';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';

type Edit = { text: string; start: number; end: number };

/** Wraps the selection in `mark` (or inserts `mark` + placeholder + `mark`), selecting the inner text. */
function wrap(v: string, s: number, e: number, mark: string, placeholder: string): Edit {
  const inner = v.slice(s, e) || placeholder;
  return { text: v.slice(0, s) + mark + inner + mark + v.slice(e), start: s + mark.length, end: s + mark.length + inner.length };
}
/** Prefixes each selected line (or the current one). */
function prefixLines(v: string, s: number, e: number, prefix: (i: number) => string): Edit {
  const from = v.lastIndexOf('\n', s - 1) + 1;
  const toNl = v.indexOf('\n', e);
  const to = toNl < 0 ? v.length : toNl;
  const block = v
    .slice(from, to)
    .split('\n')
    .map((l, i) => prefix(i) + l)
    .join('\n');
  return { text: v.slice(0, from) + block + v.slice(to), start: from, end: from + block.length };
}
function link(v: string, s: number, e: number, label: string): Edit {
  const inner = v.slice(s, e) || label;
  const url = 'https://';
  const text = `${v.slice(0, s)}[${inner}](${url})${v.slice(e)}`;
  const at = s + inner.length + 3;
  return { text, start: at, end: at + url.length };
}

/**
 * Bold, italic, lists, link and code for the reply box: it writes the light Markdown that
 * markdown.ts turns into HTML (Ctrl/⌘+B and Ctrl/⌘+I too, see ReplyBox).
 */
export function FormatToolbar({
  textareaRef,
  value,
  onChange,
}: {
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  value: string;
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation();
  const apply = (f: (v: string, s: number, e: number) => Edit) => {
    const el = textareaRef.current;
    const s = el?.selectionStart ?? value.length;
    const e = el?.selectionEnd ?? value.length;
    const r = f(value, s, e);
    // Rendered now, and the caret placed in the same event: what is typed next lands inside the
    // markup even when it comes before the next frame (a fast typist, a test driver).
    flushSync(() => onChange(r.text));
    el?.focus();
    el?.setSelectionRange(r.start, r.end);
  };
  const buttons: Array<{ key: string; label: string; className?: string; run: (v: string, s: number, e: number) => Edit }> = [
    { key: 'bold', label: 'B', className: 'fmt-b', run: (v, s, e) => wrap(v, s, e, '**', t('format.placeholder_text')) },
    { key: 'italic', label: 'I', className: 'fmt-i', run: (v, s, e) => wrap(v, s, e, '*', t('format.placeholder_text')) },
    { key: 'bullets', label: '•', run: (v, s, e) => prefixLines(v, s, e, () => '- ') },
    { key: 'numbers', label: '1.', run: (v, s, e) => prefixLines(v, s, e, (i) => `${i + 1}. `) },
    { key: 'link', label: t('format.link_short'), run: (v, s, e) => link(v, s, e, t('format.placeholder_link')) },
    { key: 'code', label: '</>', className: 'fmt-code', run: (v, s, e) => wrap(v, s, e, '`', t('format.placeholder_code')) },
  ];
  return (
    <div className="format-bar" role="toolbar" aria-label={t('format.toolbar')}>
      {buttons.map((b) => (
        <button
          key={b.key}
          type="button"
          className={`btn btn-ghost btn-sm ${b.className ?? ''}`}
          title={t(`format.${b.key}`)}
          aria-label={t(`format.${b.key}`)}
          data-testid={`format-${b.key}`}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => apply(b.run)}
        >
          {b.label}
        </button>
      ))}
      <span className="hint format-hint">{t('format.hint')}</span>
    </div>
  );
}

export const formatEdits = { wrap, prefixLines, link };
