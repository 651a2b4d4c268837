import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

type PlanOut = { key: string; name: string; settings: { display_name?: { en: string; 'zh-CN': string } } };

describe('what presets say and name, through the API', () => {
  it('GET /presets describes business hours as two plans, Monday to Saturday, in both languages', async () => {
    const r = await k.admin.get('/api/v1/presets');
    expect(r.status).toBe(200);
    const bh = r.body.data.find((p: { name: string }) => p.name === 'business-hours');
    expect(bh.plans).toEqual(['Paid product', 'Free product']);
    expect(bh.description.en).toMatch(/^Two plans: Paid product .*Free product/);
    expect(bh.description.en).toContain('Monday to Saturday 08:00–17:30');
    expect(bh.description['zh-CN']).toMatch(/^两个计划：付费产品.*免费产品/);
    expect(bh.description['zh-CN']).toContain('周一至周六');
    const tiered = r.body.data.find((p: { name: string }) => p.name === 'tiered-support');
    expect(tiered.description.en).toContain('Premium add-on');
  });

  it('applied plans carry their display names in both languages; the name itself stays as it was', async () => {
    await k.admin.post('/api/v1/presets/tiered-support/apply', {});
    await k.admin.post('/api/v1/presets/business-hours/apply', {});
    const plans = (await k.admin.get('/api/v1/plans')).body.data as PlanOut[];
    const by = Object.fromEntries(plans.map((p) => [p.key, p]));
    expect(by.enterprise.name).toBe('Enterprise');
    expect(by.enterprise.settings.display_name).toEqual({ en: 'Enterprise', 'zh-CN': '企业' });
    expect(by.free.settings.display_name).toEqual({ en: 'Free', 'zh-CN': '免费' });
    expect(by.paid.settings.display_name).toEqual({ en: 'Paid product', 'zh-CN': '付费产品' });
    expect(by['free-product'].settings.display_name).toEqual({ en: 'Free product', 'zh-CN': '免费产品' });
    for (const p of plans) expect(p.settings.display_name?.['zh-CN'], p.key).toBeTruthy();
  });
});
