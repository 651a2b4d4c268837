import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';
import { freshStep } from '../security/securityKefu.ts';

/** Custom ticket fields (docs/custom-fields.md): definitions, values on tickets, the shield, filters. */
let k: TestKefu;
let agent: Caller;
let cust: Caller;
let orgId: number;
const ids: Record<string, number> = {};

const field = (body: Record<string, unknown>) => k.admin.post('/api/v1/ticket-fields', body);
const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });

beforeAll(async () => {
  k = await testKefu();
  await k.admin.post('/api/v1/people', { name: 'Ada Agent', email: 'ada@kefu.test', role: 'agent', password: 'Ada-pass-1234' });
  agent = await k.signIn('ada@kefu.test', 'Ada-pass-1234');
  orgId = (await k.admin.post('/api/v1/organizations', { name: 'Fields Co' })).body.id;
  const r = await k.admin.post('/api/v1/people', {
    name: 'Cleo Customer',
    email: 'cleo@fields.test',
    organization_id: orgId,
    password: 'Cleo-pass-1234',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  cust = await k.signIn('cleo@fields.test', 'Cleo-pass-1234');
  const defs: Array<Record<string, unknown>> = [
    { key: 'tier', label: L('Tier', '等级'), type: 'select', options: ['gold', 'silver', 'bronze'], visible_to_customers: true },
    { key: 'seats', label: L('Seats', '席位'), type: 'number', visible_to_customers: true },
    { key: 'renewal', label: L('Renewal date', '续费日期'), type: 'date', visible_to_customers: true },
    { key: 'regions', label: L('Regions', '地区'), type: 'multiselect', options: ['eu', 'us', 'cn'], visible_to_customers: true },
    { key: 'vip', label: L('VIP', '贵宾'), type: 'checkbox', visible_to_customers: true },
    { key: 'note', label: L('Note', '备注'), type: 'text', visible_to_customers: true },
    { key: 'zone_id', label: L('Zone ID', '区域 ID'), type: 'text', categories: ['dns'], required: true, visible_to_customers: true },
    { key: 'root_cause', label: L('Root cause', '根本原因'), type: 'text', visible_to_customers: false },
    { key: 'card_last4', label: L('Card (last 4)', '卡号后四位'), type: 'text', visible_to_customers: true, sensitive: true },
  ];
  for (const d of defs) {
    const c = await field(d);
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    ids[d.key as string] = c.body.id;
  }
});
afterAll(async () => {
  await k?.stop();
});

const create = (c: Caller, extra: Record<string, unknown>) =>
  c.post('/api/v1/tickets', {
    subject: 'Custom fields',
    body: 'b',
    ...(c === cust ? {} : { requester_email: 'cleo@fields.test' }),
    ...extra,
  });

describe('definitions: GET/POST/PATCH /api/v1/ticket-fields', () => {
  it('admins define fields; the answer has both labels, the options and the flags', async () => {
    const list = await k.admin.get('/api/v1/ticket-fields');
    expect(list.status).toBe(200);
    expect(list.body.data.map((f: { key: string }) => f.key)).toEqual(
      expect.arrayContaining(['tier', 'seats', 'renewal', 'regions', 'vip', 'note', 'zone_id', 'root_cause', 'card_last4']),
    );
    const tier = list.body.data.find((f: { key: string }) => f.key === 'tier');
    expect(tier).toMatchObject({
      key: 'tier',
      label: { en: 'Tier', 'zh-CN': '等级' },
      type: 'select',
      options: ['gold', 'silver', 'bronze'],
      categories: [],
      required: false,
      visible_to_customers: true,
      sensitive: false,
      active: true,
    });
  });

  it('agents and customers may not define or change fields (403); customers read only the fields shown to them', async () => {
    const body = { key: 'x_agent', label: L('X', 'X'), type: 'text' };
    expect((await agent.post('/api/v1/ticket-fields', body)).status).toBe(403);
    expect((await cust.post('/api/v1/ticket-fields', body)).status).toBe(403);
    expect((await agent.patch(`/api/v1/ticket-fields/${ids.tier}`, { required: true })).status).toBe(403);
    expect((await cust.patch(`/api/v1/ticket-fields/${ids.tier}`, { required: true })).status).toBe(403);
    expect((await k.anon.get('/api/v1/ticket-fields')).status).toBe(401);
    const seen = (await cust.get('/api/v1/ticket-fields')).body.data.map((f: { key: string }) => f.key);
    expect(seen).toContain('tier');
    expect(seen).not.toContain('root_cause');
    expect((await agent.get('/api/v1/ticket-fields')).body.data.map((f: { key: string }) => f.key)).toContain('root_cause');
    // ?category= lists what tickets of that category ask for.
    const dns = (await cust.get('/api/v1/ticket-fields?category=dns')).body.data.map((f: { key: string }) => f.key);
    const billing = (await cust.get('/api/v1/ticket-fields?category=billing')).body.data.map((f: { key: string }) => f.key);
    expect(dns).toContain('zone_id');
    expect(billing).not.toContain('zone_id');
  });

  it('bad definitions are 4xx naming what is wrong; the key and the type never change', async () => {
    const dup = await field({ key: 'tier', label: L('Again', '再次'), type: 'text' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details.field).toBe('key');
    expect((await field({ key: 'Bad Key', label: L('B', 'B'), type: 'text' })).status).toBe(400);
    expect((await field({ key: 'ok_key', label: L('B', 'B'), type: 'colour' })).status).toBe(400);
    const noOptions = await field({ key: 'empty_select', label: L('E', 'E'), type: 'select' });
    expect(noOptions.status).toBe(422);
    expect(noOptions.body.error.details.field).toBe('options');
    expect((await field({ key: 'submitted_via', label: L('S', 'S'), type: 'text' })).status).toBe(422);
    const rekey = await k.admin.patch(`/api/v1/ticket-fields/${ids.note}`, { key: 'note2' });
    expect(rekey.status).toBe(422);
    expect(rekey.body.error.details.field).toBe('key');
    const retype = await k.admin.patch(`/api/v1/ticket-fields/${ids.note}`, { type: 'number' });
    expect(retype.status).toBe(422);
    expect(retype.body.error.details.field).toBe('type');
    expect((await k.admin.patch('/api/v1/ticket-fields/999999', { required: true })).status).toBe(404);
    const relabel = await k.admin.patch(`/api/v1/ticket-fields/${ids.note}`, { key: 'note', label: L('Notes', '备注信息') });
    expect(relabel.status).toBe(200);
    expect(relabel.body.label).toEqual({ en: 'Notes', 'zh-CN': '备注信息' });
  });
});

describe('values: custom_fields on tickets', () => {
  it('a ticket is created with valid values of every type and answers them normalized (POST, GET, list)', async () => {
    const r = await create(k.admin, {
      custom_fields: { tier: 'gold', seats: 25, renewal: '2027-01-31', regions: ['eu', 'cn', 'eu'], vip: true, note: '  hi  ' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const want = { tier: 'gold', seats: 25, renewal: '2027-01-31', regions: ['eu', 'cn'], vip: true, note: 'hi' };
    expect(r.body.custom_fields).toEqual(want);
    expect(r.body.fields).toMatchObject(want); // older clients keep reading `fields`
    expect((await k.admin.get(`/api/v1/tickets/${r.body.id}`)).body.custom_fields).toEqual(want);
    expect((await cust.get(`/api/v1/tickets/${r.body.id}`)).body.custom_fields).toEqual(want);
  });

  it.each([
    ['tier', 'platinum', 'not_option'],
    ['seats', 'twenty', 'not_number'],
    ['renewal', '2027-02-30', 'not_date'],
    ['regions', 'eu', 'not_list'],
    ['regions', ['eu', 'mars'], 'not_option'],
    ['vip', 'yes', 'not_boolean'],
    ['note', 42, 'not_text'],
    ['no_such_field', 'x', 'unknown'],
  ])('%s = %j is a 422 naming the field', async (key, value, reason) => {
    const r = await create(k.admin, { custom_fields: { [key]: value } });
    expect(r.status).toBe(422);
    expect(r.body.error.details).toMatchObject({ field: `custom_fields.${key}`, reason });
    // Named as the forms name it: by its label, by its key only when it has none (an unknown key).
    const defs = (await k.admin.get('/api/v1/ticket-fields')).body.data as Array<{ key: string; label: { en: string } }>;
    expect(r.body.error.message).toContain(defs.find((d) => d.key === key)?.label.en ?? key);
  });

  it('the older `fields` object is no way around the checks: a defined key in it is checked too', async () => {
    const r = await create(k.admin, { fields: { seats: 'many', description: 'free text passes' } });
    expect(r.status).toBe(422);
    expect(r.body.error.details.field).toBe('fields.seats');
    const ok = await create(k.admin, { fields: { seats: 3, description: 'free text passes' } });
    expect(ok.status).toBe(201);
    expect(ok.body.custom_fields).toEqual({ seats: 3 });
    expect(ok.body.fields).toEqual({ seats: 3, description: 'free text passes' });
  });

  it("required per category: a DNS ticket needs zone_id, a billing ticket doesn't; messages in the caller's language", async () => {
    const no = await create(cust, { category: 'dns' });
    expect(no.status).toBe(422);
    expect(no.body.error.details).toMatchObject({ field: 'custom_fields.zone_id', reason: 'required' });
    await k.admin.post('/api/v1/people', {
      name: '陈静',
      email: 'chen@fields.test',
      organization_id: orgId,
      password: 'Chen-pass-1234',
      locale: 'zh-CN',
    });
    const zh = await k.signIn('chen@fields.test', 'Chen-pass-1234');
    const noZh = await zh.post('/api/v1/tickets', { subject: 's', body: 'b', category: 'dns', custom_fields: { seats: 'x' } });
    expect(noZh.status).toBe(422);
    expect(noZh.body.error.message).toContain('“席位”必须是数字');
    expect(noZh.body.error.message).toContain('此类别的工单必须填写“区域 ID”');
    expect((await create(cust, { category: 'dns', custom_fields: { zone_id: 'z-123' } })).status).toBe(201);
    expect((await create(cust, { category: 'billing' })).status).toBe(201);
  });

  it('a customer cannot set a field not shown to customers, and never sees one staff set', async () => {
    const r = await create(cust, { custom_fields: { root_cause: 'guess' } });
    expect(r.status).toBe(422);
    expect(r.body.error.details).toMatchObject({ field: 'custom_fields.root_cause', reason: 'unknown' });
    expect((await create(cust, { fields: { root_cause: 'guess' } })).status).toBe(422);
    const t = await create(cust, { custom_fields: { tier: 'silver' } });
    expect(t.status).toBe(201);
    const set = await agent.patch(`/api/v1/tickets/${t.body.id}`, { custom_fields: { root_cause: 'expired card' } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.custom_fields).toEqual({ tier: 'silver', root_cause: 'expired card' });
    const mine = await cust.get(`/api/v1/tickets/${t.body.id}`);
    expect(mine.body.custom_fields).toEqual({ tier: 'silver' });
    expect(mine.body.fields.root_cause).toBeUndefined();
    expect(JSON.stringify((await cust.get('/api/v1/tickets?limit=100')).body)).not.toContain('expired card');
    // A customer may change a field shown to them; null removes a value.
    const edit = await cust.patch(`/api/v1/tickets/${t.body.id}`, { custom_fields: { tier: 'gold', seats: 2 } });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.custom_fields).toEqual({ tier: 'gold', seats: 2 });
    expect((await cust.patch(`/api/v1/tickets/${t.body.id}`, { custom_fields: { root_cause: 'x' } })).status).toBe(422);
    const cleared = await agent.patch(`/api/v1/tickets/${t.body.id}`, { custom_fields: { seats: null } });
    expect(cleared.body.custom_fields).toEqual({ tier: 'gold', root_cause: 'expired card' });
    // PATCH checks types too.
    const bad = await agent.patch(`/api/v1/tickets/${t.body.id}`, { custom_fields: { seats: '2' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.field).toBe('custom_fields.seats');
  });

  it('a required field cannot be cleared', async () => {
    const t = await create(cust, { category: 'dns', custom_fields: { zone_id: 'z-9' } });
    const r = await agent.patch(`/api/v1/tickets/${t.body.id}`, { custom_fields: { zone_id: null } });
    expect(r.status).toBe(422);
    expect(r.body.error.details.field).toBe('custom_fields.zone_id');
  });

  it('a sensitive field is withheld from staff until the requester is verified, in custom_fields and fields alike', async () => {
    const t = await create(cust, { custom_fields: { card_last4: '4242', tier: 'bronze' } });
    expect(t.status).toBe(201);
    expect(t.body.custom_fields).toEqual({ card_last4: '4242', tier: 'bronze' });
    const before = await agent.get(`/api/v1/tickets/${t.body.id}`);
    expect(before.body.custom_fields).toEqual({ tier: 'bronze' });
    expect(before.body.fields.card_last4).toBeUndefined();
    expect(before.body.verification).toMatchObject({ required: true, verified: false });
    expect(JSON.stringify((await agent.get('/api/v1/tickets?limit=100')).body)).not.toContain('4242');
    const events = await agent.get(`/api/v1/tickets/${t.body.id}/events`);
    expect(JSON.stringify(events.body)).not.toContain('4242');
    await freshStep();
    const code = (await cust.get('/api/v1/me/support-code')).body.code;
    expect((await agent.post(`/api/v1/tickets/${t.body.id}/verify`, { code })).status).toBe(200);
    const after = await agent.get(`/api/v1/tickets/${t.body.id}`);
    expect(after.body.custom_fields).toEqual({ card_last4: '4242', tier: 'bronze' });
    expect(after.body.verification).toMatchObject({ required: true, verified: true });
    // The form keeps it out of the message body: it is among the sensitive keys.
    expect((await cust.get('/api/v1/ticket-form')).body.sensitive.fields).toContain('card_last4');
  });

  it('removing an option leaves old tickets as they are; it is no longer accepted', async () => {
    const old = await create(k.admin, { custom_fields: { tier: 'bronze' } });
    const p = await k.admin.patch(`/api/v1/ticket-fields/${ids.tier}`, { options: ['gold', 'silver'] });
    expect(p.status).toBe(200);
    expect(p.body.options).toEqual(['gold', 'silver']);
    expect((await k.admin.get(`/api/v1/tickets/${old.body.id}`)).body.custom_fields).toEqual({ tier: 'bronze' });
    expect((await create(k.admin, { custom_fields: { tier: 'bronze' } })).status).toBe(422);
    // Other changes of the old ticket do not trip over its old value.
    expect((await k.admin.patch(`/api/v1/tickets/${old.body.id}`, { custom_fields: { seats: 1 } })).status).toBe(200);
    const found = await k.admin.get(`/api/v1/tickets?custom_fields=${encodeURIComponent('{"tier":"bronze"}')}&limit=100`);
    expect(found.body.data.map((x: { id: number }) => x.id)).toContain(old.body.id);
    await k.admin.patch(`/api/v1/ticket-fields/${ids.tier}`, { options: ['gold', 'silver', 'bronze'] });
  });
});

describe('filters: ticket list, views and search', () => {
  let gold: number;
  let silver: number;
  let euUs: number;
  beforeAll(async () => {
    gold = (await create(k.admin, { subject: 'Filter gold', custom_fields: { tier: 'gold', vip: true, regions: ['eu'] } })).body.id;
    silver = (await create(k.admin, { subject: 'Filter silver', custom_fields: { tier: 'silver', vip: false } })).body.id;
    euUs = (await create(k.admin, { subject: 'Filter regions', custom_fields: { regions: ['eu', 'us'], seats: 7 } })).body.id;
  });
  const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));
  const listIds = async (c: Caller, url: string) => {
    const r = await c.get(url);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (r.body.data ?? r.body.tickets.data).map((t: { id: number }) => t.id) as number[];
  };

  it('GET /tickets?custom_fields=… matches values; lists are any of; multiselect lists are all of', async () => {
    const g = await listIds(agent, `/api/v1/tickets?limit=100&custom_fields=${q({ tier: 'gold', vip: true })}`);
    expect(g).toContain(gold);
    expect(g).not.toContain(silver);
    const either = await listIds(agent, `/api/v1/tickets?limit=100&custom_fields=${q({ tier: ['gold', 'silver'] })}`);
    expect(either).toEqual(expect.arrayContaining([gold, silver]));
    const both = await listIds(agent, `/api/v1/tickets?limit=100&custom_fields=${q({ regions: ['eu', 'us'] })}`);
    expect(both).toEqual([euUs]);
    const eu = await listIds(agent, `/api/v1/tickets?limit=100&custom_fields=${q({ regions: 'eu' })}`);
    expect(eu).toEqual(expect.arrayContaining([gold, euUs]));
    expect(await listIds(agent, `/api/v1/tickets?limit=100&custom_fields=${q({ seats: 7 })}`)).toEqual([euUs]);
  });

  it('bad filters are 422 naming the field: unknown, wrong type, sensitive, hidden from customers, not JSON', async () => {
    for (const [filter, field] of [
      [q({ nope: 1 }), 'custom_fields.nope'],
      [q({ seats: 'seven' }), 'custom_fields.seats'],
      [q({ card_last4: '4242' }), 'custom_fields.card_last4'],
      ['not-json', 'custom_fields'],
      [q(['tier']), 'custom_fields'],
    ]) {
      const r = await agent.get(`/api/v1/tickets?custom_fields=${filter}`);
      expect(r.status, filter).toBe(422);
      expect(r.body.error.details.field).toBe(field);
    }
    const hidden = await cust.get(`/api/v1/tickets?custom_fields=${q({ root_cause: 'expired card' })}`);
    expect(hidden.status).toBe(422);
    expect(hidden.body.error.details.field).toBe('custom_fields.root_cause');
    // Customers filter within their own tickets only.
    const mine = await listIds(cust, `/api/v1/tickets?limit=100&custom_fields=${q({ tier: 'gold' })}`);
    expect(mine).toContain(gold); // requested by Cleo through the admin
  });

  it('views store the filter as data and list and count with it', async () => {
    const v = await agent.post('/api/v1/views', {
      name: 'Gold tier',
      filters: { custom_fields: { tier: 'gold' }, status: ['new', 'open'] },
    });
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    expect(v.body.filters.custom_fields).toEqual({ tier: 'gold' });
    const got = await listIds(agent, `/api/v1/views/${v.body.id}/tickets?limit=100`);
    expect(got).toContain(gold);
    expect(got).not.toContain(silver);
    expect(v.body.count).toBe(got.length);
    const bad = await agent.post('/api/v1/views', { name: 'Cards', filters: { custom_fields: { card_last4: '4242' } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.field).toBe('filters.custom_fields.card_last4');
    const typo = await agent.post('/api/v1/views', { name: 'Seats', filters: { custom_fields: { seats: 'x' } } });
    expect(typo.status).toBe(422);
    expect(typo.body.error.details.field).toBe('filters.custom_fields.seats');
  });

  it('GET /search takes the same filter, with or without words', async () => {
    const s = await listIds(agent, `/api/v1/search?q=Filter&custom_fields=${q({ tier: 'silver' })}`);
    expect(s).toEqual([silver]);
    const all = await listIds(agent, `/api/v1/search?custom_fields=${q({ vip: true })}`);
    expect(all).toContain(gold);
    expect(all).not.toContain(silver);
    expect((await agent.get(`/api/v1/search?custom_fields=${q({ card_last4: '1' })}`)).status).toBe(422);
  });
});

describe('presets (seeds 000 and 001)', () => {
  it("tiered support defines seed 000's technical details as fields of the technical categories; business hours defines none", async () => {
    const before = (await k.admin.get('/api/v1/ticket-fields')).body.data.length;
    const bh = await k.admin.post('/api/v1/presets/business-hours/apply', {});
    expect(bh.status, JSON.stringify(bh.body)).toBeLessThan(300);
    expect((await k.admin.get('/api/v1/ticket-fields')).body.data.length).toBe(before);
    const r = await k.admin.post('/api/v1/presets/tiered-support/apply', {});
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    const keys = async (category: string) =>
      (await cust.get(`/api/v1/ticket-fields?category=${category}`)).body.data.map((f: { key: string }) => f.key) as string[];
    const details = [
      'domain',
      'frequency',
      'steps_to_reproduce',
      'expected_result',
      'actual_result',
      'urls',
      'error_messages',
      'tool_output',
    ];
    expect(await keys('dns')).toEqual(expect.arrayContaining(details));
    expect(await keys('ssl')).toEqual(expect.arrayContaining(details));
    for (const k2 of details) expect(await keys('billing')).not.toContain(k2);
    const frequency = (await k.admin.get('/api/v1/ticket-fields')).body.data.find((f: { key: string }) => f.key === 'frequency');
    expect(frequency).toMatchObject({ type: 'select', options: ['once', 'intermittent', 'always'], visible_to_customers: true });
    expect(frequency.option_labels.always).toEqual({ en: 'Every time', 'zh-CN': '每次都出现' });
    // Applying again changes nothing.
    expect((await k.admin.post('/api/v1/presets/tiered-support/apply', {})).status).toBeLessThan(300);
    expect((await k.admin.get('/api/v1/ticket-fields')).body.data.length).toBe(before + details.length);
    // A customer's domain must be one of their organization's (forms.md), through custom_fields too.
    const other = await create(cust, { custom_fields: { domain: 'not-ours.example' } });
    expect(other.status).toBe(403);
    expect(other.body.error.details.field).toBe('fields.domain');
    // The values are checked like any custom field.
    const bad = await create(k.admin, {
      category: 'dns',
      override_entitlement: true,
      custom_fields: { frequency: 'sometimes', zone_id: 'z' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.field).toBe('custom_fields.frequency');
  });
});
