import { describe, expect, it } from 'vitest';
import { checkTicketEntitlement, domainCovered, includesChannel, parsePlanSettings, ticketFormFor } from './entitlement.ts';

const free = parsePlanSettings('Free', {
  channels: ['community', 'web', 'email'],
  categories: ['billing', 'account', '2fa', 'abuse'],
  community_url: 'https://community.example/',
});
const pro = parsePlanSettings('Pro', { channels: ['community', 'web', 'email'] });
const freeProduct = parsePlanSettings('Free product', {
  channels: ['community'],
  human_support: false,
  github_url: 'https://github.com/x',
});
const paid = parsePlanSettings('Paid product', { channels: ['web', 'email', 'chat', 'phone'] });

describe('ticket entitlement', () => {
  const check = (plan: typeof free | null, channel: string, category: string | null, incidentBalance = 0) =>
    checkTicketEntitlement({ plan, channel, category, incidentBalance, paidIncidentsOffered: true });
  it.each([
    ['Free billing on the web', free, 'web', 'billing', true],
    ['Free 2FA by API', free, 'api', '2fa', true],
    ['Free technical question', free, 'web', 'dns', false],
    ['Free without a category', free, 'web', null, false],
    ['Free by chat', free, 'chat', 'billing', false],
    ['Pro technical question', pro, 'web', 'dns', true],
    ['Pro by chat', pro, 'chat', null, false],
    ['Paid product by phone', paid, 'phone', null, true],
    ['no plan at all', null, 'email', null, true],
  ])('%s', (_name, plan, channel, category, ok) => {
    expect(check(plan, channel, category).ok).toBe(ok);
  });
  it('says why and offers the community link', () => {
    const r = check(free, 'web', 'dns');
    expect(r).toMatchObject({ ok: false, reason: 'category_not_included', allowed_categories: ['billing', 'account', '2fa', 'abuse'] });
    if (!r.ok) expect(r.alternatives).toContainEqual({ kind: 'community', url: 'https://community.example/' });
  });
  it('a plan without human support needs a paid incident', () => {
    expect(
      checkTicketEntitlement({
        plan: { ...freeProduct, channels: null },
        channel: 'web',
        category: null,
        incidentBalance: 0,
        paidIncidentsOffered: true,
      }),
    ).toMatchObject({
      ok: false,
      reason: 'no_human_support',
      alternatives: [{ kind: 'github', url: 'https://github.com/x' }, { kind: 'paid_incident' }],
    });
    expect(
      checkTicketEntitlement({
        plan: { ...freeProduct, channels: null },
        channel: 'web',
        category: null,
        incidentBalance: 2,
        paidIncidentsOffered: true,
      }),
    ).toEqual({ ok: true, consumeIncident: true });
  });
  it('lists channels per plan', () => {
    expect(includesChannel(free, 'chat')).toBe(false);
    expect(includesChannel(free, 'community')).toBe(true);
    expect(includesChannel(paid, 'phone')).toBe(true);
    expect(includesChannel(null, 'emergency_phone')).toBe(true);
  });
  it('the form offers Free exactly its four categories and names what is not included', () => {
    const f = ticketFormFor({ plan: free, incidentBalance: 0, paidIncidentsOffered: false });
    expect(f.categories.map((c) => c.key)).toEqual(['account', 'billing', '2fa', 'abuse']);
    expect(f.not_included).toEqual(['availability', 'dns', 'ssl', 'performance', 'security', 'configuration', 'other']);
    expect(f).toMatchObject({
      can_submit: true,
      consumes_incident: false,
      alternatives: [{ kind: 'community', url: 'https://community.example/' }],
    });
    expect(ticketFormFor({ plan: pro, incidentBalance: 0, paidIncidentsOffered: false }).not_included).toEqual([]);
  });
  it('the form says a ticket takes a paid incident, or that none is left', () => {
    const plan = { ...freeProduct, channels: null };
    expect(ticketFormFor({ plan, incidentBalance: 2, paidIncidentsOffered: true })).toMatchObject({
      can_submit: true,
      consumes_incident: true,
    });
    expect(ticketFormFor({ plan, incidentBalance: 0, paidIncidentsOffered: true })).toMatchObject({
      can_submit: false,
      reason: 'no_human_support',
      consumes_incident: false,
    });
    expect(ticketFormFor({ plan: freeProduct, incidentBalance: 2, paidIncidentsOffered: true })).toMatchObject({
      can_submit: false,
      reason: 'channel_not_included',
    });
  });
  it.each([
    ['acme.test', true],
    ['WWW.Acme.Test.', true],
    ['https://shop.acme.test/cart', true],
    ['acme.test:8443', true],
    ['evil-acme.test', false],
    ['acme.test.evil.example', false],
    ['other.example', false],
    ['', false],
  ])('domain %s is covered by acme.test: %s', (name, ok) => {
    expect(domainCovered(name, ['acme.test'])).toBe(ok);
  });
});
