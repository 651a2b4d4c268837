import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState.tsx';
import { formatSpan } from '../../components/format.ts';
import type { AgentRow } from './reportsApi.ts';

/** Per agent: public replies and tickets solved in the period, median first response, unsolved tickets now. */
export function AgentsTable({ rows }: { rows: AgentRow[] }) {
  const { t, i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language);
  if (rows.length === 0)
    return (
      <EmptyState icon="inbox" title={t('reports.agents.empty_title')}>
        <p>{t('reports.agents.empty')}</p>
      </EmptyState>
    );
  return (
    <div className="table-wrap">
      <table className="table" data-testid="agents-table">
        <thead>
          <tr>
            <th scope="col">{t('reports.agents.agent')}</th>
            <th scope="col" className="num">
              {t('reports.agents.replies')}
            </th>
            <th scope="col" className="num">
              {t('reports.agents.solved')}
            </th>
            <th scope="col" className="num">
              {t('reports.agents.median_first_response')}
            </th>
            <th scope="col" className="num">
              {t('reports.agents.open_now')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.agent_id}>
              <th scope="row">
                <Link to={`/agent/people/${a.agent_id}`}>{a.name}</Link>
              </th>
              <td className="num">{nf.format(a.replies)}</td>
              <td className="num">{nf.format(a.solved)}</td>
              <td className="num">{a.median_first_response_minutes == null ? '—' : formatSpan(a.median_first_response_minutes, t)}</td>
              <td className="num">{nf.format(a.open_now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
