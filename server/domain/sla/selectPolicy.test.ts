import { describe, expect, it } from 'vitest';
import { selectPolicy } from './selectPolicy.ts';
import type { PolicyFacts, SlaPolicy, SlaPolicyMatch } from './types.ts';

const policy = (id: string, name: string, position: number, match: SlaPolicyMatch, kind: 'sla' | 'slo' = 'sla'): SlaPolicy => ({
  id,
  name,
  kind,
  position,
  match,
  targets: [],
});

const PREMIUM = policy('pol-premium', 'Premium', 0, { addons: ['premium'] });
const ENTERPRISE = policy('pol-ent', 'Enterprise', 1, { plan_ids: ['enterprise'] });
const ENT_EMAIL_BILLING = policy('pol-ent-billing', 'Enterprise billing e-mail', 2, {
  plan_ids: ['enterprise'],
  channels: ['email'],
  categories: ['billing'],
});
const TEAM = policy('pol-team', 'Team', 3, { plan_ids: ['team', 'business'], addons: [], channels: null }, 'slo');
const CHAT = policy('pol-chat', 'Chat', 4, { channels: ['chat'] }, 'slo');
const ALL = [TEAM, CHAT, ENT_EMAIL_BILLING, ENTERPRISE, PREMIUM]; // deliberately not in position order

const facts = (f: Partial<PolicyFacts>): PolicyFacts => ({ plan_id: null, addons: [], channel: 'email', category: null, ...f });

describe('selectPolicy', () => {
  it.each([
    {
      label: 'Enterprise + premium add-on → Premium (position 0 beats 1)',
      f: { plan_id: 'enterprise', addons: ['premium', 'sso'] },
      id: 'pol-premium',
    },
    {
      // The admin types add-ons by hand, as the SLA page names it ("Premium"): the key is matched in any case.
      label: 'Enterprise + "Premium " typed by hand → Premium',
      f: { plan_id: 'enterprise', addons: ['Premium '] },
      id: 'pol-premium',
    },
    { label: 'Enterprise without add-on → Enterprise', f: { plan_id: 'enterprise' }, id: 'pol-ent' },
    {
      label: 'Enterprise billing e-mail → Enterprise (position 1 before the narrower 2)',
      f: { plan_id: 'enterprise', category: 'billing' },
      id: 'pol-ent',
    },
    { label: 'Team plan → Team', f: { plan_id: 'team', channel: 'chat' }, id: 'pol-team' },
    { label: 'Business plan → Team', f: { plan_id: 'business' }, id: 'pol-team' },
    { label: 'Free plan on chat → Chat', f: { plan_id: 'free', channel: 'chat' }, id: 'pol-chat' },
    { label: 'Free plan on e-mail → none', f: { plan_id: 'free' }, id: null },
    { label: 'no plan → none', f: {}, id: null },
  ])('$label', ({ f, id }) => {
    expect(selectPolicy({ policies: ALL, facts: facts(f) })?.policy.id ?? null).toBe(id);
  });

  it.each([
    { label: 'channel and category both match', f: { channel: 'email', category: 'billing' }, id: 'pol-ent-billing' },
    { label: 'wrong channel', f: { channel: 'chat', category: 'billing' }, id: null },
    { label: 'wrong category', f: { channel: 'email', category: 'bugs' }, id: null },
    { label: 'no category', f: { channel: 'email', category: null }, id: null },
  ])('channel/category narrowing: $label', ({ f, id }) => {
    const got = selectPolicy({ policies: [ENT_EMAIL_BILLING], facts: facts({ plan_id: 'enterprise', ...f }) });
    expect(got?.policy.id ?? null).toBe(id);
  });

  it('add-ons require ALL listed add-ons', () => {
    const both = policy('pol-both', 'Both', 0, { addons: ['premium', 'sla-plus'] });
    expect(selectPolicy({ policies: [both], facts: facts({ addons: ['premium'] }) })).toBeNull();
    expect(selectPolicy({ policies: [both], facts: facts({ addons: ['sla-plus', 'premium'] }) })?.policy.id).toBe('pol-both');
  });

  it('explains the match with keys and params only', () => {
    expect(selectPolicy({ policies: ALL, facts: facts({ plan_id: 'enterprise', addons: ['premium'] }) })?.reason).toEqual({
      key: 'sla.reason.matched',
      params: { policy: 'Premium', policy_id: 'pol-premium', kind: 'sla', position: 0, addons: ['premium'] },
    });
    expect(selectPolicy({ policies: [ENT_EMAIL_BILLING], facts: facts({ plan_id: 'enterprise', category: 'billing' }) })?.reason).toEqual({
      key: 'sla.reason.matched',
      params: {
        policy: 'Enterprise billing e-mail',
        policy_id: 'pol-ent-billing',
        kind: 'sla',
        position: 2,
        plan: 'enterprise',
        channel: 'email',
        category: 'billing',
      },
    });
  });

  it('a policy without criteria is a catch-all with its own key', () => {
    const fallback = policy('pol-default', 'Default', 99, { plan_ids: [], addons: null });
    const got = selectPolicy({ policies: [...ALL, fallback], facts: facts({ plan_id: 'free' }) });
    expect(got?.reason).toEqual({
      key: 'sla.reason.matched_default',
      params: { policy: 'Default', policy_id: 'pol-default', kind: 'sla', position: 99 },
    });
  });

  it('equal positions are ordered by id, whatever the input order', () => {
    const a = policy('a', 'A', 5, {});
    const b = policy('b', 'B', 5, {});
    expect(selectPolicy({ policies: [b, a], facts: facts({}) })?.policy.id).toBe('a');
    expect(selectPolicy({ policies: [a, b], facts: facts({}) })?.policy.id).toBe('a');
  });

  it('no policies → null', () => {
    expect(selectPolicy({ policies: [], facts: facts({ plan_id: 'free' }) })).toBeNull();
  });
});
