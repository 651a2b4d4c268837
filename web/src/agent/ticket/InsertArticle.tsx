import { flushSync } from 'react-dom';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useArticleSearch, useDebounced, type ArticleHit, type KbLang } from '../../api/kb.ts';
import '../../components/kb.css';

/** `[title](url)` for the composer's Markdown; brackets in a title would end the link text early. */
export function articleLink(a: Pick<ArticleHit, 'title' | 'url'>, origin: string): string {
  const title = a.title.replace(/[[\]]/g, '').replace(/\s+/g, ' ').trim();
  return `[${title}](${new URL(a.url, origin).href})`;
}

/**
 * The composer's "Insert article": searches published help articles in the requester's language
 * and puts a Markdown link to the public page at the cursor (docs/help-center.md).
 */
export function InsertArticle({
  lang,
  textareaRef,
  value,
  onChange,
}: {
  lang: KbLang;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  value: string;
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const debounced = useDebounced(q, 200);
  const found = useArticleSearch(debounced, { lang, limit: 8, enabled: open });
  const root = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!open) return;
    input.current?.focus();
    const away = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);
  const insert = (a: ArticleHit) => {
    const link = articleLink(a, window.location.origin);
    const el = textareaRef.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    // Rendered and the caret placed in the same event (as the formatting toolbar does).
    flushSync(() => {
      onChange(value.slice(0, start) + link + value.slice(end));
      setOpen(false);
      setQ('');
    });
    el?.focus();
    el?.setSelectionRange(start + link.length, start + link.length);
  };
  const hits = debounced.trim() ? (found.data?.data ?? []) : [];
  return (
    <div className="kb-picker" ref={root}>
      <button type="button" className="btn btn-sm" aria-expanded={open} onClick={() => setOpen((x) => !x)}>
        {t('kb.insert.button')}
      </button>
      {open && (
        <div
          className="kb-picker-panel"
          role="dialog"
          aria-label={t('kb.insert.search')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <input
            ref={input}
            type="search"
            aria-label={t('kb.insert.search')}
            placeholder={t('kb.insert.placeholder')}
            value={q}
            maxLength={200}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                if (hits[0]) insert(hits[0]);
              }
            }}
          />
          <p className="muted small">{t('kb.insert.hint')}</p>
          {debounced.trim() && found.isSuccess && hits.length === 0 && <p className="muted">{t('kb.insert.none')}</p>}
          {hits.length > 0 && (
            <ul className="kb-picker-list">
              {hits.map((a) => (
                <li key={a.id}>
                  <button type="button" onClick={() => insert(a)} lang={a.lang}>
                    {a.title}
                    <small>{a.snippet}</small>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
