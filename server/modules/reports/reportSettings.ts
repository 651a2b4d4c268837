import type { Queryable } from '../../db/client.ts';
import { forbidden } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';

/** Report settings (docs/reports.md): stored in the settings table under these keys. */
export const REPORT_SETTING_KEYS = {
  targets: 'reports.compliance_targets',
  statusPage: 'reports.status_page_compliance',
} as const;

export interface ComplianceTargets {
  sla: number;
  slo: number;
}
export interface ReportSettings {
  compliance_targets: ComplianceTargets;
  status_page_compliance: boolean;
}
export const DEFAULT_TARGETS: ComplianceTargets = { sla: 0.95, slo: 0.9 };

const fraction = (v: unknown, fallback: number) => (typeof v === 'number' && v >= 0 && v <= 1 ? v : fallback);

/** The settings as stored, defaults filled in (one round trip). */
export async function readReportSettings(q: Queryable): Promise<ReportSettings> {
  const rows = await q.query<{ key: string; value: unknown }>(`select key, value from settings where key = any($1::text[])`, [
    [REPORT_SETTING_KEYS.targets, REPORT_SETTING_KEYS.statusPage],
  ]);
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const t = (get(REPORT_SETTING_KEYS.targets) ?? {}) as Partial<Record<keyof ComplianceTargets, unknown>>;
  return {
    compliance_targets: { sla: fraction(t.sla, DEFAULT_TARGETS.sla), slo: fraction(t.slo, DEFAULT_TARGETS.slo) },
    status_page_compliance: get(REPORT_SETTING_KEYS.statusPage) === true,
  };
}

export function assertCanReadReports(actor: Principal) {
  if (!isStaff(actor)) throw forbidden(t(actor.locale, 'reports.staff_only'));
}

/** GET /reports/settings: staff. */
export async function getReportSettings(q: Queryable, o: { actor: Principal }) {
  assertCanReadReports(o.actor);
  return readReportSettings(q);
}
