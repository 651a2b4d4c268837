import type { Queryable } from '../../db/client.ts';
import { computeSla, escalationsDue, type SlaPolicy } from '../../domain/sla/index.ts';
import type { Priority } from '../../domain/tickets/ticket.ts';
import { appendTicketEvent } from '../shared/ticketEventLog.ts';
import { loadSlaConfig } from './slaConfig.ts';
import { slaRepository } from './slaRepository.ts';
import { choosePolicy, slaColumns, storedEscalations, timelineFromEvents } from './ticketSla.ts';

/**
 * Recomputes a ticket's clocks from its history, inside the caller's transaction. The policy
 * applied at creation is kept (editing a policy does not move existing tickets) unless `reselect`
 * is set: a plan change, or an admin recomputing open tickets.
 * Warnings and breaches now owed are appended as ticket events (with their processors' jobs).
 */
export async function recomputeTicketSla(q: Queryable, o: { ticketId: number; now: Date; reselect?: boolean }) {
  const t = await slaRepository.ticketFacts(q, o.ticketId);
  if (!t) return [];
  const config = await loadSlaConfig(q);
  let policy: SlaPolicy | null = t.sla_policy;
  let reason: unknown = undefined;
  if (o.reselect) {
    const sel = choosePolicy(config, {
      planId: t.plan_id,
      planRank: t.plan_rank,
      addons: t.addons ?? [],
      channel: t.channel,
      category: t.category,
      priority: t.priority as Priority,
      status: t.status as never,
    });
    policy = sel?.policy ?? null;
    reason = sel?.reason ?? null;
  }
  const now = o.now.getTime();
  const state = policy
    ? computeSla({ policy, calendars: config.calendar, timeline: timelineFromEvents(await slaRepository.ticketEvents(q, o.ticketId)), now })
    : null;
  const before = storedEscalations(t.sla_state);
  const owed = state
    ? escalationsDue({
        state,
        now,
        warningMs: config.warningMs,
        alreadyWarned: new Set(before.warned),
        alreadyBreached: new Set(before.breached),
      })
    : [];
  const keys = (type: string) => owed.filter((e) => e.type === type).map((e) => e.key);
  const cols = slaColumns({
    policy,
    reason: reason ?? null,
    state,
    planRank: t.plan_rank,
    priority: t.priority as Priority,
    escalations: { warned: [...before.warned, ...keys('sla.warning')], breached: [...before.breached, ...keys('sla.breached')] },
    warningMs: config.warningMs,
    now,
  });
  const { sla_reason, ...rest } = cols;
  await slaRepository.saveTicketSla(q, o.ticketId, reason === undefined ? rest : { ...rest, sla_reason });
  for (const e of owed) {
    const data = { metric: e.metric, due_at: new Date(e.due_at).toISOString(), kind: policy?.kind, policy: policy?.name };
    await appendTicketEvent(q, { ticketId: o.ticketId, actorId: null, type: e.type, data, at: o.now });
  }
  return owed;
}
