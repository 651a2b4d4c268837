import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Skeleton } from '../components/Loading.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { queueNav } from './queueNav.ts';
import { QueueRow } from './QueueRow.tsx';
import { useQueue } from './useQueue.ts';
import { useShortcuts } from './useShortcuts.ts';
import { viewById, type QueueViewDef } from './views.ts';

/** /agent/queue/:view — a known view, or a clear "no such view" state (never another view in its place). */
export function QueuePage() {
  const name = useParams().view;
  const view = viewById(name);
  return view ? <QueueView key={view.id} view={view} /> : <UnknownView name={name ?? ''} />;
}

function UnknownView({ name }: { name: string }) {
  const { t } = useTranslation();
  const title = t('agent.view_not_found_title');
  usePageTitle(title);
  return (
    <main className="queue" id="main" data-testid="view-not-found">
      <EmptyState icon="question" title={title}>
        <p>{t('agent.view_not_found_body', { view: name.slice(0, 40) })}</p>
        <Link to="/agent/queue/mine" className="btn">{t('agent.view.mine')}</Link>
      </EmptyState>
    </main>
  );
}

/** One queue view: most urgent first, each with its live countdown and the reason for its place. j/k move, Enter opens. */
function QueueView({ view }: { view: QueueViewDef }) {
  const { t } = useTranslation();
  const title = t(`agent.view.${view.id}`);
  usePageTitle(title);
  const q = useQueue(view);
  const navigate = useNavigate();
  const [sel, setSel] = useState(0);
  const rows = useRef<Array<HTMLAnchorElement | null>>([]);
  const tickets = q.data?.tickets ?? [];

  useEffect(() => { queueNav.set(view.id, tickets.map((x) => x.number)); }, [view.id, tickets]);
  useEffect(() => { setSel(0); }, [view.id]);

  const move = (d: number) => {
    if (!tickets.length) return;
    const n = Math.max(0, Math.min(tickets.length - 1, sel + d));
    setSel(n);
    rows.current[n]?.focus();
  };
  useShortcuts({
    j: () => move(1), k: () => move(-1), ArrowDown: () => move(1), ArrowUp: () => move(-1),
    o: () => { const tk = tickets[sel]; if (tk) navigate(`/agent/tickets/${tk.number}`); },
  });

  return (
    <main className="queue" id="main">
      <div className="page-head">
        <h1>{title} {q.data && <span className="count">{tickets.length}</span>}</h1>
        <span className="muted">{t(`agent.view_desc.${view.id}`)}</span>
        <span className="spacer" />
        <button type="button" className="btn btn-sm" onClick={() => void q.refetch()} disabled={q.isFetching}>{q.isFetching ? t('common.refreshing') : t('common.refresh')}</button>
      </div>
      {q.isPending ? <Skeleton rows={6} height={56} /> : q.isError ? <ErrorBanner error={q.error} onRetry={() => void q.refetch()} /> : tickets.length === 0 ? (
        <EmptyState icon="sparkle" title={t('agent.empty_title')}>
          <p>{view.id === 'groups' && q.data?.groups?.length === 0 ? t('agent.empty_no_groups') : t(`agent.empty.${view.id}`)}</p>
        </EmptyState>
      ) : (
        <ol className="queue-list" aria-label={title}>
          {tickets.map((tk, i) => (
            <QueueRow key={tk.id} ticket={tk} selected={i === sel} ref={(el) => { rows.current[i] = el; }} onFocus={() => setSel(i)} />
          ))}
        </ol>
      )}
    </main>
  );
}
