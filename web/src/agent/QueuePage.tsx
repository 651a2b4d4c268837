import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Skeleton } from '../components/Loading.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { queueNav } from './queueNav.ts';
import { QueueRow } from './QueueRow.tsx';
import { useQueue } from './useQueue.ts';
import { useShortcuts } from './useShortcuts.ts';
import { viewById } from './views.ts';

/** One queue view: most urgent first, each with its live countdown and the reason for its place. j/k move, Enter opens. */
export function QueuePage() {
  const { t } = useTranslation();
  const view = viewById(useParams().view);
  const title = t(`agent.view.${view.id}`);
  usePageTitle(title);
  const q = useQueue(view);
  const navigate = useNavigate();
  const [sel, setSel] = useState(0);
  const rows = useRef<Array<HTMLAnchorElement | null>>([]);
  const tickets = q.data?.tickets ?? [];

  useEffect(() => { queueNav.set(view.id, tickets.map((x) => x.id)); }, [view.id, tickets]);
  useEffect(() => { setSel(0); }, [view.id]);

  const move = (d: number) => {
    if (!tickets.length) return;
    const n = Math.max(0, Math.min(tickets.length - 1, sel + d));
    setSel(n);
    rows.current[n]?.focus();
  };
  useShortcuts({
    j: () => move(1), k: () => move(-1), ArrowDown: () => move(1), ArrowUp: () => move(-1),
    o: () => { const tk = tickets[sel]; if (tk) navigate(`/agent/tickets/${tk.id}`); },
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
