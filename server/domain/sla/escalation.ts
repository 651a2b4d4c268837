/**
 * Which SLA escalation events to emit now, and when to look again.
 * Idempotence is the caller's: it passes the keys it already recorded.
 */
import type { Escalation, MetricState, SlaMetric, SlaState } from './types.ts';

export function escalationKey(metric: SlaMetric, dueAt: number): string {
  return `${metric}:${dueAt}`;
}

export interface EscalationsDueOptions {
  state: SlaState;
  now: number;
  /** How long before the due instant a warning is emitted. */
  warningMs: number;
  /** Keys `${metric}:${due_at}` already warned. */
  alreadyWarned: ReadonlySet<string>;
  /** Keys `${metric}:${due_at}` already recorded as breached. */
  alreadyBreached: ReadonlySet<string>;
}

const isRunning = (m: MetricState): boolean => m.status === 'running' || m.status === 'breached_running';

/**
 * Events to emit at `now`, ordered by due instant (warning before breach):
 * - 'sla.warning' for a running metric when due_at - warningMs <= now < due_at
 *   (no warning once the due instant has passed: the breach supersedes it);
 * - 'sla.breached' for a metric that is not stopped (running, or paused after
 *   crossing its target) once now >= its due instant. Stopped metrics never
 *   emit: their outcome is in the state (status 'breached').
 */
export function escalationsDue({ state, now, warningMs, alreadyWarned, alreadyBreached }: EscalationsDueOptions): Escalation[] {
  const out: Escalation[] = [];
  for (const m of state.metrics) {
    if (isRunning(m) && m.due_at !== null) {
      const dueAt = m.due_at;
      const key = escalationKey(m.metric, dueAt);
      if (now >= dueAt) {
        if (!alreadyBreached.has(key)) out.push({ type: 'sla.breached', metric: m.metric, due_at: dueAt, key });
      } else if (now >= dueAt - warningMs && !alreadyWarned.has(key)) {
        out.push({ type: 'sla.warning', metric: m.metric, due_at: dueAt, key });
      }
    } else if (m.status === 'paused' && m.breached_at !== null && now >= m.breached_at) {
      const key = escalationKey(m.metric, m.breached_at);
      if (!alreadyBreached.has(key)) out.push({ type: 'sla.breached', metric: m.metric, due_at: m.breached_at, key });
    }
  }
  return out.sort((a, b) => a.due_at - b.due_at || (a.type === b.type ? 0 : a.type === 'sla.warning' ? -1 : 1));
}

export interface NextEscalationCheckOptions {
  state: SlaState;
  warningMs: number;
  /** Only instants strictly after this count. Defaults to `state.as_of`. */
  now?: number;
}

/**
 * The earliest instant after `now` at which `escalationsDue` could emit
 * something for this state (a running metric's due_at - warningMs or due_at),
 * or null. Call `escalationsDue` for `now` itself first. Paused clocks need no
 * timer: resuming is a ticket event, after which the state is recomputed.
 */
export function nextEscalationCheckAt({ state, warningMs, now }: NextEscalationCheckOptions): number | null {
  const after = now ?? state.as_of;
  let next: number | null = null;
  for (const m of state.metrics) {
    if (!isRunning(m) || m.due_at === null) continue;
    for (const t of [m.due_at - warningMs, m.due_at]) {
      if (t > after && (next === null || t < next)) next = t;
    }
  }
  return next;
}
