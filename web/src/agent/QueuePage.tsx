import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Skeleton } from '../components/Loading.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { BulkBar } from './queue/BulkBar.tsx';
import { ExportButton } from './queue/ExportButton.tsx';
import { PinButton } from './queue/PinButton.tsx';
import { mayEditView, ViewEditor } from './queue/ViewEditor.tsx';
import { useMe } from '../api/session.ts';
import { useSelection } from './queue/useSelection.ts';
import { queueNav } from './queueNav.ts';
import { QueueRow } from './QueueRow.tsx';
import { useQueue } from './useQueue.ts';
import { useShortcuts } from './useShortcuts.ts';
import { countText, useViews, viewBySlug, viewName, viewSlug, type QueueView } from './views.ts';

/** /agent/queue/:view — a view of the agent's (built-in key or id), or a clear "no such view" state (never another view in its place). */
export function QueuePage() {
  const name = useParams().view;
  const views = useViews();
  const view = viewBySlug(views.data, name);
  if (views.isPending)
    return (
      <main className="queue" id="main">
        <Skeleton rows={6} height={56} />
      </main>
    );
  if (views.isError && !views.data)
    return (
      <main className="queue" id="main">
        <ErrorBanner error={views.error} onRetry={() => void views.refetch()} />
      </main>
    );
  return view ? <QueueViewPage key={view.id} view={view} /> : <UnknownView name={name ?? ''} />;
}

function UnknownView({ name }: { name: string }) {
  const { t } = useTranslation();
  const title = t('agent.view_not_found_title');
  usePageTitle(title);
  return (
    <main className="queue" id="main" data-testid="view-not-found">
      <EmptyState icon="question" title={title}>
        <p>{t('agent.view_not_found_body', { view: name.slice(0, 40) })}</p>
        <Link to="/agent/queue/mine" className="btn">
          {t('agent.view.mine')}
        </Link>
      </EmptyState>
    </main>
  );
}

/** One queue view: most urgent first, each with its live countdown and the reason for its place. j/k move, Enter opens, x selects. */
function QueueViewPage({ view }: { view: QueueView }) {
  const { t } = useTranslation();
  const title = viewName(t, view);
  const slug = viewSlug(view);
  usePageTitle(title);
  const q = useQueue(slug);
  const navigate = useNavigate();
  const [sel, setSel] = useState(0);
  const rows = useRef<Array<HTMLAnchorElement | null>>([]);
  const tickets = useMemo(() => q.data?.pages.flatMap((p) => p.data) ?? [], [q.data]);
  const selection = useSelection(tickets);
  const me = useMe().data;
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    queueNav.set(
      slug,
      tickets.map((x) => x.number),
    );
  }, [slug, tickets]);
  useEffect(() => {
    setSel(0);
  }, [slug]);

  const move = (d: number) => {
    if (!tickets.length) return;
    const n = Math.max(0, Math.min(tickets.length - 1, sel + d));
    setSel(n);
    rows.current[n]?.focus();
  };
  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    o: () => {
      const tk = tickets[sel];
      if (tk) navigate(`/agent/tickets/${tk.number}`);
    },
    x: () => selection.toggle(sel, false),
    X: () => selection.toggle(sel, true),
  });
  // Enter opens the highlighted ticket (the help says "o / Enter"), as o does, when nothing else has
  // the focus: on a focused row the link opens itself, and a focused button or field keeps its Enter.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || e.defaultPrevented) return;
      if (e.target !== document.body || document.querySelector('dialog[open]')) return;
      const tk = tickets[sel];
      if (!tk) return;
      e.preventDefault();
      navigate(`/agent/tickets/${tk.number}`);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tickets, sel, navigate]);
  const desc = view.key && !view.renamed ? t(`agent.view_desc.${view.key}`) : t('agent.view_desc_custom');
  const empty = view.key ? t(`agent.empty.${view.key}`) : t('agent.empty_custom');

  return (
    <main className="queue" id="main">
      <div className="page-head">
        <h1>
          {title}{' '}
          <span className="count" data-testid="view-count">
            {countText(view)}
          </span>
        </h1>
        <span className="muted">{desc}</span>
        <span className="spacer" />
        <PinButton view={view} />
        {mayEditView(view, me) && (
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => setEditing(true)}>
            {t('agent.view_editor.edit')}
          </button>
        )}
        <ViewEditor open={editing} view={view} onClose={() => setEditing(false)} />
        <ExportButton viewId={view.id} />
        <button type="button" className="btn btn-sm" onClick={() => void q.refetch()} disabled={q.isFetching}>
          {q.isFetching ? t('common.refreshing') : t('common.refresh')}
        </button>
      </div>
      <BulkBar slug={slug} sel={selection} tickets={tickets} total={countText(view)} />
      {q.isPending ? (
        <Skeleton rows={6} height={56} />
      ) : q.isError ? (
        <ErrorBanner error={q.error} onRetry={() => void q.refetch()} />
      ) : tickets.length === 0 ? (
        <EmptyState icon="sparkle" title={t('agent.empty_title')}>
          <p>{empty}</p>
        </EmptyState>
      ) : (
        <>
          <div className="queue-tools">
            <label className="check-all">
              <input
                type="checkbox"
                checked={selection.pageSelected || selection.allMatching}
                data-testid="select-page"
                ref={(el) => {
                  if (el) el.indeterminate = !selection.pageSelected && selection.ids.size > 0;
                }}
                onChange={(e) => selection.setPage(e.target.checked)}
              />
              {t('agent.bulk.select_page')}
            </label>
          </div>
          <ol className="queue-list" aria-label={title}>
            {tickets.map((tk, i) => (
              <QueueRow
                key={tk.id}
                ticket={tk}
                selected={i === sel}
                ref={(el) => {
                  rows.current[i] = el;
                }}
                onFocus={() => setSel(i)}
                checked={selection.allMatching || selection.ids.has(tk.id)}
                onCheck={(range) => selection.toggle(i, range)}
              />
            ))}
          </ol>
          {q.hasNextPage && (
            <div className="btn-row center">
              <button type="button" className="btn" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
                {q.isFetchingNextPage ? t('common.loading') : t('agent.load_more')}
              </button>
            </div>
          )}
        </>
      )}
    </main>
  );
}
