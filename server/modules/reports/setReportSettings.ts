import type { Queryable } from '../../db/client.ts';
import { forbidden } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { dropStatusCache } from '../status/getStatusPage.ts';
import { readReportSettings, REPORT_SETTING_KEYS, type ComplianceTargets, type ReportSettings } from './reportSettings.ts';

export interface ReportSettingsInput {
  compliance_targets?: Partial<ComplianceTargets>;
  status_page_compliance?: boolean;
}

/** PUT /reports/settings: admins. Given keys change; the others stay. */
export async function setReportSettings(q: Queryable, o: { actor: Principal; input: ReportSettingsInput }) {
  if (!isAdmin(o.actor)) throw forbidden(t(o.actor.locale, 'reports.admin_settings'));
  const cur = await readReportSettings(q);
  const next: ReportSettings = {
    compliance_targets: { ...cur.compliance_targets, ...o.input.compliance_targets },
    status_page_compliance: o.input.status_page_compliance ?? cur.status_page_compliance,
  };
  await q.query(
    `insert into settings (key, value) values ($1, $2), ($3, $4)
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [
      REPORT_SETTING_KEYS.targets,
      JSON.stringify(next.compliance_targets),
      REPORT_SETTING_KEYS.statusPage,
      JSON.stringify(next.status_page_compliance),
    ],
  );
  // The public status page shows (or stops showing) the compliance at once on this instance.
  dropStatusCache();
  return next;
}
