import { useTranslation } from 'react-i18next';
import { usePlanLabel } from '../../api/plans.ts';
import { Link, useSearchParams } from 'react-router-dom';
import { PRIORITIES, type Priority, type SlaMetric } from '../../api/types.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatSpan, useFormat } from '../../components/format.ts';
import { Skeleton } from '../../components/Loading.tsx';
import { usePageTitle } from '../../components/PageTitle.tsx';
import { dateText, periodFromQuery, periodRange, periodToQuery, todayIn } from './period.ts';
import { csvUrl, drillQuery, useBreachedTickets, type DrillFilters } from './reportsApi.ts';
import './reports.css';

const METRICS: SlaMetric[] = ['first_response', 'next_response', 'resolution'];

/** The filters of the drill-down as its URL names them; an unknown metric or kind reads as first response / SLA. */
function drillFromQuery(q: URLSearchParams): DrillFilters {
  const metric = METRICS.find((m) => m === q.get('metric')) ?? 'first_response';
  const kind = q.get('kind') === 'slo' ? 'slo' : 'sla';
  const plan = q.get('plan_id');
  const planId = Number(plan);
  const priority = PRIORITIES.find((p) => p === q.get('priority')) as Priority | undefined;
  return {
    metric,
    kind,
    plan_id: plan === 'none' ? 'none' : Number.isInteger(planId) && planId > 0 ? planId : null,
    priority: priority ?? null,
  };
}

/** /agent/reports/breached: the tickets behind a breached count of the SLA table, each linked to the ticket. */
export function BreachedTickets() {
  const { t, i18n } = useTranslation();
  const planLabel = usePlanLabel();
  const f = useFormat();
  const [params] = useSearchParams();
  const period = periodFromQuery(params, todayIn(f.zone));
  const { from, to } = periodRange(period, f.zone);
  const drill = drillFromQuery(params);
  const q = useBreachedTickets({ from, to }, drill);
  const title = t('reports.breached.title', { metric: t(`sla.metric_short.${drill.metric}`), kind: t(`sla.kind.${drill.kind}`) });
  usePageTitle(title);
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  const back = `/agent/reports?${new URLSearchParams(periodToQuery(period)).toString()}`;
  return (
    <main className="page reports-page" id="main">
      <p>
        <Link to={back}>← {t('reports.breached.back')}</Link>
      </p>
      <div className="page-head">
        <h1>{title}</h1>
        <span className="spacer" />
        <a
          className="btn btn-sm btn-ghost"
          href={csvUrl('/reports/sla/tickets', { from, to }, { ...drillQuery(drill), outcome: 'breached' })}
          download
        >
          {t('reports.download_csv')}
        </a>
      </div>
      <p className="muted">
        {t('reports.period.showing', {
          from: dateText(period.fromDate, i18n.language),
          to: dateText(period.toDate, i18n.language),
          zone: f.zone,
        })}
      </p>
      {q.isPending ? (
        <Skeleton rows={5} height={40} />
      ) : q.isError ? (
        <ErrorBanner error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState icon="sparkle" title={t('reports.breached.empty_title')}>
          <p>{t('reports.breached.empty')}</p>
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="breached-table">
              <thead>
                <tr>
                  <th scope="col">{t('reports.breached.ticket')}</th>
                  <th scope="col">{t('reports.sla.plan')}</th>
                  <th scope="col">{t('reports.sla.priority')}</th>
                  <th scope="col">{t('reports.breached.due_at')}</th>
                  <th scope="col">{t('reports.breached.stopped_at')}</th>
                  <th scope="col">{t('reports.breached.overdue')}</th>
                  <th scope="col">{t('reports.breached.status')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.ticket_id}-${r.metric}`} data-testid="breached-row">
                    <th scope="row">
                      <Link to={`/agent/tickets/${r.number}`}>
                        #{r.number} {r.subject}
                      </Link>
                    </th>
                    <td>{planLabel(r.plan) ?? t('plan.none')}</td>
                    <td>{r.priority ?? '—'}</td>
                    <td>{f.dateTime(r.due_at)}</td>
                    <td>{r.stopped_at ? f.dateTime(r.stopped_at) : t('reports.breached.still_running')}</td>
                    <td>{r.overdue_minutes == null ? '—' : formatSpan(r.overdue_minutes, t)}</td>
                    <td>{t(`status.${r.status}`, { defaultValue: r.status })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {q.hasNextPage && (
            <p>
              <button type="button" className="btn" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
                {q.isFetchingNextPage ? t('common.loading') : t('reports.breached.more')}
              </button>
            </p>
          )}
        </>
      )}
    </main>
  );
}
