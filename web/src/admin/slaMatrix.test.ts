import { describe, expect, it } from 'vitest';
import { planDisplayName } from '../api/plans.ts';
import type { Plan, SlaPolicy } from '../api/types.ts';
import { policiesFor, sharedCalendar } from './slaMatrix.ts';

const plan = (id: number, name: string, zh?: string): Plan => ({
  id,
  key: name.toLowerCase(),
  name,
  rank: id,
  settings: zh ? { display_name: { en: name, 'zh-CN': zh } } : {},
});
const pol = (id: number, position: number, match: SlaPolicy['match']): SlaPolicy => ({
  id,
  name: `P${id}`,
  kind: 'sla',
  position,
  match,
  targets: [],
});

describe('the SLA matrix shows every policy that can apply to a plan', () => {
  // As the tiered-support preset stores them: Premium add-on first, then one policy per plan.
  const ent = plan(1, 'Enterprise');
  const free = plan(4, 'Free');
  const tiered = [pol(10, 10, { addons: ['premium'] }), pol(20, 20, { plan_ids: ['1'] }), pol(30, 30, { plan_ids: ['2'] })];

  it('the Premium add-on shows on every plan, before the plan’s own policy', () => {
    expect(policiesFor(ent, tiered)).toEqual({ policies: [tiered[0], tiered[1]], uncovered: false });
    // Free has no policy of its own: Premium, and otherwise no target.
    expect(policiesFor(free, tiered)).toEqual({ policies: [tiered[0]], uncovered: true });
    expect(policiesFor(null, tiered)).toEqual({ policies: [tiered[0]], uncovered: true });
  });

  it('a policy that matches on channel only (business hours) applies to every plan, with its condition', () => {
    const bh = [pol(1, 10, { channels: ['web', 'email', 'api'] })];
    expect(policiesFor(plan(1, 'Paid product'), bh)).toEqual({ policies: bh, uncovered: true });
  });

  it('nothing after an unconditional policy can match, so it is not shown', () => {
    const ps = [pol(1, 10, { plan_ids: null }), pol(2, 20, { addons: ['premium'] })];
    expect(policiesFor(ent, ps).policies.map((p) => p.id)).toEqual([1]);
  });
});

describe('plan names in the reader’s language', () => {
  it('picks the display name of the reader’s language, else the plan’s name', () => {
    expect(planDisplayName(plan(1, 'Enterprise', '企业'), 'zh-CN')).toBe('企业');
    expect(planDisplayName(plan(1, 'Enterprise', '企业'), 'en')).toBe('Enterprise');
    expect(planDisplayName(plan(2, 'Gold'), 'zh-CN')).toBe('Gold');
    expect(planDisplayName({ name: 'Odd', settings: { display_name: 'not an object' } }, 'zh-CN')).toBe('Odd');
    expect(planDisplayName(null, 'en')).toBe('');
  });
});

describe('sharedCalendar', () => {
  const target = (priority: string, calendar_id?: number) => ({ metric: 'first_response', priority, minutes: 60, calendar_id });
  it('names the calendar every target counts in, and none when they differ or there is none', () => {
    const withTargets = (targets: ReturnType<typeof target>[]) => ({ ...pol(1, 10, {}), targets }) as SlaPolicy;
    expect(sharedCalendar(withTargets([target('P1', 3), target('P2', 3)]))).toBe('3');
    expect(sharedCalendar(withTargets([target('P1', 3), target('P2', 4)]))).toBeUndefined();
    expect(sharedCalendar(withTargets([target('P1')]))).toBeUndefined();
    expect(sharedCalendar(withTargets([]))).toBeUndefined();
  });
});
