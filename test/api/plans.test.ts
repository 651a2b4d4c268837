import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';
import { describeRefusal } from '../../server/modules/plans/checkEntitlement.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

const planId = async (name: string) =>
  ((await k.admin.get('/api/v1/plans')).body.data as Array<{ id: number; name: string }>).find((p) => p.name === name)!.id;

describe('tiered-support entitlements', () => {
  it('Free may open billing tickets but not technical ones, and is pointed to the community', async () => {
    await k.admin.post('/api/v1/presets/tiered-support/apply', {});
    const free = (await k.admin.post('/api/v1/organizations', { name: 'Freebie', plan_id: await planId('Free') })).body;
    await k.admin.post('/api/v1/people', {
      name: 'Fay',
      email: 'fay@free.test',
      organization_id: free.id,
      password: 'Fay-pass-123',
      locale: 'zh-CN',
    });
    const fay = await k.signIn('fay@free.test', 'Fay-pass-123');
    const ok = await fay.post('/api/v1/tickets', { subject: '发票抬头错误', body: '请帮我修改', category: 'billing' });
    expect(ok.status).toBe(201);
    expect(ok.body.first_response_due_at).toBeNull();
    // The preset ships no community link (a placeholder would send customers nowhere): the refusal names none…
    const before = await fay.post('/api/v1/tickets', { subject: 'DNS 解析失败', body: '无法访问', category: 'dns' });
    expect(before.status).toBe(403);
    expect(before.body.error.details.alternatives.map((a: { kind: string }) => a.kind)).not.toContain('community');
    // The contact page shows no community card without a link either…
    const keys = async () => ((await k.anon.get('/api/v1/public/contact')).body.channels as Array<{ key: string }>).map((c) => c.key);
    expect(await keys()).not.toContain('community');
    // …until the admin gives the community channel the desk's link.
    expect((await k.admin.patch('/api/v1/channels/community', { contact: 'https://community.acme.test/' })).status).toBe(200);
    expect(await keys()).toContain('community');
    const no = await fay.post('/api/v1/tickets', { subject: 'DNS 解析失败', body: '无法访问', category: 'dns' });
    expect(no.status).toBe(403);
    expect(no.body.error.code).toBe('not_entitled');
    expect(no.body.error.message).toContain('账单');
    expect(no.body.error.message).toContain('https://community.acme.test/');
    expect(no.body.error.details.alternatives).toContainEqual({ kind: 'community', url: 'https://community.acme.test/' });
    // Through the API with an admin token the same rule holds, unless the agent overrides it.
    expect(
      (
        await k.admin.post('/api/v1/tickets', {
          subject: 'dns',
          body: 'x',
          organization_id: free.id,
          requester_email: 'fay@free.test',
          category: 'dns',
        })
      ).body.error.code,
    ).toBe('not_entitled');
    expect(
      (
        await k.admin.post('/api/v1/tickets', {
          subject: 'dns',
          body: 'x',
          organization_id: free.id,
          requester_email: 'fay@free.test',
          category: 'dns',
          override_entitlement: true,
        })
      ).status,
    ).toBe(201);
    // A channel the plan lacks, for staff logging a call: the message is about the requester's plan, not "your plan".
    const fayId = (await k.admin.get('/api/v1/people?q=fay%40free.test')).body.data[0].id;
    const call = await k.admin.post('/api/v1/tickets', { subject: 'call', body: 'x', requester_id: fayId, channel: 'phone' });
    expect(call.body.error.code).toBe('not_entitled');
    expect(call.body.error.message).toMatch(/^The requester's Free plan does not include support by phone\./);
    // And what the requester can do instead is said about them too, not to the agent ("Ask the community").
    expect(call.body.error.message).toMatch(/The requester can ask the community: https?:\/\//);
    expect(call.body.error.message).not.toMatch(/Ask the community/);
    // In Chinese, to staff and to the requester.
    const refusal = {
      ok: false as const,
      reason: 'channel_not_included' as const,
      plan: 'Free',
      channel: 'phone' as const,
      category: null,
      allowed_categories: null,
      alternatives: [{ kind: 'community' as const, url: 'https://community.example' }],
    };
    // The plan is named in the reader's language (its display name, as the presets store them)…
    const freeNames = { name: 'Free', display_name: { en: 'Free', 'zh-CN': '免费' } };
    expect(describeRefusal(refusal, freeNames, 'zh-CN', 'staff')).toBe(
      '请求人的免费计划不包含电话支持。请求人可以到社区提问：https://community.example',
    );
    expect(describeRefusal(refusal, freeNames, 'zh-CN')).toBe('您的免费计划不包含电话支持。请到社区提问：https://community.example');
    expect(describeRefusal(refusal, freeNames, 'en')).toBe(
      'Your Free plan does not include support by phone. Ask the community: https://community.example',
    );
    // A link is not run into the next sentence.
    expect(
      describeRefusal(
        { ...refusal, alternatives: [{ kind: 'github', url: 'https://github.com/example' }, { kind: 'paid_incident' }] },
        freeNames,
        'zh-CN',
      ),
    ).toMatch(/https:\/\/github\.com\/example [^ ]/);
    // …and a plan typed by hand, with no display names, by its name (a space between Latin and Chinese).
    expect(describeRefusal(refusal, { name: 'Gold' }, 'zh-CN')).toBe(
      '您的 Gold 计划不包含电话支持。请到社区提问：https://community.example',
    );
  });

  it("a ticket naming another organization's asset is refused with 403", async () => {
    const a = (await k.admin.post('/api/v1/organizations', { name: 'Owner A', plan_id: await planId('Pro') })).body;
    const b = (await k.admin.post('/api/v1/organizations', { name: 'Other B', plan_id: await planId('Pro') })).body;
    const asset = await k.admin.post(`/api/v1/organizations/${a.id}/assets`, { kind: 'domain', name: 'owner-a.example' });
    expect(asset.status).toBe(201);
    expect((await k.admin.post(`/api/v1/organizations/${b.id}/assets`, { kind: 'domain', name: 'OWNER-A.example' })).status).toBe(409);
    const r = await k.admin.post('/api/v1/tickets', {
      subject: 's',
      body: 'b',
      organization_id: b.id,
      requester_email: 'u@b.test',
      asset_id: asset.body.id,
    });
    expect(r.status).toBe(403);
    // The refusal does not name another organization's asset.
    expect(r.body.error.message).not.toMatch(/owner-a/);
    const good = await k.admin.post('/api/v1/tickets', {
      subject: 's',
      body: 'b',
      organization_id: a.id,
      requester_email: 'u@a.test',
      asset_id: asset.body.id,
    });
    expect(good.status).toBe(201);
    expect(good.body.asset).toMatchObject({ name: 'owner-a.example' });
  });

  it('lists channels by plan: Enterprise has chat and emergency phone, Pro neither', async () => {
    const ent = (await k.admin.post('/api/v1/organizations', { name: 'Big Ent', plan_id: await planId('Enterprise') })).body;
    const pro = (await k.admin.post('/api/v1/organizations', { name: 'Small Pro', plan_id: await planId('Pro') })).body;
    await k.admin.post('/api/v1/people', { name: 'E', email: 'e@ent.test', organization_id: ent.id, password: 'Ent-pass-123' });
    await k.admin.post('/api/v1/people', { name: 'P', email: 'p@pro.test', organization_id: pro.id, password: 'Pro-pass-123' });
    const entitled = async (email: string, pw: string) => {
      const c = await k.signIn(email, pw);
      const r = await c.get('/api/v1/channels');
      expect(r.status).toBe(200);
      for (const ch of r.body.data)
        expect(Object.keys(ch).sort()).toEqual(
          [
            'contact',
            'contact_href',
            'categories',
            'entitled',
            'hours',
            'image',
            'key',
            'name',
            'next_open_at',
            'open_now',
            'paid_incident',
            'purpose',
            'recommended',
          ].sort(),
        );
      // Neither plan limits the questions a ticket may be about.
      expect(r.body.data.map((c: { categories: unknown }) => c.categories)).toEqual(r.body.data.map(() => null));
      return (r.body.data as Array<{ key: string; entitled: boolean }>).filter((c) => c.entitled).map((c) => c.key);
    };
    // The preset leaves the desk's own chat link and emergency number to the admin; customers see those
    // channels once they are filled in.
    expect((await k.admin.patch('/api/v1/channels/chat', { contact: 'https://chat.example.com/' })).status).toBe(200);
    expect((await k.admin.patch('/api/v1/channels/emergency_phone', { contact: '+1 555 0100' })).status).toBe(200);
    const e = await entitled('e@ent.test', 'Ent-pass-123');
    expect(e).toEqual(expect.arrayContaining(['chat', 'emergency_phone', 'web']));
    const p = await entitled('p@pro.test', 'Pro-pass-123');
    expect(p).not.toContain('chat');
    expect(p).not.toContain('emergency_phone');
    expect(p).toContain('web');
  });
});

describe('policy names by language', () => {
  it("a ticket's policy carries its names; an admin may rename a policy in Chinese; a language Kefu lacks is refused", async () => {
    const ent = (await k.admin.post('/api/v1/organizations', { name: 'Names Ent', plan_id: await planId('Enterprise') })).body;
    await k.admin.post('/api/v1/people', { name: 'N', email: 'n@names.test', organization_id: ent.id, password: 'Nam-pass-123' });
    const n = await k.signIn('n@names.test', 'Nam-pass-123');
    const tk = await n.post('/api/v1/tickets', { subject: 'names', body: 'names', priority: 'P2' });
    expect(tk.status).toBe(201);
    expect(tk.body.sla.policy).toMatchObject({ name: 'Enterprise SLA', display_name: { en: 'Enterprise SLA', 'zh-CN': '企业 SLA' } });
    await k.admin.post('/api/v1/presets/business-hours/apply', {});
    const policies = (await k.admin.get('/api/v1/sla-policies')).body.data as Array<{ id: number; name: string; display_name: unknown }>;
    const std = policies.find((p) => p.name === 'Standard response')!;
    expect(std.display_name).toEqual({ en: 'Standard response', 'zh-CN': '标准响应' });
    expect((await k.admin.patch(`/api/v1/sla-policies/${std.id}`, { display_name: { fr: 'Réponse' } })).status).toBe(400);
    expect((await k.admin.patch(`/api/v1/sla-policies/${std.id}`, { display_name: { 'zh-CN': '' } })).status).toBe(400);
    const renamed = await k.admin.patch(`/api/v1/sla-policies/${std.id}`, {
      display_name: { en: 'Standard response', 'zh-CN': '标准首次响应' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Standard response', display_name: { 'zh-CN': '标准首次响应' } });
    // Applying the preset again finds the policy by its key (`name`): still one, with the preset's words.
    await k.admin.post('/api/v1/presets/business-hours/apply', {});
    const again = ((await k.admin.get('/api/v1/sla-policies')).body.data as typeof policies).filter((p) => p.name === 'Standard response');
    expect(again).toHaveLength(1);
    expect(again[0].display_name).toEqual({ en: 'Standard response', 'zh-CN': '标准响应' });
    const denied = await n.patch(`/api/v1/sla-policies/${std.id}`, { display_name: { en: 'x' } });
    expect(denied.status, JSON.stringify(denied.body)).toBe(403);
  });

  it('a policy key the API does not know is refused, not ignored (a misspelt match would apply the policy to every plan)', async () => {
    const policies = (await k.admin.get('/api/v1/sla-policies')).body.data as Array<{ id: number; name: string; match: unknown }>;
    const ent = policies.find((p) => p.name === 'Enterprise SLA')!;
    const misspelt = await k.admin.patch(`/api/v1/sla-policies/${ent.id}`, { match: { plan_keys: ['enterprise'] } });
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.error.details).toEqual([{ field: 'match', message: expect.stringContaining('plan_keys') }]);
    const unknown = await k.admin.post('/api/v1/sla-policies', { name: 'Typo', kind: 'sla', targets: [], recompute: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('recompute');
    // Nothing changed: the policy still matches the plan it did.
    const after = ((await k.admin.get('/api/v1/sla-policies')).body.data as typeof policies).find((p) => p.id === ent.id)!;
    expect(after.match).toEqual(ent.match);
    expect((await k.admin.patch('/api/v1/sla/settings', { warning_minutes: 10, warn_minutes: 5 })).status).toBe(400);
  });

  it('calendars carry names by language; renaming one drops the old translations', async () => {
    const cals = (await k.admin.get('/api/v1/calendars')).body.data as Array<{ id: number; name: string; display_name: unknown }>;
    expect(cals.find((c) => c.name === 'Standard hours')!.display_name).toEqual({ en: 'Standard hours', 'zh-CN': '标准工作时间' });
    expect(cals.find((c) => c.name === '24×7')!.display_name).toEqual({ en: '24×7 (UTC)', 'zh-CN': '7×24（UTC）' });
    const spec = { timezone: 'Asia/Shanghai', weekly: { mon: [['09:00', '18:00']] }, holidays: [], extra_workdays: [] };
    const made = await k.admin.post('/api/v1/calendars', { name: 'Office', display_name: { 'zh-CN': '办公时间' }, ...spec });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ name: 'Office', display_name: { 'zh-CN': '办公时间' }, timezone: 'Asia/Shanghai' });
    // The editor sends the name it shows: unchanged, the translations stay.
    const same = await k.admin.put(`/api/v1/calendars/${made.body.id}`, { name: 'Office', ...spec });
    expect(same.body.display_name).toEqual({ 'zh-CN': '办公时间' });
    const renamed = await k.admin.put(`/api/v1/calendars/${made.body.id}`, { name: 'Front office', ...spec });
    expect(renamed.body).toMatchObject({ name: 'Front office', display_name: null });
    expect((await k.admin.put(`/api/v1/calendars/${made.body.id}`, { display_name: { de: 'Büro' } })).status).toBe(400);
  });
});

describe('business-hours channels and paid incidents', () => {
  it('reports phone open or closed as its hours say at the moment of the call', async () => {
    await k.admin.post('/api/v1/presets/business-hours/apply', {});
    const r = await k.admin.get('/api/v1/channels');
    const phone = r.body.data.find((c: { key: string }) => c.key === 'phone');
    expect(phone.hours.timezone).toBe('Asia/Shanghai');
    // Independent check: 7×8 = every day 09:00–17:00 in Shanghai.
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .format(new Date())
      .split(':')
      .map(Number);
    const minutes = parts[0] * 60 + parts[1];
    expect(phone.open_now).toBe(minutes >= 9 * 60 && minutes < 17 * 60);
    const preview = await k.admin.post('/api/v1/calendars/preview', {
      calendar: phone.hours,
      op: 'is_open',
      start: new Date().toISOString(),
    });
    expect(preview.body.open).toBe(phone.open_now);
    expect(typeof phone.next_open_at).toBe('string');
  });

  it("a second preset's policies go after the first one's: its catch-all does not shadow them", async () => {
    // (The tiered preset was applied first, above, and business hours by the test before this one.)
    const names = (await k.admin.get('/api/v1/sla-policies')).body.data.map((p: { name: string }) => p.name);
    expect(names).toEqual(['Premium SLA', 'Enterprise SLA', 'Business SLO', 'Pro SLO', 'Standard response']);
    const ent = (await k.admin.post('/api/v1/organizations', { name: 'Big Corp', plan_id: await planId('Enterprise') })).body;
    const t = await k.admin.post('/api/v1/tickets', {
      subject: 'down',
      body: 'x',
      organization_id: ent.id,
      requester_email: 'ops@big.test',
    });
    expect(t.status).toBe(201);
    expect(t.body.sla.policy.name).toBe('Enterprise SLA');
    // Applying again changes nothing, the order included.
    await k.admin.post('/api/v1/presets/business-hours/apply', {});
    await k.admin.post('/api/v1/presets/tiered-support/apply', {});
    expect((await k.admin.get('/api/v1/sla-policies')).body.data.map((p: { name: string }) => p.name)).toEqual(names);
  });

  it('a purchased incident is consumed by a ticket and the balance drops by one', async () => {
    const paid = await planId('Paid product');
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Cloud Buyer', plan_id: paid })).body;
    expect(org.incident_balance).toBe(0);
    const p = await k.admin.post(`/api/v1/organizations/${org.id}/purchases`, {
      service: 'incident',
      quantity: 3,
      order_ref: 'ALIYUN-1001',
      marketplace: 'aliyun',
    });
    expect(p.status).toBe(201);
    expect(p.body.incident_balance).toBe(3);
    expect(
      (
        await k.admin.post(`/api/v1/organizations/${org.id}/purchases`, {
          service: 'incident',
          quantity: 3,
          order_ref: 'ALIYUN-1001',
          marketplace: 'aliyun',
        })
      ).status,
    ).toBe(409);
    const t = (
      await k.admin.post('/api/v1/tickets', {
        subject: '迁移',
        body: '帮我迁移',
        organization_id: org.id,
        requester_email: 'buyer@cloud.test',
      })
    ).body;
    const used = await k.admin.post(`/api/v1/tickets/${t.id}/consume-incident`, {});
    expect(used.status).toBe(200);
    expect(used.body.incident_balance).toBe(2);
    expect((await k.admin.get(`/api/v1/organizations/${org.id}`)).body.incident_balance).toBe(2);
    expect((await k.admin.post(`/api/v1/tickets/${t.id}/consume-incident`, {})).status).toBe(409);
    const ev = (await k.admin.get(`/api/v1/tickets/${t.id}/events`)).body.data.map((e: { type: string }) => e.type);
    expect(ev).toContain('incident.consumed');
  });

  it('a free-product user without incidents is sent to GitHub; with one, the ticket consumes it automatically', async () => {
    const freeProduct = await planId('Free product');
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Hobbyist', plan_id: freeProduct })).body;
    await k.admin.post('/api/v1/people', { name: 'H', email: 'h@hobby.test', organization_id: org.id, password: 'Hob-pass-123' });
    const h = await k.signIn('h@hobby.test', 'Hob-pass-123');
    const no = await h.post('/api/v1/tickets', { subject: 'help', body: 'please' });
    expect(no.status).toBe(403);
    expect(no.body.error.details.alternatives).toEqual([{ kind: 'github', url: 'https://github.com/Websoft9' }, { kind: 'paid_incident' }]);
    await k.admin.post(`/api/v1/organizations/${org.id}/purchases`, { service: 'incident', quantity: 1, order_ref: 'TX-9' });
    const yes = await h.post('/api/v1/tickets', { subject: 'help', body: 'please' });
    expect(yes.status).toBe(201);
    expect((await k.admin.get(`/api/v1/organizations/${org.id}`)).body.incident_balance).toBe(0);
  });

  it("an admin points a plan to the desk's own GitHub and names it; bad links and names are refused, customers may not", async () => {
    const id = await planId('Free product');
    const bad = await k.admin.patch(`/api/v1/plans/${id}`, { settings: { github_url: 'github' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('github_url');
    expect((await k.admin.patch(`/api/v1/plans/${id}`, { settings: { display_name: { 'zh-CN': 'x'.repeat(101) } } })).status).toBe(400);
    expect((await k.admin.patch(`/api/v1/plans/${id}`, { settings: { display_name: { en: 7 } } })).status).toBe(400);
    const ok = await k.admin.patch(`/api/v1/plans/${id}`, {
      settings: { github_url: 'https://github.com/example-desk', display_name: { en: 'Community edition', 'zh-CN': '社区版' } },
    });
    expect(ok.status).toBe(200);
    // Settings are merged: what was not sent stays.
    expect(ok.body.settings).toMatchObject({
      human_support: false,
      channels: ['web', 'email', 'community'],
      github_url: 'https://github.com/example-desk',
    });
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Tinkerer', plan_id: id })).body;
    await k.admin.post('/api/v1/people', {
      name: 'T',
      email: 't@tinker.test',
      organization_id: org.id,
      password: 'Tin-pass-123',
      locale: 'zh-CN',
    });
    const t = await k.signIn('t@tinker.test', 'Tin-pass-123');
    const no = await t.post('/api/v1/tickets', { subject: 'help', body: 'please' });
    expect(no.status).toBe(403);
    expect(no.body.error.details.alternatives).toContainEqual({ kind: 'github', url: 'https://github.com/example-desk' });
    expect(no.body.error.message).toContain('社区版');
    // The contact page's community channel leads to the plan's own link too (staff still see the desk's contact).
    const community = async (c: typeof t) =>
      ((await c.get('/api/v1/channels')).body.data as Array<{ key: string; contact: string }>).find((x) => x.key === 'community')?.contact;
    expect(await community(t)).toBe('https://github.com/example-desk');
    expect(await community(k.admin)).not.toBe('https://github.com/example-desk');
    expect((await t.patch(`/api/v1/plans/${id}`, { settings: { human_support: true } })).status).toBe(403);
    await k.admin.patch(`/api/v1/plans/${id}`, {
      settings: { github_url: 'https://github.com/Websoft9', display_name: { en: 'Free product', 'zh-CN': '免费产品' } },
    });
  });

  it('keeps the plan history of an organization', async () => {
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Upgrader', plan_id: await planId('Free product') })).body;
    await k.admin.patch(`/api/v1/organizations/${org.id}`, { plan_id: await planId('Paid product') });
    const h = (await k.admin.get(`/api/v1/organizations/${org.id}/plan-history`)).body.data;
    expect(h.map((x: { plan_name: string }) => x.plan_name)).toEqual(['Paid product', 'Free product']);
    expect(h[1].valid_to).not.toBeNull();
  });
});
