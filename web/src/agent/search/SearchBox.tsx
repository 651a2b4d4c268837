import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { StatusBadge } from '../../components/Badges.tsx';
import { errorText } from '../../components/ErrorBanner.tsx';
import { useShortcuts } from '../useShortcuts.ts';
import { Highlight } from './Highlight.tsx';
import { searchable, ticketNumberOf, useQuickSearch, type SearchTicket } from './searchApi.ts';
import './search.css';

type Item =
  | { kind: 'number'; number: number }
  | { kind: 'ticket'; ticket: SearchTicket }
  | { kind: 'person'; id: number; name: string; email: string | null; org: string | null }
  | { kind: 'organization'; id: number; name: string; plan: string | null }
  | { kind: 'all' };

export const searchPath = (q: string) => `/agent/search?q=${encodeURIComponent(q.trim())}`;

/**
 * The console header's search (docs/search.md): `/` focuses it; typing shows tickets, people and
 * organizations; arrows move, Enter opens (a number jumps to its ticket, otherwise the results page),
 * Escape closes. An ARIA combobox with a listbox of grouped options.
 */
export function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [debounced, setDebounced] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  useShortcuts({
    '/': () => {
      input.current?.focus();
      input.current?.select();
    },
  });
  useEffect(() => {
    const h = setTimeout(() => setDebounced(value.trim()), 150);
    return () => clearTimeout(h);
  }, [value]);
  const q = useQuickSearch(debounced);
  const data = searchable(debounced) ? q.data : undefined;
  const number = ticketNumberOf(value);

  const items = useMemo<Item[]>(() => {
    if (!value.trim()) return [];
    const out: Item[] = [];
    if (number != null) out.push({ kind: 'number', number });
    for (const tk of data?.tickets.data ?? []) if (number == null || tk.number !== number) out.push({ kind: 'ticket', ticket: tk });
    for (const p of data?.people ?? [])
      out.push({ kind: 'person', id: p.id, name: p.name, email: p.email, org: p.organization?.name ?? null });
    for (const o of data?.organizations ?? []) out.push({ kind: 'organization', id: o.id, name: o.name, plan: o.plan?.name ?? null });
    if (searchable(value)) out.push({ kind: 'all' });
    return out;
  }, [data, number, value]);
  useEffect(() => {
    setActive(-1);
  }, [debounced]);

  const close = () => {
    setOpen(false);
    setActive(-1);
  };
  const go = (to: string, keep = false) => {
    close();
    if (!keep) setValue('');
    input.current?.blur();
    navigate(to);
  };
  const openItem = (it: Item) => {
    switch (it.kind) {
      case 'number':
        return go(`/agent/tickets/${it.number}`);
      case 'ticket':
        return go(`/agent/tickets/${it.ticket.number}`);
      case 'person':
        return go(`/agent/people/${it.id}`);
      case 'organization':
        return go(`/agent/organizations/${it.id}`);
      case 'all':
        return go(searchPath(value), true);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        return;
      }
      if (!items.length) return;
      const d = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a < 0 ? (d > 0 ? 0 : items.length - 1) : (a + d + items.length) % items.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (open && active >= 0 && items[active]) openItem(items[active]);
      else if (number != null) go(`/agent/tickets/${number}`);
      else if (searchable(value)) go(searchPath(value), true);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (open && value) close();
      else {
        setValue('');
        close();
        input.current?.blur();
      }
    }
  };

  const optionId = (i: number) => `${id}-opt-${i}`;
  const show = open && value.trim().length > 0;
  const sections: Array<{ key: string; title: string; from: number; to: number }> = [];
  {
    const first = (k: Item['kind']) => items.findIndex((x) => x.kind === k);
    const last = (k: Item['kind']) => items.map((x) => x.kind).lastIndexOf(k);
    const tickets = [first('number'), first('ticket')].filter((x) => x >= 0);
    if (tickets.length)
      sections.push({
        key: 'tickets',
        title: t('search.tickets'),
        from: Math.min(...tickets),
        to: Math.max(last('number'), last('ticket')),
      });
    if (first('person') >= 0) sections.push({ key: 'people', title: t('search.people'), from: first('person'), to: last('person') });
    if (first('organization') >= 0)
      sections.push({ key: 'orgs', title: t('search.organizations'), from: first('organization'), to: last('organization') });
  }
  const allIndex = items.findIndex((x) => x.kind === 'all');
  const noHits = !!data && !data.tickets.data.length && !data.people.length && !data.organizations.length && number == null;

  const renderItem = (it: Item, i: number) => {
    const common = {
      id: optionId(i),
      role: 'option' as const,
      'aria-selected': i === active,
      className: `sb-option${i === active ? ' active' : ''}`,
      onMouseDown: (e: React.MouseEvent) => e.preventDefault(),
      // Moving, not merely entering: a pointer resting where the list opens must not pick what Enter opens.
      onMouseMove: () => {
        if (active !== i) setActive(i);
      },
      onClick: () => openItem(it),
    };
    switch (it.kind) {
      case 'number':
        return (
          <div key="number" {...common} data-testid="search-option">
            <span className="sb-main">{t('search.go_to_ticket', { number: it.number })}</span>
            <kbd>Enter</kbd>
          </div>
        );
      case 'ticket':
        return (
          <div key={`t${it.ticket.id}`} {...common} data-testid="search-option">
            <span className="sb-main">
              <span className="sb-title">
                <span className="muted">#{it.ticket.number}</span> <Highlight text={it.ticket.subject} query={debounced} />
              </span>
              {it.ticket.snippet && (
                <span className="sb-snippet">
                  {it.ticket.snippet_internal && <span className="badge note">{t('search.internal_note')}</span>}{' '}
                  <Highlight text={it.ticket.snippet} query={debounced} />
                </span>
              )}
              <span className="sb-meta">{it.ticket.organization?.name ?? it.ticket.requester.name ?? it.ticket.requester.email}</span>
            </span>
            <StatusBadge status={it.ticket.status} />
          </div>
        );
      case 'person':
        return (
          <div key={`p${it.id}`} {...common} data-testid="search-option">
            <span className="sb-main">
              <span className="sb-title">
                <Highlight text={it.name} query={debounced} />
              </span>
              <span className="sb-meta">{[it.email, it.org].filter(Boolean).join(' · ')}</span>
            </span>
          </div>
        );
      case 'organization':
        return (
          <div key={`o${it.id}`} {...common} data-testid="search-option">
            <span className="sb-main">
              <span className="sb-title">
                <Highlight text={it.name} query={debounced} />
              </span>
              {it.plan && <span className="sb-meta">{it.plan}</span>}
            </span>
          </div>
        );
      case 'all':
        return (
          <div key="all" {...common} data-testid="search-all">
            <span className="sb-main sb-all">{t('search.see_all', { q: value.trim() })}</span>
          </div>
        );
    }
  };

  return (
    <div
      className="search-box"
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) close();
      }}
    >
      <svg
        className="sb-icon"
        width="15"
        height="15"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        aria-hidden="true"
      >
        <circle cx="11" cy="11" r="7" />
        <path d="M21 21l-4.3-4.3" />
      </svg>
      <input
        ref={input}
        type="search"
        role="combobox"
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        aria-expanded={show}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={show && active >= 0 ? optionId(active) : undefined}
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setOpen(true);
        }}
        onFocus={() => {
          if (value) setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      {!value && (
        <kbd className="sb-key" aria-hidden="true">
          /
        </kbd>
      )}
      {show && (
        <div className="sb-pop" data-testid="search-dropdown">
          <div id={`${id}-list`} role="listbox" aria-label={t('search.results_label')}>
            {sections.map((s) => (
              <div key={s.key} role="group" aria-labelledby={`${id}-${s.key}`}>
                <div id={`${id}-${s.key}`} className="sb-head" role="presentation">
                  {s.title}
                </div>
                {items.slice(s.from, s.to + 1).map((it, j) => renderItem(it, s.from + j))}
              </div>
            ))}
            {allIndex >= 0 && renderItem(items[allIndex], allIndex)}
          </div>
          {!searchable(value) ? (
            <p className="sb-state">{t('search.type_more')}</p>
          ) : q.isError && searchable(debounced) ? (
            <p className="sb-state sb-error" role="alert">
              {t('search.failed')} {errorText(q.error, t)}
            </p>
          ) : !data ? (
            <p className="sb-state" role="status">
              {t('search.searching')}
            </p>
          ) : noHits ? (
            <p className="sb-state" role="status">
              {t('search.empty', { q: debounced })}
            </p>
          ) : null}
        </div>
      )}
    </div>
  );
}
