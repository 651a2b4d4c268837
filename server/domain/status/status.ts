/**
 * The status page's words and rules (docs/status.md). Pure: types and data only.
 * A *status incident* is an outage or a degradation announced on the status page; it is not a
 * *paid incident* (support an organization buys, `incident.consumed`).
 */
export const COMPONENT_STATUSES = ['operational', 'degraded', 'partial_outage', 'major_outage', 'maintenance'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const isOpenIncident = (s: IncidentStatus) => s !== 'resolved';

/**
 * Whether an update with status `next` may follow an incident in status `cur`. Any order among the
 * open statuses (an incident believed fixed may turn out not to be); nothing after resolved: a
 * problem that comes back is a new incident, so resolving replies to linked tickets exactly once.
 */
export function canUpdate(cur: IncidentStatus, _next: IncidentStatus): { ok: true } | { ok: false; reason: string } {
  if (cur === 'resolved') return { ok: false, reason: 'This status incident is resolved; open a new one if the problem is back' };
  return { ok: true };
}

/** Unknown component keys among `keys`, given the known ones. */
export const unknownComponents = (keys: readonly string[], known: ReadonlySet<string>) => keys.filter((k) => !known.has(k));

/** The component's name in a language ('zh*' reads Chinese, anything else English). */
export const componentName = (c: { name_en: string; name_zh: string }, locale: string | null | undefined) =>
  locale?.toLowerCase().startsWith('zh') ? c.name_zh : c.name_en;
