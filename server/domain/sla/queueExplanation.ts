/**
 * Why a ticket sits where it does in the queue, as a translatable
 * `{ key, params }` (e.g. "Enterprise · P1 · first response due in 23 min").
 */
import type { Explanation, MetricState, PolicyKind, Priority, SlaMetric, SlaState, TicketStatus } from './types.ts';
import { SLA_METRICS, TERMINAL_STATUSES } from './types.ts';

const MINUTE_MS = 60_000;

export interface QueueBaseParams {
  /** Plan display name; null when the organization has no plan. */
  plan: string | null;
  priority: Priority;
}

export interface QueueTimedParams extends QueueBaseParams {
  metric: SlaMetric;
  kind: PolicyKind;
  /** due: whole minutes left, rounded up (>= 1). overdue: whole minutes past, rounded down (>= 0). */
  minutes: number;
  due_at: number;
}

export interface QueuePausedParams extends QueueBaseParams {
  metric: SlaMetric;
  kind: PolicyKind;
  /** The pausing status: 'pending' = waiting on the customer, 'on_hold' = waiting on a third party. */
  status: TicketStatus;
  /** Set when the target was already crossed before the pause. */
  breached_at: number | null;
}

export type QueueReason =
  | Explanation<'queue.reason.due', QueueTimedParams>
  | Explanation<'queue.reason.overdue', QueueTimedParams>
  | Explanation<'queue.reason.paused', QueuePausedParams>
  /** No policy, or the policy has no target for this priority: served in order of arrival. */
  | Explanation<'queue.reason.no_target', QueueBaseParams>
  /** Targets exist but every clock has stopped (met or breached): served in order of arrival. */
  | Explanation<'queue.reason.no_running_target', QueueBaseParams>
  /** The ticket is solved or closed (a merged ticket is closed): its work has ended, no clock runs. */
  | Explanation<'queue.reason.ended', QueueBaseParams & { status: TicketStatus }>;

export interface QueueExplanationOptions {
  plan: string | null;
  priority: Priority;
  state: SlaState | null;
  /** Defaults to `state.as_of`. */
  now?: number;
}

const order = (m: MetricState): number => SLA_METRICS.indexOf(m.metric);

/**
 * Explains the most urgent clock: the running metric with the earliest due
 * instant (the one behind `next_breach_at`); else a paused metric; else why
 * there is no clock.
 */
export function queueExplanation({ plan, priority, state, now }: QueueExplanationOptions): QueueReason {
  const base: QueueBaseParams = { plan, priority };
  if (state === null || state.metrics.length === 0) return { key: 'queue.reason.no_target', params: base };
  const at = now ?? state.as_of;

  const running = state.metrics
    .filter((m) => (m.status === 'running' || m.status === 'breached_running') && m.due_at !== null)
    .sort((a, b) => a.due_at! - b.due_at! || order(a) - order(b));
  const urgent = running[0];
  if (urgent !== undefined) {
    const dueAt = urgent.due_at!;
    const common = { ...base, metric: urgent.metric, kind: state.kind, due_at: dueAt };
    if (at >= dueAt) {
      return { key: 'queue.reason.overdue', params: { ...common, minutes: Math.floor((at - dueAt) / MINUTE_MS) } };
    }
    return { key: 'queue.reason.due', params: { ...common, minutes: Math.ceil((dueAt - at) / MINUTE_MS) } };
  }

  if (TERMINAL_STATUSES.includes(state.status)) return { key: 'queue.reason.ended', params: { ...base, status: state.status } };
  const paused = state.metrics.find((m) => m.status === 'paused');
  if (paused !== undefined) {
    return {
      key: 'queue.reason.paused',
      params: { ...base, metric: paused.metric, kind: state.kind, status: state.status, breached_at: paused.breached_at },
    };
  }
  return { key: 'queue.reason.no_running_target', params: base };
}
