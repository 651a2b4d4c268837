import { useTranslation } from 'react-i18next';
import type { StatusPage } from '../api/status.ts';

type Compliance = NonNullable<StatusPage['compliance']>;

/**
 * The desk's measured first-response compliance per plan over the last 30 days (shown only when
 * the desk turned it on: docs/reports.md). Plan names come in the page's language from the API.
 */
export function StatusCompliance({ compliance }: { compliance: Compliance }) {
  const { t, i18n } = useTranslation();
  if (!compliance.plans.length) return null;
  const pct = new Intl.NumberFormat(i18n.language === 'zh-CN' ? 'zh-CN' : 'en', { style: 'percent', maximumFractionDigits: 1 });
  return (
    <section className="card status-compliance" aria-labelledby="status-compliance-h">
      <h2 id="status-compliance-h">{t('statuspage.compliance.title')}</h2>
      <p className="muted small">{t('statuspage.compliance.intro', { days: compliance.period_days })}</p>
      <ul className="status-components">
        {compliance.plans.map((p) => (
          <li key={p.key}>
            <span>{p.name}</span>
            <span>
              <strong>{p.compliance == null ? '—' : pct.format(p.compliance)}</strong>{' '}
              <span className="muted small">{t('statuspage.compliance.on_time', { met: p.met, total: p.met + p.breached })}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
