import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * The desk's ticket categories come from its preset (docs/forms.md, "The desk's categories"): a
 * business-hours desk offers installation, configuration and operations, not the tiered desk's DNS
 * and certificate categories; a second preset adds its own after the desk's.
 */
let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

const keys = (b: { categories: Array<{ key: string } | string> }) => b.categories.map((c) => (typeof c === 'string' ? c : c.key));
const BUSINESS_HOURS = ['deployment', 'app_config', 'operations', 'fault', 'presales', 'billing', 'account', 'other'];

describe("the desk's categories", () => {
  it('a business-hours desk offers its own categories to customers and guests; the tiered preset then adds its own after them', async () => {
    // Before any preset: the built-in list.
    expect(keys((await k.admin.get('/api/v1/ticket-form')).body)).toContain('dns');

    expect((await k.admin.post('/api/v1/presets/business-hours/apply', {})).status).toBeLessThan(300);
    const plans = (await k.admin.get('/api/v1/plans')).body.data as Array<{ id: number; name: string }>;
    const org = (
      await k.admin.post('/api/v1/organizations', { name: 'Paid Co', plan_id: plans.find((p) => p.name === 'Paid product')!.id })
    ).body;
    const person = await k.admin.post('/api/v1/people', {
      name: 'Pat',
      email: 'pat@paid.test',
      organization_id: org.id,
      password: 'Long-pass-123',
      locale: 'zh-CN',
    });
    expect(person.status).toBe(201);
    const pat = await k.signIn('pat@paid.test', 'Long-pass-123');
    const form = (await pat.get('/api/v1/ticket-form')).body;
    expect(keys(form)).toEqual(BUSINESS_HOURS);
    expect(form.not_included).toEqual([]);
    expect(form.categories.find((c: { key: string }) => c.key === 'deployment').technical).toBe(true);
    // A ticket in one of them is taken.
    const t = await pat.post('/api/v1/tickets', { subject: 'WordPress will not start', body: 'After the upgrade', category: 'deployment' });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    expect(t.body.category).toBe('deployment');

    // Guests: the same list without the sensitive categories (billing needs a verified requester).
    const guest = await k.anon.get('/api/v1/public/guest-form');
    expect(guest.status).toBe(200);
    expect(guest.body.categories).toEqual(BUSINESS_HOURS.filter((c) => c !== 'billing'));

    // Applying the same preset again changes nothing; the tiered preset adds its categories after the desk's.
    await k.admin.post('/api/v1/presets/business-hours/apply', {});
    expect(keys((await pat.get('/api/v1/ticket-form')).body)).toEqual(BUSINESS_HOURS);
    await k.admin.post('/api/v1/presets/tiered-support/apply', {});
    const both = keys((await pat.get('/api/v1/ticket-form')).body);
    expect(both.slice(0, BUSINESS_HOURS.length)).toEqual(BUSINESS_HOURS);
    expect(both.slice(BUSINESS_HOURS.length)).toEqual([
      'availability',
      'dns',
      'ssl',
      'performance',
      'security',
      'configuration',
      '2fa',
      'abuse',
    ]);
  });

  it('a damaged stored list falls back to the built-in one rather than leaving customers without categories', async () => {
    await k.db.query(`update settings set value = '"not a list"'::jsonb where key = 'tickets.categories'`);
    const pat = await k.signIn('pat@paid.test', 'Long-pass-123');
    expect(keys((await pat.get('/api/v1/ticket-form')).body)).toEqual([
      'availability',
      'dns',
      'ssl',
      'performance',
      'security',
      'configuration',
      'account',
      'billing',
      '2fa',
      'abuse',
      'other',
    ]);
  });
});
