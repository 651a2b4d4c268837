import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/** The guided form's seed behaviour, through the API the portal uses (seeds 000 and 001). */
let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

const planId = async (name: string) =>
  ((await k.admin.get('/api/v1/plans')).body.data as Array<{ id: number; name: string }>).find((p) => p.name === name)!.id;
const customer = async (o: { email: string; org: number; locale?: string }) => {
  const r = await k.admin.post('/api/v1/people', {
    name: o.email.split('@')[0],
    email: o.email,
    organization_id: o.org,
    password: 'Long-pass-123',
    locale: o.locale ?? 'en',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return k.signIn(o.email, 'Long-pass-123');
};

describe("tiered support (seed 000): the form offers the plan's categories", () => {
  it('Free is offered billing, account, 2FA and abuse, and told what is not included with the community link', async () => {
    await k.admin.post('/api/v1/presets/tiered-support/apply', {});
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Free Form Co', plan_id: await planId('Free') })).body;
    const fay = await customer({ email: 'fay@freeform.test', org: org.id });
    // No community link until the desk sets its own on the community channel.
    expect((await fay.get('/api/v1/ticket-form')).body.community_url).toBeNull();
    expect((await k.admin.patch('/api/v1/channels/community', { contact: 'https://community.acme.test/' })).status).toBe(200);
    const f = await fay.get('/api/v1/ticket-form');
    expect(f.status).toBe(200);
    expect(f.body.categories.map((c: { key: string }) => c.key)).toEqual(['account', 'billing', '2fa', 'abuse']);
    expect(f.body.categories.every((c: { technical: boolean }) => !c.technical)).toBe(true);
    expect(f.body.not_included).toEqual(expect.arrayContaining(['dns', 'ssl', 'availability']));
    expect(f.body.community_url).toBe('https://community.acme.test/');
    expect(f.body).toMatchObject({ plan: { name: 'Free' }, can_submit: true, incident: { consumes: false } });
    // The sensitive keys and categories the form keeps out of the message body.
    expect(f.body.sensitive.categories).toEqual(expect.arrayContaining(['billing', '2fa']));
    expect(f.body.sensitive.fields).toContain('account_settings');
    // A customer cannot read another organization's answer.
    const other = (await k.admin.post('/api/v1/organizations', { name: 'Enterprise Form Co', plan_id: await planId('Enterprise') })).body;
    expect((await fay.get(`/api/v1/ticket-form?organization_id=${other.id}`)).status).toBe(404);
    // Staff ask for an organization; Enterprise has every category.
    const ent = await k.admin.get(`/api/v1/ticket-form?organization_id=${other.id}`);
    expect(ent.body.categories.map((c: { key: string }) => c.key)).toEqual(expect.arrayContaining(['dns', 'billing', '2fa', 'abuse']));
    expect(ent.body.not_included).toEqual([]);
  });

  it('a 2FA ticket from Free is accepted, and its fields are withheld from staff until verification', async () => {
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Two Factor Co', plan_id: await planId('Free') })).body;
    const c = await customer({ email: 'tf@twofactor.test', org: org.id });
    const r = await c.post('/api/v1/tickets', {
      subject: 'Lost my authenticator phone',
      body: 'Lost my authenticator phone',
      category: '2fa',
      fields: { submitted_via: 'portal_guided', description: 'Backup codes are in the safe at home' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.fields.description).toBe('Backup codes are in the safe at home');
    const staff = await k.admin.get(`/api/v1/tickets/${r.body.id}`);
    expect(staff.body.fields.description).toBeUndefined();
    expect(staff.body.verification).toMatchObject({ required: true, verified: false });
  });
});

describe('domains not tied to the account are refused', () => {
  it("a customer naming another organization's domain in fields gets 403 that names no other organization", async () => {
    const pro = await planId('Pro');
    const mine = (await k.admin.post('/api/v1/organizations', { name: 'Mine Co', plan_id: pro })).body;
    const theirs = (await k.admin.post('/api/v1/organizations', { name: 'Theirs Co', plan_id: pro })).body;
    await k.admin.post(`/api/v1/organizations/${mine.id}/assets`, { kind: 'domain', name: 'mine.example' });
    await k.admin.post(`/api/v1/organizations/${theirs.id}/assets`, { kind: 'domain', name: 'theirs.example' });
    const m = await customer({ email: 'm@mine.example', org: mine.id, locale: 'zh-CN' });
    const ticket = (fields: Record<string, unknown>) =>
      m.post('/api/v1/tickets', { subject: 'DNS 解析失败', body: '无法访问', category: 'dns', fields });
    const messages: string[] = [];
    for (const fields of [{ domain: 'theirs.example' }, { zone: 'www.theirs.example' }, { domain: 'nobody-owns.example' }]) {
      const no = await ticket(fields);
      expect(no.status, JSON.stringify(fields)).toBe(403);
      expect(no.body.error.code).toBe('forbidden');
      expect(no.body.error.message).toContain('不是您组织的域名');
      expect(no.body.error.message).not.toContain('Theirs Co');
      expect(no.body.error.details.field).toBe(`fields.${Object.keys(fields)[0]}`);
      messages.push(no.body.error.message.replace(Object.values(fields)[0], '<typed>'));
    }
    // Owned by another organization or by nobody: the same answer, so nothing is learnt about others.
    expect(messages[0]).toBe(messages[2]);
    // Refused tickets write nothing.
    expect((await k.admin.get(`/api/v1/tickets?organization_id=${mine.id}`)).body.data).toHaveLength(0);
    expect((await ticket({ domain: 'mine.example' })).status).toBe(201);
    expect((await ticket({ zone: 'shop.MINE.example.' })).status).toBe(201);
    // A zone ID is not a domain name; staff logging a ticket are not limited.
    expect((await ticket({ zone: '023e105f4ecef8ad9ca31a8372d0c353' })).status).toBe(201);
    expect(
      (
        await k.admin.post('/api/v1/tickets', {
          subject: 's',
          body: 'b',
          organization_id: mine.id,
          requester_email: 'm@mine.example',
          fields: { domain: 'theirs.example' },
        })
      ).status,
    ).toBe(201);
  });
});

describe('business hours (seed 001): paid incidents are announced and explained', () => {
  it('the form says a ticket takes one of the incidents left; the agent sees why it was charged', async () => {
    await k.admin.post('/api/v1/presets/business-hours/apply', {});
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Hobby Form', plan_id: await planId('Free product') })).body;
    const h = await customer({ email: 'h@hobbyform.test', org: org.id });
    const none = (await h.get('/api/v1/ticket-form')).body;
    expect(none).toMatchObject({
      can_submit: false,
      refusal: { reason: 'no_human_support' },
      incident: { consumes: false, balance: 0, offered: true },
    });
    expect(none.refusal.message).toContain('Free product');
    expect(none.alternatives).toEqual([{ kind: 'github', url: 'https://github.com/Websoft9' }, { kind: 'paid_incident' }]);
    // The catalogue with prices, readable by the customer.
    const services = (await h.get('/api/v1/services')).body.data;
    expect(services.find((s: { key: string }) => s.key === 'incident')).toMatchObject({
      price_cents: 19900,
      currency: 'CNY',
      counts_as_incident: true,
    });

    await k.admin.post(`/api/v1/organizations/${org.id}/purchases`, {
      service: 'incident',
      quantity: 2,
      order_ref: 'ALIYUN-77',
      marketplace: 'aliyun',
    });
    const two = (await h.get('/api/v1/ticket-form')).body;
    expect(two).toMatchObject({ can_submit: true, refusal: null, incident: { consumes: true, balance: 2 } });
    const t = await h.post('/api/v1/tickets', { subject: 'Install help', body: 'Please install' });
    expect(t.status).toBe(201);
    expect((await h.get('/api/v1/ticket-form')).body.incident.balance).toBe(1);
    const ev = (await k.admin.get(`/api/v1/tickets/${t.body.id}/events`)).body.data.find(
      (e: { type: string }) => e.type === 'incident.consumed',
    );
    expect(ev.data).toMatchObject({
      automatic: true,
      reason: 'plan_without_human_support',
      order_ref: 'ALIYUN-77',
      service: 'incident',
      balance: 1,
    });
  });
});
