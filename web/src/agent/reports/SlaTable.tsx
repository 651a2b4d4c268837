import { useTranslation } from 'react-i18next';
import { usePlanLabel } from '../../api/plans.ts';
import { Link } from 'react-router-dom';
import { withQuery } from '../../api/client.ts';
import type { SlaMetric } from '../../api/types.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { complianceLevel } from './period.ts';
import { drillQuery, type ComplianceRow, type SlaKind } from './reportsApi.ts';
import { priorityLabel } from '../../components/priority.ts';

const METRICS: SlaMetric[] = ['first_response', 'next_response', 'resolution'];

interface Line {
  key: string;
  plan: string | null;
  plan_id: number | null;
  priority: ComplianceRow['priority'];
  kind: SlaKind;
  group: string | null;
  channel: string | null;
  cells: Partial<Record<SlaMetric, ComplianceRow>>;
}

/** One line per plan × priority (× kind, and group or channel when grouped so), one cell per metric; the server's order is kept. */
export function pivot(rows: ComplianceRow[]): Line[] {
  const lines = new Map<string, Line>();
  for (const r of rows) {
    const key = [r.plan_id, r.priority, r.kind, r.group_id ?? '', r.channel ?? ''].join('|');
    let line = lines.get(key);
    if (!line) {
      line = {
        key,
        plan: r.plan,
        plan_id: r.plan_id,
        priority: r.priority,
        kind: r.kind,
        group: r.group ?? null,
        channel: r.channel ?? null,
        cells: {},
      };
      lines.set(key, line);
    }
    line.cells[r.metric] = r;
  }
  return [...lines.values()];
}

/**
 * The SLA table: compliance per plan × priority and metric, coloured against the target and said in
 * words too; met / breached / open counts, each breached count a link to the breached tickets.
 * `periodQuery` is the page's period in the URL, carried into the drill-down links.
 */
export function SlaTable({
  rows,
  periodQuery,
  targets,
}: {
  rows: ComplianceRow[];
  periodQuery: Record<string, string>;
  targets: Record<SlaKind, number>;
}) {
  const { t } = useTranslation();
  const planLabel = usePlanLabel();
  const lines = pivot(rows);
  if (lines.length === 0)
    return (
      <EmptyState icon="sparkle" title={t('reports.sla.empty_title')}>
        <p>{t('reports.sla.empty')}</p>
      </EmptyState>
    );
  const grouped = lines.some((l) => l.group || l.channel);
  return (
    <div className="table-wrap">
      <table className="table sla-report" data-testid="sla-table">
        <thead>
          <tr>
            <th scope="col">{t('reports.sla.plan')}</th>
            <th scope="col">{t('reports.sla.priority')}</th>
            {grouped && <th scope="col">{t('reports.sla.group')}</th>}
            {METRICS.map((m) => (
              <th scope="col" key={m}>
                {t(`sla.metric_short.${m}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.key} data-testid="sla-row" data-plan={l.plan ?? ''} data-priority={l.priority ?? ''} data-kind={l.kind}>
              <th scope="row">
                {planLabel(l.plan, l.plan_id) ?? t('plan.none')}{' '}
                <span className={`badge subtle kind-${l.kind}`} title={t(`reports.sla.kind_long.${l.kind}`)}>
                  {t(`sla.kind.${l.kind}`)}
                </span>
              </th>
              <td>{l.priority ? priorityLabel(t, l.priority) : '—'}</td>
              {grouped && <td>{l.group ?? l.channel ?? '—'}</td>}
              {METRICS.map((m) => (
                <td key={m} data-metric={m}>
                  {l.cells[m] ? (
                    <Cell row={l.cells[m]} periodQuery={periodQuery} target={l.cells[m].target_compliance ?? targets[l.kind]} />
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Cell({ row, periodQuery, target: goal }: { row: ComplianceRow; periodQuery: Record<string, string>; target: number }) {
  const { t, i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language);
  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const target = pct.format(goal);
  const level = row.compliance == null ? null : complianceLevel(row.compliance, goal);
  const drill = withQuery('/agent/reports/breached', {
    ...periodQuery,
    ...drillQuery({ plan_id: row.plan_id ?? 'none', priority: row.priority, metric: row.metric, kind: row.kind }),
  });
  return (
    <div className="sla-cell">
      {level && row.compliance != null ? (
        <span className={`compliance compliance-${level}`} data-testid="compliance" title={t('reports.sla.target', { target })}>
          <strong>{pct.format(row.compliance)}</strong> <span className="compliance-label">{t(`reports.sla.level.${level}`)}</span>
        </span>
      ) : (
        <span className="compliance muted" data-testid="compliance">
          {t('reports.sla.nothing_judged')}
        </span>
      )}
      <span className="sla-counts">
        <span data-testid="met">{t('reports.sla.met', { n: nf.format(row.met) })}</span>
        {row.breached > 0 ? (
          <Link to={drill} data-testid="breached">
            {t('reports.sla.breached', { n: nf.format(row.breached) })}
          </Link>
        ) : (
          <span data-testid="breached">{t('reports.sla.breached', { n: nf.format(row.breached) })}</span>
        )}
        <span data-testid="open">{t('reports.sla.open', { n: nf.format(row.open) })}</span>
      </span>
    </div>
  );
}
