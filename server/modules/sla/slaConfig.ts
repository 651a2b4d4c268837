import type { Queryable } from '../../db/client.ts';
import { alwaysOpenSpec, compileCalendar, type Calendar } from '../../domain/calendar/index.ts';
import type { SlaPolicy } from '../../domain/sla/index.ts';
import { slaRepository } from './slaRepository.ts';

export interface SlaConfig {
  policies: SlaPolicy[];
  calendar(id: string): Calendar;
  warningMs: number;
}

const TTL_MS = 5_000;
let cached: { config: SlaConfig; until: number } | null = null;
let last: SlaConfig | null = null;

/**
 * The config as this instance last loaded it, for synchronous readers (the ticket presenter's
 * `sla_clock`): the HTTP layer loads it before each request, so it is at most TTL_MS old there.
 * Null before the first load.
 */
export const loadedSlaConfig = (): SlaConfig | null => last;

/** Forget the cached policies and calendars (after an admin edits them). Other instances refresh within TTL_MS. */
export function invalidateSlaConfig() {
  cached = null;
}

/** The stored `sla.warning_minutes`, or 15 when it was never set (or is not a number ≥ 0). */
function warningMinutes(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  return value == null || !Number.isFinite(n) || n < 0 ? 15 : n;
}

const ALWAYS = compileCalendar(alwaysOpenSpec('UTC'));

/** Policies and compiled calendars, cached briefly: computing a ticket's SLA must not re-read them each time. */
export async function loadSlaConfig(q: Queryable): Promise<SlaConfig> {
  const now = Date.now();
  if (cached && cached.until > now) return cached.config;
  // One after another: `q` may be a transaction's single connection.
  const policies = await slaRepository.listPolicies(q);
  const calendars = await slaRepository.listCalendars(q);
  const warning = await q.query<{ value: number }>(`select value from settings where key = 'sla.warning_minutes'`);
  const compiled = new Map<string, Calendar>();
  for (const c of calendars) {
    try {
      compiled.set(String(c.id), compileCalendar(c.spec));
    } catch {
      /* a calendar that never opens is skipped: its targets count 24×7 */
    }
  }
  const config: SlaConfig = {
    policies: policies.map((p) => ({
      id: String(p.id),
      name: p.name,
      ...(p.display_name ? { display_name: p.display_name } : {}),
      kind: p.kind,
      position: p.position,
      match: p.match,
      targets: p.targets,
    })),
    calendar: (id) => compiled.get(id) ?? ALWAYS,
    // 0 means no warnings (a breach is still recorded); only a missing setting takes the default.
    warningMs: warningMinutes(warning[0]?.value) * 60_000,
  };
  cached = { config, until: now + TTL_MS };
  last = config;
  return config;
}
