import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Skeleton } from '../../components/Loading.tsx';
import { QueueRow } from '../QueueRow.tsx';
import { useTicketPages } from './peopleApi.ts';

/** Tickets of one filter as queue rows, newest first, with "Load more" following the cursor. */
export function TicketList({ filter, label, empty }: { filter: Record<string, string | number>; label: string; empty: string }) {
  const { t } = useTranslation();
  const q = useTicketPages(filter);
  const tickets = q.data?.pages.flatMap((p) => p.data) ?? [];
  if (q.isPending) return <Skeleton rows={3} height={56} />;
  if (q.isError) return <ErrorBanner error={q.error} onRetry={() => void q.refetch()} />;
  if (!tickets.length) return <p className="muted">{empty}</p>;
  return (
    <>
      <ol className="queue-list" aria-label={label}>
        {tickets.map((tk) => (
          <QueueRow key={tk.id} ticket={tk} selected={false} onFocus={() => undefined} />
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
  );
}
