/**
 * SLA domain types. Pure data: no database, no clock. All instants are epoch
 * milliseconds (UTC), all durations milliseconds unless the name says minutes.
 * Explanations are `{ key, params }` pairs rendered (and translated) by the UI.
 */
import type { Calendar } from '../calendar/types.ts';

export type { Calendar };

export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];

export type SlaMetric = 'first_response' | 'next_response' | 'resolution';
/** Evaluation and display order of metrics. */
export const SLA_METRICS: readonly SlaMetric[] = ['first_response', 'next_response', 'resolution'];

export type TicketStatus = 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed';
export type PauseStatus = 'pending' | 'on_hold';
/** Statuses in which no SLA clock runs at all (the ticket owes nothing). */
export const TERMINAL_STATUSES: readonly TicketStatus[] = ['solved', 'closed'];

/** 'sla' = a commitment (contractual), 'slo' = an objective. Both are tracked. */
export type PolicyKind = 'sla' | 'slo';

export interface SlaTarget {
  metric: SlaMetric;
  priority: Priority;
  minutes: number;
  calendar_id: string;
  pause_on: PauseStatus[];
}

/** Each non-empty list narrows the policy; null, undefined or [] means "any". */
export interface SlaPolicyMatch {
  plan_ids?: string[] | null;
  addons?: string[] | null;
  channels?: string[] | null;
  categories?: string[] | null;
}

export interface SlaPolicy {
  id: string;
  name: string;
  /** The name by language (`{en, 'zh-CN'}`), shown where set; `name` otherwise. */
  display_name?: Record<string, string> | null;
  kind: PolicyKind;
  position: number;
  match: SlaPolicyMatch;
  targets: SlaTarget[];
}

export interface PolicyFacts {
  plan_id: string | null;
  addons: string[];
  channel: string;
  category: string | null;
}

/** A translatable explanation: the UI owns the wording for each key. */
export interface Explanation<K extends string, P> {
  key: K;
  params: P;
}

/**
 * Why a policy applies. Only the criteria the policy actually constrains are
 * present, holding the organization/ticket fact that satisfied them (for
 * `addons`: the add-ons the policy requires). `plan` is a plan id.
 */
export interface PolicyMatchParams {
  policy: string;
  policy_id: string;
  kind: PolicyKind;
  position: number;
  plan?: string;
  addons?: string[];
  channel?: string;
  category?: string;
}

export type PolicyMatchReason =
  /** Matched on at least one criterion (see params). */
  | Explanation<'sla.reason.matched', PolicyMatchParams>
  /** The policy has no criteria: it applies to every ticket. */
  | Explanation<'sla.reason.matched_default', PolicyMatchParams>;

export interface PolicySelection {
  policy: SlaPolicy;
  reason: PolicyMatchReason;
}

export type TimelineEventType = 'created' | 'status' | 'priority' | 'agent_reply' | 'customer_message';

/**
 * One ticket event. 'created' carries both status and priority, 'status' a
 * status, 'priority' a priority. 'agent_reply' is a PUBLIC agent reply only
 * (internal notes must not be passed in).
 */
export interface TimelineEvent {
  at: number;
  type: TimelineEventType;
  status?: TicketStatus;
  priority?: Priority;
  /**
   * A status set with an agent's reply ("send and solve"): it takes effect after the reply at the same
   * instant, so the reply meets first response before the solve could cancel it.
   */
  withReply?: boolean;
}

/**
 * 'cancelled': a first/next response target the ticket stopped owing because it was solved, closed
 * or merged before any answer (and before the target was missed). It has no due instant.
 */
export type MetricStatus = 'running' | 'paused' | 'met' | 'breached' | 'breached_running' | 'cancelled';

export interface MetricState {
  metric: SlaMetric;
  target_minutes: number;
  calendar_id: string;
  status: MetricStatus;
  /**
   * running/breached_running: when the target is (or was) reached.
   * paused: null. met/breached: the due instant as it stood when the clock
   * stopped (null if the clock was paused at that moment and never crossed). cancelled: null.
   */
  due_at: number | null;
  started_at: number;
  stopped_at: number | null;
  /** Open (calendar) time counted so far, or up to the stop. */
  business_ms: number;
  /** The instant the target was crossed, once it has been (now >= due, or stopped after due). */
  breached_at: number | null;
  /** next_response only: completed cycles (including this one if it has stopped). */
  cycles?: { met: number; breached: number; cancelled?: number };
}

export interface SlaState {
  policy_id: string;
  kind: PolicyKind;
  /** The ticket's priority as of `as_of`; its targets were used for every metric. */
  priority: Priority;
  /** The ticket's status as of `as_of`. */
  status: TicketStatus;
  /** The `now` the state was computed for. */
  as_of: number;
  /** One entry per metric that has a target for `priority` (next_response only once a cycle began). */
  metrics: MetricState[];
  /** Earliest due_at among running metrics (overdue ones included); null when none is running. */
  next_breach_at: number | null;
}

export interface ComputeSlaOptions {
  policy: SlaPolicy;
  calendars: (id: string) => Calendar;
  timeline: TimelineEvent[];
  now: number;
}

export type EscalationType = 'sla.warning' | 'sla.breached';

export interface Escalation {
  type: EscalationType;
  metric: SlaMetric;
  due_at: number;
  /** `${metric}:${due_at}` — the key to add to alreadyWarned / alreadyBreached. */
  key: string;
}
