import { useTranslation } from 'react-i18next';
import { usePlanLabel } from '../../../api/plans.ts';
import type { SlaMetric } from '../../../api/types.ts';
import { formatSpan } from '../../../components/format.ts';
import type { ResponseTimeRow, SatisfactionRow, VolumeRow } from '../reportsApi.ts';
import { ChartCanvas, COLORS } from './ChartCanvas.tsx';

/**
 * The charts of the reports page. This module (with Chart.js) is loaded only when the reports are
 * opened (React.lazy in ReportsPage), so the console's first load does not carry it.
 */

const useNumber = () => {
  const { i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  return (v: number) => nf.format(v);
};

/** A period's first day as the reader writes it (Dec 4 / 12月4日). */
export function usePeriodLabel() {
  const { i18n } = useTranslation();
  const df = new Intl.DateTimeFormat(i18n.language, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return (period: string) => df.format(new Date(`${period.slice(0, 10)}T00:00:00Z`));
}

/** Sums the rows of each period (a report grouped by something has several per period). */
export function byPeriod(rows: VolumeRow[]) {
  const m = new Map<string, { created: number; solved: number; backlog: number }>();
  for (const r of rows) {
    const cur = m.get(r.period) ?? { created: 0, solved: 0, backlog: 0 };
    cur.created += r.created;
    cur.solved += r.solved;
    cur.backlog += r.backlog;
    m.set(r.period, cur);
  }
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}

export function VolumeChart({ rows, interval }: { rows: VolumeRow[]; interval: 'day' | 'week' }) {
  const { t } = useTranslation();
  const label = usePeriodLabel();
  const num = useNumber();
  const periods = byPeriod(rows);
  return (
    <ChartCanvas
      type="bar"
      title={t(interval === 'day' ? 'reports.volume.title_day' : 'reports.volume.title_week')}
      labels={periods.map(([p]) => label(p))}
      series={[
        { label: t('reports.volume.created'), data: periods.map(([, v]) => v.created), color: COLORS.blue },
        { label: t('reports.volume.solved'), data: periods.map(([, v]) => v.solved), color: COLORS.green },
      ]}
      format={num}
    />
  );
}

export function BacklogChart({ rows }: { rows: VolumeRow[] }) {
  const { t } = useTranslation();
  const label = usePeriodLabel();
  const num = useNumber();
  const periods = byPeriod(rows);
  return (
    <ChartCanvas
      type="line"
      title={t('reports.backlog.title')}
      labels={periods.map(([p]) => label(p))}
      series={[{ label: t('reports.backlog.unsolved'), data: periods.map(([, v]) => v.backlog), color: COLORS.orange }]}
      format={num}
    />
  );
}

/** A step for a minutes axis that reads well (15 min, 1 h, 4 h, 1 d…), at most 6 steps up to `max`. */
export function minuteStep(max: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 480, 720, 1440, 2880, 7200, 14400, 43200];
  return steps.find((s) => max / s <= 6) ?? Math.ceil(max / 6 / 43200) * 43200;
}

export function ResponseTimesChart({
  rows,
  metric,
  basis,
}: {
  rows: ResponseTimeRow[];
  metric: SlaMetric;
  basis: 'business' | 'calendar';
}) {
  const { t } = useTranslation();
  const planLabel = usePlanLabel();
  const shown = rows.filter((r) => r.metric === metric && r.count > 0);
  const name = (r: ResponseTimeRow) => `${planLabel(r.plan) ?? t('plan.none')} · ${r.priority ?? '—'}`;
  return (
    <ChartCanvas
      type="bar"
      title={t('reports.times.chart_title', { metric: t(`sla.metric_short.${metric}`) })}
      labels={shown.map(name)}
      series={[
        { label: t('reports.times.p50'), data: shown.map((r) => r[basis].p50), color: COLORS.blue },
        { label: t('reports.times.p90'), data: shown.map((r) => r[basis].p90), color: COLORS.purple },
      ]}
      format={(v) => formatSpan(v, t)}
      yStep={minuteStep(Math.max(0, ...shown.flatMap((r) => [r[basis].p50 ?? 0, r[basis].p90 ?? 0])))}
      height={Math.max(220, 60 + shown.length * 8)}
      labelTitle={t('reports.times.row')}
    />
  );
}

export function CsatChart({ row }: { row: SatisfactionRow }) {
  const { t } = useTranslation();
  const num = useNumber();
  const scores = ['1', '2', '3', '4', '5'] as const;
  return (
    <ChartCanvas
      type="bar"
      title={t('reports.csat.distribution')}
      labels={scores.map((n) => t('reports.csat.score', { n }))}
      series={[{ label: t('reports.csat.ratings'), data: scores.map((n) => row.distribution[n] ?? 0), color: COLORS.green }]}
      format={num}
      height={200}
      labelTitle={t('reports.csat.rating')}
    />
  );
}
