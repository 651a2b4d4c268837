import type { Queryable } from '../../db/client.ts';
import {
  computeSla,
  escalationsDue,
  nextEscalationCheckAt,
  selectPolicy,
  type PolicyFacts,
  type SlaPolicy,
  type SlaState,
  type TimelineEvent,
} from '../../domain/sla/index.ts';
import type { Priority, Status } from '../../domain/tickets/ticket.ts';
import { loadSlaConfig, type SlaConfig } from './slaConfig.ts';
import type { EventRow } from './slaRepository.ts';

/** Builds the SLA timeline from the ticket's append-only event log. */
export function timelineFromEvents(events: EventRow[]): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const e of events) {
    const at = e.created_at.getTime();
    if (e.type === 'ticket.created')
      out.push({ at, type: 'created', status: e.data.status as Status, priority: e.data.priority as Priority });
    else if (e.type === 'ticket.updated') {
      const c = e.data.changes ?? {};
      if (c.status) out.push({ at, type: 'status', status: c.status[1] as Status });
      if (c.priority) out.push({ at, type: 'priority', priority: c.priority[1] as Priority });
    } else if (e.type === 'ticket.merged' && e.data.into != null) {
      // A merge closes the merged-away ticket (without a ticket.updated): every clock stops there.
      out.push({ at, type: 'status', status: 'closed' });
    } else if (e.type === 'message.added' && !e.data.internal && e.data.author_role !== 'system') {
      const staff = e.data.author_role === 'staff';
      out.push({ at, type: staff ? 'agent_reply' : 'customer_message' });
      if (Array.isArray(e.data.status))
        out.push({ at, type: 'status', status: e.data.status[1] as Status, ...(staff ? { withReply: true } : {}) });
    }
  }
  return out;
}

export interface TicketSlaColumns {
  sla_policy_id: number | null;
  sla_policy: string | null;
  sla_reason: string | null;
  sla_state: string | null;
  first_response_due_at: Date | null;
  next_response_due_at: Date | null;
  resolution_due_at: Date | null;
  sla_next_breach_at: Date | null;
  sla_check_at: Date | null;
  queue_due_at: Date | string;
  queue_rank: number;
  queue_priority: string;
}

/**
 * The escalation keys (`metric:due_at`) already recorded on a ticket, one list per kind: a warning
 * must never stand for the breach that follows it at the same due instant.
 */
export interface Escalations {
  warned: string[];
  breached: string[];
}

/**
 * Reads a stored state's escalations. States written before the two lists existed kept one mixed
 * `escalated` list: those keys count as warned (migration 0030 copied recorded breaches into
 * `breached`), so a breach owed behind an old warning is still recorded.
 */
export function storedEscalations(state: { escalations?: Partial<Escalations>; escalated?: string[] } | null | undefined): Escalations {
  return {
    warned: state?.escalations?.warned ?? state?.escalated ?? [],
    breached: state?.escalations?.breached ?? [],
  };
}

const date = (ms: number | null | undefined) => (ms == null ? null : new Date(ms));

/** Stored form of a computed state: due columns, queue keys, and the next escalation check. */
export function slaColumns(o: {
  policy: SlaPolicy | null;
  reason: unknown;
  state: SlaState | null;
  planRank: number;
  priority: Priority;
  escalations: Escalations;
  warningMs: number;
  now: number;
}): TicketSlaColumns {
  const { policy, state } = o;
  const due = (m: string) => date(state?.metrics.find((x) => x.metric === m)?.due_at);
  const breach = state?.next_breach_at ?? null;
  return {
    sla_policy_id: policy ? Number(policy.id) : null,
    sla_policy: policy ? JSON.stringify(policy) : null,
    sla_reason: o.reason ? JSON.stringify(o.reason) : null,
    sla_state: state ? JSON.stringify({ ...state, escalations: o.escalations }) : null,
    first_response_due_at: due('first_response'),
    next_response_due_at: due('next_response'),
    resolution_due_at: due('resolution'),
    sla_next_breach_at: date(breach),
    sla_check_at: state ? date(checkAt(state, o.escalations, o.warningMs, o.now)) : null,
    queue_due_at: breach == null ? 'infinity' : new Date(breach),
    // The plan orders the desk's work even with no clock running (the seed: answered in plan order).
    queue_rank: o.planRank,
    queue_priority: breach == null ? '' : o.priority,
  };
}

/** Now, when a warning or breach is already owed; else the next instant one could be. */
function checkAt(state: SlaState, e: Escalations, warningMs: number, now: number): number | null {
  if (escalationsDue({ state, now, warningMs, alreadyWarned: new Set(e.warned), alreadyBreached: new Set(e.breached) }).length) return now;
  return nextEscalationCheckAt({ state, warningMs, now });
}

export interface SlaInput {
  planId: number | null;
  planRank: number;
  addons: string[];
  channel: string;
  category: string | null;
  priority: Priority;
  status: Status;
}

/** Chooses the policy for a ticket's facts (first match by position wins). */
export function choosePolicy(config: SlaConfig, f: SlaInput) {
  const facts: PolicyFacts = {
    plan_id: f.planId == null ? null : String(f.planId),
    addons: f.addons,
    channel: f.channel,
    category: f.category,
  };
  return selectPolicy({ policies: config.policies, facts });
}

/** Columns for a new ticket, computed before it is inserted. */
export async function slaForNewTicket(q: Queryable, f: SlaInput & { createdAt: number; now: number }): Promise<TicketSlaColumns> {
  const config = await loadSlaConfig(q);
  const sel = choosePolicy(config, f);
  const state = sel
    ? computeSla({
        policy: sel.policy,
        calendars: config.calendar,
        timeline: [{ at: f.createdAt, type: 'created', status: f.status, priority: f.priority }],
        now: Math.max(f.now, f.createdAt),
      })
    : null;
  return slaColumns({
    policy: sel?.policy ?? null,
    reason: sel?.reason ?? null,
    state,
    planRank: f.planRank,
    priority: f.priority,
    escalations: { warned: [], breached: [] },
    warningMs: config.warningMs,
    now: f.now,
  });
}
