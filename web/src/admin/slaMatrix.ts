import type { Plan, SlaPolicy } from '../api/types.ts';

/** Policies in matching order: a ticket gets the first whose conditions it meets. */
export const sorted = (ps: SlaPolicy[]) =>
  [...ps].sort((a, b) => a.position - b.position || String(a.id).localeCompare(String(b.id), undefined, { numeric: true }));

/** What a policy asks of a ticket beyond its plan: add-ons, channels, categories. */
export interface Conditions {
  addons: string[];
  channels: string[];
  categories: string[];
}
export const conditionsOf = (p: SlaPolicy): Conditions => ({
  addons: p.match?.addons ?? [],
  channels: p.match?.channels ?? [],
  categories: p.match?.categories ?? [],
});
export const isConditional = (p: SlaPolicy) => {
  const c = conditionsOf(p);
  return c.addons.length + c.channels.length + c.categories.length > 0;
};

/** A plan's rows in the matrix: every policy that can apply, in matching order, and whether some tickets get no policy at all. */
export interface PlanRows {
  policies: SlaPolicy[];
  uncovered: boolean;
}

/**
 * Every policy that can apply to a ticket on this plan (null = no plan): those naming the plan and
 * those naming no plan, in matching order, up to and including the first that has no further
 * conditions (nothing after it can match). `uncovered` when every one has conditions: tickets that
 * meet none of them get no target.
 */
export function policiesFor(plan: Plan | null, policies: SlaPolicy[]): PlanRows {
  const out: SlaPolicy[] = [];
  for (const p of sorted(policies)) {
    const ids = p.match?.plan_ids;
    const forPlan = !ids || ids.length === 0 || (plan !== null && ids.map(String).includes(String(plan.id)));
    if (!forPlan) continue;
    out.push(p);
    if (!isConditional(p)) return { policies: out, uncovered: false };
  }
  return { policies: out, uncovered: true };
}

/**
 * The calendar every target of a policy counts in, when they share one: the matrix names it once, beside
 * the policy, instead of after every target (which made the matrix wider than the window).
 */
export function sharedCalendar(p: SlaPolicy): string | undefined {
  const ids = new Set(p.targets.map((x) => (x.calendar_id == null ? '' : String(x.calendar_id))));
  const [only] = [...ids];
  return ids.size === 1 && only ? only : undefined;
}
