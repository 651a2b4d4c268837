import type { Queryable } from '../../db/client.ts';
import { complianceOf } from './slaReport.ts';
import { readReportSettings } from './reportSettings.ts';
import { slaOutcomesRepository } from './slaOutcomesRepository.ts';

/** The public status page shows the measured first-response compliance over this many days. */
export const STATUS_COMPLIANCE_DAYS = 30;

/**
 * The desk's measured first-response compliance per plan for the public status page, or null when
 * the setting `status_page_compliance` is off (the default): met / (met + breached) of the
 * first-response targets that fell due in the last 30 days, plans with at least one such target,
 * each with its display name in both languages. No ticket, organization or person is named.
 */
export async function statusCompliance(q: Queryable, o: { now: number }) {
  const settings = await readReportSettings(q);
  if (!settings.status_page_compliance) return null;
  const to = new Date(o.now);
  const from = new Date(o.now - STATUS_COMPLIANCE_DAYS * 86_400_000);
  const rows = await slaOutcomesRepository.planFirstResponse(q, { from, to, now: to });
  return {
    metric: 'first_response' as const,
    period_days: STATUS_COMPLIANCE_DAYS,
    from: from.toISOString(),
    to: to.toISOString(),
    plans: rows.map((r) => ({
      key: r.plan_key,
      name_en: r.display_name?.en ?? r.plan,
      name_zh: r.display_name?.['zh-CN'] ?? r.display_name?.en ?? r.plan,
      met: r.met,
      breached: r.breached,
      compliance: complianceOf(r.met, r.breached),
    })),
  };
}
