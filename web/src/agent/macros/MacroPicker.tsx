import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMacros, type Macro } from './macroApi.ts';
import './macros.css';

/** Case- and width-insensitive match on the name and both texts; names first. */
export function searchMacros(list: Macro[], q: string): Macro[] {
  const needle = q.trim().toLowerCase();
  if (!needle) return list;
  const inName = list.filter((m) => m.name.toLowerCase().includes(needle));
  const inBody = list.filter((m) => !inName.includes(m) && `${m.body.en}\n${m.body['zh-CN']}`.toLowerCase().includes(needle));
  return [...inName, ...inBody];
}

/**
 * The composer's macro picker: a button that opens a searchable list (most used first). Typing
 * filters, ↑/↓ move, Enter applies, Escape closes. `openTick` changing opens it (the `m` key).
 */
export function MacroPicker({ onPick, openTick, busy }: { onPick: (m: Macro) => void; openTick: number; busy?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const [open, setOpen] = useState(false);
  const macros = useMacros(open);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const listId = useId();
  const found = useMemo(() => searchMacros(macros.data ?? [], q), [macros.data, q]);
  useEffect(() => {
    if (openTick) setOpen(true);
  }, [openTick]);
  useEffect(() => {
    if (open) {
      setQ('');
      setActive(0);
      input.current?.focus();
    }
  }, [open]);
  useEffect(() => {
    setActive(0);
  }, [q]);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const pick = (m: Macro | undefined) => {
    if (!m) return;
    setOpen(false);
    onPick(m);
  };
  const optionId = (i: number) => `${listId}-${i}`;

  return (
    <div className="macro-picker" ref={root}>
      <button
        type="button"
        ref={button}
        className="btn btn-ghost btn-sm"
        aria-haspopup="dialog"
        aria-expanded={open}
        disabled={busy}
        onClick={() => setOpen((x) => !x)}
      >
        {t('macros.picker.button')} <kbd>m</kbd>
      </button>
      {open && (
        <div className="macro-popover" role="dialog" aria-label={t('macros.picker.title')}>
          <input
            ref={input}
            type="search"
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={found[active] ? optionId(active) : undefined}
            aria-label={t('macros.picker.search')}
            placeholder={t('macros.picker.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                setActive((i) => Math.min(found.length - 1, i + 1));
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                setActive((i) => Math.max(0, i - 1));
              } else if (e.key === 'Enter') {
                e.preventDefault();
                pick(found[active]);
              } else if (e.key === 'Escape') {
                e.preventDefault();
                e.stopPropagation();
                close();
              }
            }}
          />
          <ul id={listId} role="listbox" aria-label={t('macros.picker.title')} className="macro-options">
            {macros.isLoading && <li className="muted macro-empty">{t('common.loading')}</li>}
            {macros.isError && <li className="field-msg macro-empty">{t('macros.picker.error')}</li>}
            {found.map((m, i) => (
              <li
                key={m.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : ''}
                onMouseEnter={() => setActive(i)}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(m)}
              >
                <span className="macro-option-name">{m.name}</span>
                <span className="badge subtle">{m.shared ? t('macros.shared') : t('macros.personal')}</span>
                <span className="muted macro-option-text">{m.body[lang] || m.body.en || m.body['zh-CN']}</span>
              </li>
            ))}
            {macros.data && found.length === 0 && (
              <li className="muted macro-empty">{q ? t('macros.picker.no_match') : t('macros.picker.none')}</li>
            )}
          </ul>
          <div className="macro-popover-foot">
            <Link to="/agent/macros">{t('macros.manage')}</Link>
            <span className="muted">{t('macros.picker.keys')}</span>
          </div>
        </div>
      )}
    </div>
  );
}
