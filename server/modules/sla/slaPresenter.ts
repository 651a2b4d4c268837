import { queueExplanation, slaClock, type SlaPolicy, type SlaState } from '../../domain/sla/index.ts';
import type { Priority } from '../../domain/tickets/ticket.ts';
import { loadedSlaConfig } from './slaConfig.ts';

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'number' ? new Date(v).toISOString() : (v ?? null));

interface SlaRow {
  sla_policy?: SlaPolicy | null;
  sla_reason?: unknown;
  sla_state?: (SlaState & { escalated?: string[] }) | null;
  first_response_due_at?: unknown;
  next_response_due_at?: unknown;
  resolution_due_at?: unknown;
  sla_next_breach_at?: unknown;
  plan_name: string | null;
  priority: Priority;
}

/**
 * The clock behind `sla_next_breach_at` as of `now`, from the current calendars (cached config, no query):
 * whether it is counting, when it stops and resumes, the business time left then (docs/sla.md, "The countdown").
 */
function presentClock(state: SlaState | null, now: number) {
  const config = loadedSlaConfig();
  const c = config && state ? slaClock({ state, calendars: config.calendar, now }) : null;
  return c && { ...c, due_at: iso(c.due_at), pauses_at: iso(c.pauses_at), resumes_at: iso(c.resumes_at) };
}

/** The SLA part of a ticket's JSON: due times, the applied policy and why, each clock, and the queue reason. */
export function presentSla(t: SlaRow, now = Date.now()) {
  const state = t.sla_state ?? null;
  return {
    first_response_due_at: iso(t.first_response_due_at),
    next_response_due_at: iso(t.next_response_due_at),
    resolution_due_at: iso(t.resolution_due_at),
    sla_next_breach_at: iso(t.sla_next_breach_at),
    sla_clock: presentClock(t.sla_policy ? state : null, now),
    sla: t.sla_policy
      ? {
          policy: {
            id: Number(t.sla_policy.id),
            name: t.sla_policy.name,
            display_name: t.sla_policy.display_name ?? null,
            kind: t.sla_policy.kind,
          },
          kind: t.sla_policy.kind,
          reason: t.sla_reason ?? null,
          metrics: (state?.metrics ?? []).map((m) => ({
            metric: m.metric,
            status: m.status,
            target_minutes: m.target_minutes,
            calendar_id: Number(m.calendar_id),
            due_at: iso(m.due_at),
            started_at: iso(m.started_at),
            stopped_at: iso(m.stopped_at),
            breached_at: iso(m.breached_at),
            business_minutes: Math.round((m.business_ms / 60_000) * 100) / 100,
          })),
        }
      : null,
    queue_reason: queueExplanation({ plan: t.plan_name, priority: t.priority, state: t.sla_policy ? state : null, now }),
  };
}
