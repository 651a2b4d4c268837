import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { usePlanNames } from '../../api/plans.ts';
import { PlanBadge, PriorityBadge, StatusBadge } from '../../components/Badges.tsx';
import { Time } from '../../components/Time.tsx';
import { Highlight } from './Highlight.tsx';
import type { SearchTicket } from './searchApi.ts';

/** One hit on the results page: number and subject, the matching excerpt, badges, who and when. */
export function SearchResultRow({ ticket: tk, query }: { ticket: SearchTicket; query: string }) {
  const { t } = useTranslation();
  const planName = usePlanNames();
  return (
    <li className="queue-row sp-row" data-testid="search-result">
      <Link to={`/agent/tickets/${tk.number}`} className="sp-link">
        <span className="q-main">
          <span className="q-title">
            <span className="muted">#{tk.number}</span> <Highlight text={tk.subject} query={query} />
          </span>
          {tk.snippet && (
            <span className="sp-snippet">
              {tk.snippet_internal && <span className="badge note">{t('search.internal_note')}</span>}{' '}
              <Highlight text={tk.snippet} query={query} />
            </span>
          )}
        </span>
        <span className="q-badges">
          <PlanBadge plan={planName(tk.plan)} />
          <PriorityBadge priority={tk.priority} />
          <StatusBadge status={tk.status} />
        </span>
        <span className="q-who">
          <span>{tk.organization?.name ?? tk.requester.name ?? tk.requester.email}</span>
          <span className="muted">
            {tk.organization && <>{tk.requester.name ?? tk.requester.email} · </>}
            {t('agent.opened')} <Time value={tk.created_at} relative />
          </span>
        </span>
      </Link>
    </li>
  );
}
