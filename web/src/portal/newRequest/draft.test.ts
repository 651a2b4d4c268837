import { describe, expect, it } from 'vitest';
import { fieldText, type TicketField } from '../../api/ticketFields.ts';
import { composeBody, emptyDraft, isWithheld, missing, stepsFor, toCustomFields, toFields, withheldKeys } from './draft.ts';

const t = (k: string, o?: Record<string, unknown>) => {
  if (k === 'new.body.kv') return `${o!.label}: ${o!.value}`;
  if (k === 'new.body.block') return `${o!.label}:`;
  return o ? `${k}(${JSON.stringify(o)})` : k;
};
const SENSITIVE = { fields: ['billing', 'account_settings', '2fa_reset', 'card_last4'], categories: ['billing', '2fa'] };
const TECH = ['availability', 'dns'];
const field = (key: string, type: TicketField['type'], extra: Partial<TicketField> = {}): TicketField => ({
  id: key.length,
  key,
  label: { en: key.toUpperCase(), 'zh-CN': `中${key}` },
  type,
  options: [],
  option_labels: {},
  categories: TECH,
  required: false,
  visible_to_customers: true,
  sensitive: false,
  active: true,
  position: 1000,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  ...extra,
});
/** The tiered-support preset's technical details, as GET /ticket-fields?category=availability answers them. */
const FIELDS = [
  field('domain', 'text'),
  field('frequency', 'select', {
    options: ['once', 'always'],
    option_labels: { always: { en: 'Every time', 'zh-CN': '每次都出现' }, once: { en: 'Once', 'zh-CN': '仅一次' } },
  }),
  field('steps_to_reproduce', 'text'),
  field('urls', 'text'),
  field('tool_output', 'text'),
  field('affected_regions', 'multiselect', { options: ['eu', 'us'] }),
  field('vip', 'checkbox'),
];
const en = fieldText('en');

describe('the guided submission', () => {
  it('leaves out the steps that do not apply: no asset step for an account that owns nothing, checks only for a domain', () => {
    const domain = { id: 1, organization_id: 1, kind: 'domain', name: 'example.com', created_at: '' };
    const product = { ...domain, id: 2, kind: 'product', name: 'WordPress' };
    const all = ['organization', 'asset', 'summary', 'checking', 'category', 'priority', 'details', 'review'];
    // Loading: nothing is left out yet, so the progress never jumps forward.
    expect(stepsFor(emptyDraft(), {})).toEqual(all);
    // An account with a domain, before the choice: the checks are still ahead.
    expect(stepsFor(emptyDraft(), { organizations: 1, assets: [domain] })).toEqual(all);
    expect(stepsFor({ asset: domain, noAsset: false }, { organizations: 1, assets: [domain, product] })).toEqual(all);
    // A general question, or a product: nothing to check, the step is not shown.
    const noChecks = all.filter((s) => s !== 'checking');
    expect(stepsFor({ asset: null, noAsset: true }, { organizations: 1, assets: [domain] })).toEqual(noChecks);
    expect(stepsFor({ asset: product, noAsset: false }, { organizations: 1, assets: [domain, product] })).toEqual(noChecks);
    expect(stepsFor(emptyDraft(), { organizations: 1, assets: [product] })).toEqual(noChecks);
    // An account that owns nothing (the business-hours desk): no asset step, no checks.
    expect(stepsFor(emptyDraft(), { organizations: 1, assets: [] })).toEqual([
      'organization',
      'summary',
      'category',
      'priority',
      'details',
      'review',
    ]);
    // No account at all.
    expect(stepsFor(emptyDraft(), { organizations: 0 })).toEqual(['summary', 'category', 'priority', 'details', 'review']);
  });

  it('asks for what each step needs before going on, required custom fields included', () => {
    const d = emptyDraft();
    expect(missing('organization', d)).toBe('new.err.organization');
    expect(missing('asset', d)).toBe('new.err.asset');
    expect(missing('asset', { ...d, noAsset: true })).toBeNull();
    expect(missing('summary', { ...d, summary: 'hi' })).toBe('new.err.summary');
    expect(missing('checking', d)).toBeNull();
    expect(missing('details', d)).toBeNull();
    const required = [field('zone_id', 'text', { required: true })];
    expect(missing('details', d, required)).toBe('new.err.required');
    expect(missing('details', { ...d, custom: { zone_id: 'z1' } }, required)).toBeNull();
  });

  it("sends the category's custom fields as custom_fields and writes them into a readable body", () => {
    const d = {
      ...emptyDraft(),
      summary: ' Checkout 502 ',
      category: 'availability',
      priority: 'P2' as const,
      occurredAt: '2026-03-02T08:15',
      description: 'Only in Europe',
      custom: {
        domain: 'acme.test',
        frequency: 'always',
        steps_to_reproduce: '1. pay\n2. see 502',
        urls: ' https://a.test/x ',
        tool_output: 'HTTP/2 502\n',
        affected_regions: ['eu'],
        vip: false,
        left_over: 'from another category',
      },
    };
    expect(toFields(d)).toEqual({ submitted_via: 'portal_guided', description: 'Only in Europe', occurred_at_utc: '2026-03-02T08:15:00Z' });
    expect(toCustomFields(d, FIELDS)).toEqual({
      domain: 'acme.test',
      frequency: 'always',
      steps_to_reproduce: '1. pay\n2. see 502',
      urls: 'https://a.test/x',
      tool_output: 'HTTP/2 502',
      affected_regions: ['eu'],
      vip: false,
    });
    const body = composeBody(d, t, SENSITIVE, FIELDS, en);
    expect(body.startsWith('Checkout 502\n')).toBe(true);
    expect(body).toContain('new.details.occurred: 2026-03-02 08:15 UTC');
    expect(body).toContain('DOMAIN: acme.test');
    expect(body).toContain('FREQUENCY: Every time');
    expect(body).toContain('VIP: common.no');
    expect(body).toContain('new.details.description:\nOnly in Europe');
    expect(body).toContain('STEPS_TO_REPRODUCE:\n1. pay\n2. see 502');
    expect(body).toContain('TOOL_OUTPUT:\n```\nHTTP/2 502\n```');
    expect(body).not.toContain('from another category');
    expect(body).not.toContain('new.body.withheld');
    expect(composeBody(d, t, SENSITIVE, FIELDS, fieldText('zh-CN'))).toContain('中frequency: 每次都出现');
  });

  it('a category without custom fields sends its description only (the business-hours preset asks no DNS questions)', () => {
    const d = {
      ...emptyDraft(),
      summary: 'Report phishing site',
      category: 'abuse',
      description: 'phish.example copies our login page',
      custom: { steps_to_reproduce: 'left over', domain: 'acme.test' },
    };
    expect(toFields(d)).toEqual({ submitted_via: 'portal_guided', description: 'phish.example copies our login page' });
    expect(toCustomFields(d, [])).toEqual({});
    const body = composeBody(d, t, SENSITIVE, [], en);
    expect(body).toContain('phish.example copies our login page');
    expect(body).not.toContain('acme.test');
  });

  it("keeps sensitive details out of the body: all of a billing ticket's, and sensitive keys of others", () => {
    const d = {
      ...emptyDraft(),
      summary: 'Invoice has the wrong VAT number',
      category: 'billing',
      description: 'VAT DE123456789, card ending 4242',
      occurredAt: '2026-03-02T08:15',
    };
    const body = composeBody(d, t, SENSITIVE);
    expect(body).not.toContain('4242');
    expect(body).not.toContain('2026-03-02');
    expect(body).toContain('Invoice has the wrong VAT number');
    expect(body).toContain('new.body.withheld');
    expect(toFields(d).description).toBe('VAT DE123456789, card ending 4242');
    expect(withheldKeys(d, SENSITIVE)).toEqual(['description', 'occurred_at_utc']);
    expect(isWithheld('account_settings', 'account', SENSITIVE)).toBe(true);
    expect(isWithheld('description', 'account', SENSITIVE)).toBe(false);
    expect(isWithheld('submitted_via', 'billing', SENSITIVE)).toBe(false);
    // A custom field defined as sensitive is withheld like the setting's keys.
    const card = { ...emptyDraft(), summary: 'Refund', category: 'account', custom: { card_last4: '4242' } };
    const cardFields = [field('card_last4', 'text', { sensitive: true, categories: [] })];
    expect(composeBody(card, t, SENSITIVE, cardFields, en)).not.toContain('4242');
    expect(withheldKeys(card, SENSITIVE, cardFields)).toEqual(['card_last4']);
  });
});
