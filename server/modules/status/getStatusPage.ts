import type { Queryable } from '../../db/client.ts';
import { normalizeLocale } from '../../i18n/index.ts';
import { presentComponent, presentIncident } from './statusPresenter.ts';
import { statusRepository, type ComponentRow, type IncidentRow, type UpdateRow } from './statusRepository.ts';
import { statusCompliance } from '../reports/statusCompliance.ts';

/** Resolved incidents stay on the page this long. */
const RECENT_DAYS = 7;
/** Per instance; local writes drop it, other instances converge within this time (like the other caches). */
const CACHE_MS = 5_000;

type Compliance = Awaited<ReturnType<typeof statusCompliance>>;
let cached: {
  at: number;
  db: Queryable;
  rows: { components: ComponentRow[]; incidents: IncidentRow[]; updates: UpdateRow[]; compliance: Compliance };
} | null = null;

export function dropStatusCache() {
  cached = null;
}

/**
 * The public status page (no sign-in): components with their status, open status incidents and
 * those resolved in the last week, each with its updates, and (when the desk turns it on) the
 * measured first-response compliance per plan. A few queries at most every 5 s per instance,
 * whoever asks.
 */
export async function getStatusPage(db: Queryable, o: { locale?: string | null; now?: number } = {}) {
  const now = o.now ?? Date.now();
  if (!cached || cached.db !== db || now - cached.at > CACHE_MS) {
    const components = await statusRepository.components(db);
    const incidents = await statusRepository.visibleIncidents(db, RECENT_DAYS);
    const updates = incidents.length
      ? await statusRepository.updatesOf(
          db,
          incidents.map((i) => i.id),
        )
      : [];
    // Measured first-response compliance per plan, only when the desk turned it on (docs/reports.md).
    const compliance = await statusCompliance(db, { now });
    cached = { at: now, db, rows: { components, incidents, updates, compliance } };
  }
  const { components, incidents, updates, compliance } = cached.rows;
  const locale = normalizeLocale(o.locale);
  return {
    components: components.map((c) => presentComponent(c, locale)),
    incidents: incidents.map((i) => presentIncident(i, updates)),
    ...(compliance
      ? { compliance: { ...compliance, plans: compliance.plans.map((p) => ({ ...p, name: locale === 'zh-CN' ? p.name_zh : p.name_en })) } }
      : {}),
  };
}
