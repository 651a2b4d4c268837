import { componentName } from '../../domain/status/status.ts';
import type { ComponentRow, IncidentRow, UpdateRow } from './statusRepository.ts';

const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : d);
const isoOrNull = (d: Date | string | null) => (d == null ? null : iso(d));

export const presentComponent = (c: ComponentRow, locale: string) => ({
  key: c.key,
  name: componentName(c, locale),
  name_en: c.name_en,
  name_zh: c.name_zh,
  status: c.status,
  position: c.position,
  updated_at: iso(c.updated_at),
});

export const presentUpdate = (u: UpdateRow) => ({ id: u.id, status: u.status, message: u.message, created_at: iso(u.created_at) });

/** An incident with its updates, newest first. Who wrote it is not shown on the public page. */
export const presentIncident = (i: IncidentRow, updates: UpdateRow[]) => ({
  id: i.id,
  title: i.title,
  status: i.status,
  components: i.components,
  created_at: iso(i.created_at),
  resolved_at: isoOrNull(i.resolved_at),
  updates: updates.filter((u) => u.incident_id === i.id).map(presentUpdate),
});

export type PresentedIncident = ReturnType<typeof presentIncident>;
