import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { SlaMetric } from '../../api/types.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { useViewerZone } from '../../components/format.ts';
import { Skeleton, Spinner } from '../../components/Loading.tsx';
import { usePageTitle } from '../../components/PageTitle.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { AgentsTable } from './AgentsTable.tsx';
import { dateText, periodFromQuery, periodRange, periodToQuery, presetPeriod, todayIn, type Period } from './period.ts';
import { PeriodPicker } from './PeriodPicker.tsx';
import { csvUrl, useAgents, useResponseTimes, useSatisfaction, useSlaReport, useVolume, type Range } from './reportsApi.ts';
import { SlaTable } from './SlaTable.tsx';
import './reports.css';

// Chart.js comes with the charts, in their own chunk: only this page pays for it (adr/0006-charts.md).
const charts = () => import('./charts/ReportCharts.tsx');
const VolumeChart = lazy(() => charts().then((m) => ({ default: m.VolumeChart })));
const BacklogChart = lazy(() => charts().then((m) => ({ default: m.BacklogChart })));
const ResponseTimesChart = lazy(() => charts().then((m) => ({ default: m.ResponseTimesChart })));
const CsatChart = lazy(() => charts().then((m) => ({ default: m.CsatChart })));

const METRICS: SlaMetric[] = ['first_response', 'next_response', 'resolution'];

/** /agent/reports: SLA compliance, volume and backlog, response times, satisfaction and agents for one period. */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('reports.title'));
  const zone = useViewerZone();
  const [params, setParams] = useSearchParams();
  const today = todayIn(zone);
  const period = periodFromQuery(params, today);
  const { from, to, interval } = periodRange(period, zone);
  const range = useMemo<Range>(() => ({ from, to }), [from, to]);
  const pq = periodToQuery(period);
  const setPeriod = (p: Period) => setParams(periodToQuery(p.choice === 'custom' ? p : presetPeriod(p.choice, today)), { replace: false });

  return (
    <main className="page reports-page" id="main">
      <div className="page-head">
        <h1>{t('reports.title')}</h1>
        <span className="spacer" />
        <PeriodPicker key={JSON.stringify(pq)} period={period} onChange={setPeriod} />
      </div>
      <p className="muted" data-testid="period-text">
        {t('reports.period.showing', { from: dateText(period.fromDate, i18n.language), to: dateText(period.toDate, i18n.language), zone })}
      </p>
      <SlaSection range={range} periodQuery={pq} />
      <VolumeSection range={range} interval={interval} zone={zone} />
      <TimesSection range={range} />
      <div className="report-grid bottom">
        <CsatSection range={range} />
        <AgentsSection range={range} />
      </div>
    </main>
  );
}

function Section({ title, csv, children, id }: { title: string; csv: string; children: ReactNode; id: string }) {
  const { t } = useTranslation();
  return (
    <section className="card report" aria-labelledby={`${id}-title`} data-testid={`report-${id}`}>
      <div className="report-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <a className="btn btn-sm btn-ghost" href={csv} download data-testid={`csv-${id}`}>
          {t('reports.download_csv')}
        </a>
      </div>
      {children}
    </section>
  );
}

const ChartFallback = () => (
  <div className="chart-loading">
    <Spinner />
  </div>
);

function SlaSection({ range, periodQuery }: { range: Range; periodQuery: Record<string, string> }) {
  const { t, i18n } = useTranslation();
  const q = useSlaReport(range);
  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  return (
    <Section id="sla" title={t('reports.sla.title')} csv={csvUrl('/reports/sla', range, { group_by: 'plan,priority' })}>
      <QueryView query={q} skeleton={<Skeleton rows={4} height={48} />}>
        {(r) => (
          <>
            <p className="muted">{t('reports.sla.intro', { sla: pct.format(r.meta.targets.sla), slo: pct.format(r.meta.targets.slo) })}</p>
            <SlaTable rows={r.data} periodQuery={periodQuery} targets={r.meta.targets} />
          </>
        )}
      </QueryView>
    </Section>
  );
}

function VolumeSection({ range, interval, zone }: { range: Range; interval: 'day' | 'week'; zone: string }) {
  const { t } = useTranslation();
  const q = useVolume(range, interval, zone);
  return (
    <Section id="volume" title={t('reports.volume.title')} csv={csvUrl('/reports/volume', range, { interval, tz: zone })}>
      <QueryView query={q} skeleton={<Skeleton rows={3} height={60} />}>
        {(r) =>
          r.data.every((x) => x.created === 0 && x.solved === 0 && x.backlog === 0) ? (
            <EmptyState icon="inbox" title={t('reports.volume.empty_title')}>
              <p>{t('reports.volume.empty')}</p>
            </EmptyState>
          ) : (
            <div className="report-grid">
              <Suspense fallback={<ChartFallback />}>
                <div>
                  <h3>{t(interval === 'day' ? 'reports.volume.title_day' : 'reports.volume.title_week')}</h3>
                  <VolumeChart rows={r.data} interval={interval} />
                </div>
                <div>
                  <h3>{t('reports.backlog.title')}</h3>
                  <BacklogChart rows={r.data} />
                </div>
              </Suspense>
            </div>
          )
        }
      </QueryView>
    </Section>
  );
}

function TimesSection({ range }: { range: Range }) {
  const { t } = useTranslation();
  const q = useResponseTimes(range);
  const [metric, setMetric] = useState<SlaMetric>('first_response');
  const [basis, setBasis] = useState<'business' | 'calendar'>('business');
  return (
    <Section
      id="times"
      title={t('reports.times.title')}
      csv={csvUrl('/reports/response-times', range, { group_by: 'plan,priority,metric' })}
    >
      <div className="report-controls">
        <label>
          {t('reports.times.metric')}{' '}
          <select value={metric} onChange={(e) => setMetric(e.target.value as SlaMetric)} data-testid="times-metric">
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`sla.metric_short.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="segmented">
          <legend className="sr-only">{t('reports.times.basis')}</legend>
          {(['business', 'calendar'] as const).map((b) => (
            <label key={b} className={basis === b ? 'on' : undefined}>
              <input type="radio" name="basis" value={b} checked={basis === b} onChange={() => setBasis(b)} />
              {t(`reports.times.${b}`)}
            </label>
          ))}
        </fieldset>
      </div>
      <QueryView query={q} skeleton={<Skeleton rows={3} height={60} />}>
        {(r) =>
          r.data.some((x) => x.metric === metric && x.count > 0) ? (
            <Suspense fallback={<ChartFallback />}>
              <ResponseTimesChart rows={r.data} metric={metric} basis={basis} />
            </Suspense>
          ) : (
            <EmptyState icon="clock" title={t('reports.times.empty_title')}>
              <p>{t('reports.times.empty', { metric: t(`sla.metric_short.${metric}`) })}</p>
            </EmptyState>
          )
        }
      </QueryView>
    </Section>
  );
}

function CsatSection({ range }: { range: Range }) {
  const { t, i18n } = useTranslation();
  const q = useSatisfaction(range);
  const avg = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  const nf = new Intl.NumberFormat(i18n.language);
  return (
    <Section id="csat" title={t('reports.csat.title')} csv={csvUrl('/reports/satisfaction', range)}>
      <QueryView query={q} skeleton={<Skeleton rows={3} height={48} />}>
        {(r) => {
          const row = r.data[0];
          if (!row || row.count === 0)
            return (
              <EmptyState icon="sparkle" title={t('reports.csat.empty_title')}>
                <p>{t('reports.csat.empty')}</p>
              </EmptyState>
            );
          return (
            <>
              <dl className="figures">
                <div>
                  <dt>{t('reports.csat.average')}</dt>
                  <dd data-testid="csat-average">
                    {row.average == null ? '—' : t('reports.csat.out_of_5', { n: avg.format(row.average) })}
                  </dd>
                </div>
                <div>
                  <dt>{t('reports.csat.satisfied')}</dt>
                  <dd data-testid="csat-satisfied">{row.satisfied_share == null ? '—' : pct.format(row.satisfied_share)}</dd>
                </div>
                <div>
                  <dt>{t('reports.csat.count')}</dt>
                  <dd>{nf.format(row.count)}</dd>
                </div>
              </dl>
              <Suspense fallback={<ChartFallback />}>
                <CsatChart row={row} />
              </Suspense>
            </>
          );
        }}
      </QueryView>
    </Section>
  );
}

function AgentsSection({ range }: { range: Range }) {
  const { t } = useTranslation();
  const q = useAgents(range);
  return (
    <Section id="agents" title={t('reports.agents.title')} csv={csvUrl('/reports/agents', range)}>
      <QueryView query={q} skeleton={<Skeleton rows={4} height={36} />}>
        {(r) => <AgentsTable rows={r.data} />}
      </QueryView>
    </Section>
  );
}
