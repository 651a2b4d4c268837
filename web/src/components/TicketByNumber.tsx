import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { EmptyState } from './EmptyState.tsx';
import { ErrorBanner } from './ErrorBanner.tsx';
import { Skeleton } from './Loading.tsx';
import { usePageTitle } from './PageTitle.tsx';
import { ticketNumberParam, useTicketIdByNumber } from './useTicketByNumber.ts';

/**
 * The route's ticket number (`:number`) resolved to the ticket's id, then `children(id, number)`.
 * An unknown number, or one the viewer may not see, gets a clear "No ticket #…" state.
 */
export function TicketByNumber({
  back,
  children,
}: {
  back: { to: string; label: string };
  children: (id: number, number: number) => ReactNode;
}) {
  const raw = useParams().number;
  const number = ticketNumberParam(raw);
  const lookup = useTicketIdByNumber(number);
  if (number !== null && lookup.isPending)
    return (
      <main className="page" id="main">
        <Skeleton rows={3} height={80} />
      </main>
    );
  if (lookup.isError)
    return (
      <main className="page" id="main">
        <ErrorBanner error={lookup.error} onRetry={() => void lookup.refetch()} />
      </main>
    );
  if (number === null || lookup.data == null) return <TicketNotFound shown={raw ?? ''} back={back} />;
  return <>{children(lookup.data, number)}</>;
}

function TicketNotFound({ shown, back }: { shown: string; back: { to: string; label: string } }) {
  const { t } = useTranslation();
  const title = t('ticket.not_found_title', { number: shown.slice(0, 20) });
  usePageTitle(title);
  return (
    <main className="page" id="main" data-testid="ticket-not-found">
      <EmptyState icon="question" title={title}>
        <p>{t('ticket.not_found_body')}</p>
        <Link to={back.to} className="btn">
          {back.label}
        </Link>
      </EmptyState>
    </main>
  );
}
