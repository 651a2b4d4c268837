import type { PolicyFacts, PolicyMatchParams, PolicySelection, SlaPolicy } from './types.ts';

export interface SelectPolicyOptions {
  policies: readonly SlaPolicy[];
  facts: PolicyFacts;
}

const addonKey = (a: string) => a.trim().toLowerCase();

function constrained(list: readonly string[] | null | undefined): list is readonly string[] {
  return Array.isArray(list) && list.length > 0;
}

/**
 * The criteria a policy constrains, with the satisfying facts, or null when
 * the policy does not match. An empty/absent list means "any".
 */
function matchParams(policy: SlaPolicy, facts: PolicyFacts): Omit<PolicyMatchParams, 'policy' | 'policy_id' | 'kind' | 'position'> | null {
  const { plan_ids, addons, channels, categories } = policy.match;
  const out: Omit<PolicyMatchParams, 'policy' | 'policy_id' | 'kind' | 'position'> = {};
  if (constrained(plan_ids)) {
    if (facts.plan_id === null || !plan_ids.includes(facts.plan_id)) return null;
    out.plan = facts.plan_id;
  }
  if (constrained(addons)) {
    // Add-ons are typed by hand on the organization ("Premium"): the same key in any case and spacing.
    const has = new Set(facts.addons.map(addonKey));
    if (!addons.every((a) => has.has(addonKey(a)))) return null;
    out.addons = [...addons];
  }
  if (constrained(channels)) {
    if (!channels.includes(facts.channel)) return null;
    out.channel = facts.channel;
  }
  if (constrained(categories)) {
    if (facts.category === null || !categories.includes(facts.category)) return null;
    out.category = facts.category;
  }
  return out;
}

/**
 * First matching policy in ascending `position` (ties: ascending `id`, so the
 * result never depends on input order), or null when none matches.
 */
export function selectPolicy({ policies, facts }: SelectPolicyOptions): PolicySelection | null {
  const ordered = [...policies].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const policy of ordered) {
    const criteria = matchParams(policy, facts);
    if (criteria === null) continue;
    const params: PolicyMatchParams = {
      policy: policy.name,
      policy_id: policy.id,
      kind: policy.kind,
      position: policy.position,
      ...criteria,
    };
    const key = Object.keys(criteria).length > 0 ? 'sla.reason.matched' : 'sla.reason.matched_default';
    return { policy, reason: { key, params } };
  }
  return null;
}
