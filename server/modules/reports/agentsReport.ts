import type { Db } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import { ticketScopeSql } from '../tickets/ticketPolicy.ts';
import { activityRepository, type Arg } from './activityRepository.ts';
import type { Period } from './reportPeriod.ts';
import { assertCanReadReports } from './reportSettings.ts';

export interface AgentRow {
  agent_id: number;
  name: string;
  replies: number;
  solved: number;
  median_first_response_minutes: number | null;
  open_now: number;
}

/**
 * What each agent and admin did in a period (docs/exports.md): public replies, tickets solved
 * (done in the period and assigned to them now), the median calendar minutes of the first responses
 * they gave, and the unsolved tickets assigned to them now. Sorted by replies, most first. Staff only;
 * a group-limited agent sees their groups' members (and themselves), counted over their scope only.
 */
export async function agentsReport(
  db: Db,
  o: { actor: Principal; period: Period; tz: string },
): Promise<{ data: AgentRow[]; meta: { from: string; to: string; tz: string } }> {
  const { actor, period } = o;
  assertCanReadReports(actor);
  const people = await activityRepository.staff(db, { groups: actor.ticketGroups, personId: actor.personId });
  const figures = await activityRepository.agentFigures(db, {
    ...period,
    ids: people.map((p) => Number(p.id)),
    scope: (arg: Arg) => ticketScopeSql(actor, arg),
  });
  const byId = new Map(figures.map((f) => [f.id, f]));
  const data = people
    .map((p) => {
      const f = byId.get(Number(p.id));
      return {
        agent_id: Number(p.id),
        name: p.name,
        replies: f?.replies ?? 0,
        solved: f?.solved ?? 0,
        median_first_response_minutes: f?.median_first_response_minutes ?? null,
        open_now: f?.open_now ?? 0,
        active: p.active,
      };
    })
    .filter((r) => r.active || r.replies || r.solved || r.open_now)
    .sort((a, b) => b.replies - a.replies || a.name.localeCompare(b.name) || a.agent_id - b.agent_id)
    .map(({ active: _active, ...r }) => r);
  return { data, meta: { from: period.from.toISOString(), to: period.to.toISOString(), tz: o.tz } };
}
