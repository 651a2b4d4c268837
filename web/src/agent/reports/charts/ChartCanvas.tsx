import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

// Only what the reports draw (adr/0006-charts.md): bars, lines, tooltips. The legend is ours, in HTML.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip);

export interface Series {
  label: string;
  data: Array<number | null>;
  color: string;
}

export const COLORS = { blue: '#2a5bd7', green: '#1d7a46', orange: '#c8641e', purple: '#7b4bc4', grey: '#8a93a3', red: '#c0362c' };

/**
 * One chart of the reports: a Chart.js canvas (animation off, the page's fonts, numbers in the page's
 * language), an HTML legend (readable, translatable, findable by tests) and the same figures as a table
 * behind "Show as table" for screen readers and copying.
 */
export function ChartCanvas({
  type,
  title,
  labels,
  series,
  format,
  yTitle,
  height = 240,
  stacked = false,
  labelTitle,
  yStep,
}: {
  type: 'bar' | 'line';
  title: string;
  labels: string[];
  series: Series[];
  format: (v: number) => string;
  yTitle?: string;
  height?: number;
  stacked?: boolean;
  /** The heading of the label column in the table view (default: "Period"). */
  labelTitle?: string;
  /** The distance between two ticks of the value axis (default: Chart.js chooses). */
  yStep?: number;
}) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLCanvasElement>(null);
  const lang = i18n.language;
  const formatRef = useRef(format);
  formatRef.current = format;
  const key = JSON.stringify({ type, labels, series, yTitle, lang, stacked, yStep });

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const font = getComputedStyle(canvas).fontFamily;
    const muted = '#626b7a';
    const config: ChartConfiguration<'bar' | 'line', Array<number | null>, string> = {
      type,
      data: {
        labels,
        datasets: series.map((s) => ({
          label: s.label,
          data: s.data,
          backgroundColor: type === 'bar' ? s.color : `${s.color}22`,
          borderColor: s.color,
          borderWidth: type === 'line' ? 2 : 0,
          pointRadius: type === 'line' ? (labels.length > 40 ? 0 : 3) : undefined,
          tension: 0,
          spanGaps: true,
        })),
      },
      options: {
        locale: lang,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        font: { family: font, size: 12 },
        plugins: {
          legend: { display: false },
          tooltip: {
            titleFont: { family: font },
            bodyFont: { family: font },
            callbacks: { label: (c) => `${c.dataset.label ?? ''}: ${c.parsed.y == null ? '—' : formatRef.current(c.parsed.y)}` },
          },
        },
        scales: {
          x: { stacked, grid: { display: false }, ticks: { color: muted, font: { family: font }, autoSkip: true, maxRotation: 0 } },
          y: {
            stacked,
            beginAtZero: true,
            ticks: { color: muted, font: { family: font }, precision: 0, stepSize: yStep, callback: (v) => formatRef.current(Number(v)) },
            title: yTitle ? { display: true, text: yTitle, color: muted, font: { family: font } } : { display: false },
          },
        },
      },
    };
    const chart = new Chart(canvas, config);
    return () => chart.destroy();
    // `key` stands for everything the chart draws: a new chart only when that changes.
  }, [key]);

  return (
    <figure className="chart">
      <div className="chart-box" style={{ height }}>
        <canvas ref={ref} role="img" aria-label={title} />
      </div>
      <ul className="chart-legend">
        {series.map((s) => (
          <li key={s.label}>
            <span className="chart-swatch" style={{ background: s.color }} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
      <details className="chart-data">
        <summary>{t('reports.chart.as_table')}</summary>
        <div className="table-wrap">
          <table className="table compact">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{labelTitle ?? t('reports.chart.label')}</th>
                {series.map((s) => (
                  <th key={s.label} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((l, i) => (
                <tr key={`${l}-${i}`}>
                  <th scope="row">{l}</th>
                  {series.map((s) => {
                    const v = s.data[i];
                    return <td key={s.label}>{v == null ? '—' : format(v)}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
