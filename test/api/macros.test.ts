import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
let alice: { id: number; c: Caller }; // agent
let bob: { id: number; c: Caller }; // agent
let liLei: { id: number; c: Caller }; // customer, reads Chinese, in Acme
let carl: { id: number; c: Caller }; // customer, reads English, no organization
let groupId: number;

async function person(name: string, email: string, role: 'agent' | 'customer', extra: Record<string, unknown> = {}) {
  const r = await k.admin.post('/api/v1/people', { name, email, role, password: 'Pass-word-123', ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id as number, c: await k.signIn(email, 'Pass-word-123') };
}
const macro = (over: Record<string, unknown> = {}) => ({
  name: 'Password reset',
  body: {
    en: 'Hello {{requester.name}}, about #{{ticket.number}}. — {{agent.name}}',
    'zh-CN': '{{requester.name}}，您好！工单 #{{ticket.number}}。{{agent.name}}',
  },
  actions: { status: 'pending', tags_add: ['Password'] },
  ...over,
});
const names = async (c: Caller) => ((await c.get('/api/v1/macros')).body.data as Array<{ name: string }>).map((m) => m.name);

beforeAll(async () => {
  k = await testKefu();
  alice = await person('Alice Wang', 'alice@kefu.test', 'agent');
  bob = await person('Bob Chen', 'bob@kefu.test', 'agent');
  const org = (await k.admin.post('/api/v1/organizations', { name: 'Acme 公司' })).body.id;
  liLei = await person('李雷', 'lilei@acme.test', 'customer', { organization_id: org, locale: 'zh-CN' });
  carl = await person('Carl Customer', 'carl@example.test', 'customer');
  groupId = (await k.admin.post('/api/v1/groups', { name: 'Billing' })).body.id;
});
afterAll(async () => {
  await k?.stop();
});

describe('CRUD and sharing', () => {
  it('an agent keeps personal macros: visible to them only, a 404 to everyone else (admins too)', async () => {
    const r = await alice.c.post('/api/v1/macros', macro({ name: 'Alice only' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      name: 'Alice only',
      shared: false,
      owner_id: alice.id,
      usage_count: 0,
      can_edit: true,
      actions: { status: 'pending', tags_add: ['password'] },
      body: { en: expect.stringContaining('{{requester.name}}') },
    });
    const id = r.body.id;
    expect(await names(alice.c)).toContain('Alice only');
    expect(await names(bob.c)).not.toContain('Alice only');
    expect(await names(k.admin)).not.toContain('Alice only');
    for (const c of [bob.c, k.admin]) {
      expect((await c.get(`/api/v1/macros/${id}`)).status).toBe(404);
      expect((await c.patch(`/api/v1/macros/${id}`, { name: 'x' })).status).toBe(404);
      expect((await c.del(`/api/v1/macros/${id}`)).status).toBe(404);
    }
    const p = await alice.c.patch(`/api/v1/macros/${id}`, { name: 'Alice renamed', body: { 'zh-CN': '新' }, actions: { priority: 'P2' } });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body).toMatchObject({ name: 'Alice renamed', body: { en: macro().body.en, 'zh-CN': '新' }, actions: { priority: 'P2' } });
    expect(p.body.actions.status).toBeUndefined();
    expect((await alice.c.del(`/api/v1/macros/${id}`)).status).toBe(204);
    expect((await alice.c.get(`/api/v1/macros/${id}`)).status).toBe(404);
  });

  it('only an admin shares a macro; every agent sees shared ones but cannot change them', async () => {
    expect((await alice.c.post('/api/v1/macros', macro({ name: 'Sneaky share', shared: true }))).status).toBe(403);
    const own = (await alice.c.post('/api/v1/macros', macro({ name: 'Mine to share' }))).body;
    expect((await alice.c.patch(`/api/v1/macros/${own.id}`, { shared: true })).status).toBe(403);
    const s = await k.admin.post('/api/v1/macros', macro({ name: 'Shared greeting', shared: true }));
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    expect(s.body).toMatchObject({ shared: true, owner_id: null });
    expect(await names(alice.c)).toEqual(expect.arrayContaining(['Shared greeting', 'Mine to share']));
    expect(await names(bob.c)).toContain('Shared greeting');
    const seen = await bob.c.get(`/api/v1/macros/${s.body.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.can_edit).toBe(false);
    expect((await bob.c.patch(`/api/v1/macros/${s.body.id}`, { name: 'mine now' })).status).toBe(403);
    expect((await bob.c.del(`/api/v1/macros/${s.body.id}`)).status).toBe(403);
    expect((await k.admin.patch(`/api/v1/macros/${s.body.id}`, { body: { en: 'Hi {{requester.name}}' } })).body.body.en).toBe(
      'Hi {{requester.name}}',
    );
  });

  it('customers get 403 on every macro operation', async () => {
    const shared = (await k.admin.post('/api/v1/macros', macro({ name: 'For the 403 check', shared: true }))).body;
    const t = (await liLei.c.post('/api/v1/tickets', { subject: '登录问题', body: '无法登录' })).body;
    for (const r of [
      await liLei.c.get('/api/v1/macros'),
      await liLei.c.post('/api/v1/macros', macro()),
      await liLei.c.get(`/api/v1/macros/${shared.id}`),
      await liLei.c.patch(`/api/v1/macros/${shared.id}`, { name: 'x' }),
      await liLei.c.del(`/api/v1/macros/${shared.id}`),
      await liLei.c.post(`/api/v1/tickets/${t.id}/macros/${shared.id}`),
      await liLei.c.post(`/api/v1/tickets/${t.id}/messages`, { body: 'hi', actions: { status: 'solved' } }),
      await liLei.c.post(`/api/v1/tickets/${t.id}/messages`, { body: 'hi', macro_id: shared.id }),
    ])
      expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect((await k.admin.get(`/api/v1/tickets/${t.id}`)).body.status).toBe('new');
  });
});

describe('validation', () => {
  it.each([
    ['an empty name', { name: '  ' }, 'name'],
    ['a name of 201 characters', { name: 'x'.repeat(201) }, 'name'],
    ['a name that is a number', { name: 42 }, 'name'],
    ['an English body over 20,000 characters', { body: { en: 'x'.repeat(20_001) } }, 'body.en'],
    ['a Chinese body that is not text', { body: { 'zh-CN': ['x'] } }, 'body.zh-CN'],
    ['an unknown language', { body: { fr: 'Bonjour' } }, 'body'],
    ['an unknown status', { actions: { status: 'done' } }, 'actions.status'],
    ['status new', { actions: { status: 'new' } }, 'actions.status'],
    ['an unknown priority', { actions: { priority: 'P9' } }, 'actions.priority'],
    ['a group id as text', { actions: { group_id: 'billing' } }, 'actions.group_id'],
    ['tags that are not a list', { actions: { tags_add: 'vip' } }, 'actions.tags_add'],
    ['an unknown action', { actions: { delete_ticket: true } }, 'actions'],
    ['shared as text', { shared: 'yes' }, 'shared'],
  ])('%s → 422 naming the field', async (_what, over, field) => {
    const r = await alice.c.post('/api/v1/macros', { ...macro(), ...over });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.error.code).toBe('unprocessable');
    expect(r.body.error.details.field).toBe(field);
    expect(r.body.error.message).toContain(field);
  });

  it('a group or assignee that does not exist → 422 naming the field, on create and on change', async () => {
    const g = await alice.c.post('/api/v1/macros', macro({ actions: { group_id: 999999 } }));
    expect(g.status).toBe(422);
    expect(g.body.error.details.field).toBe('actions.group_id');
    const a = await alice.c.post('/api/v1/macros', macro({ actions: { assignee_id: carl.id } })); // a customer is not an assignee
    expect(a.status).toBe(422);
    expect(a.body.error.details.field).toBe('actions.assignee_id');
    const ok = await alice.c.post(
      '/api/v1/macros',
      macro({ name: 'To billing', actions: { group_id: groupId, assignee_id: bob.id, priority: 'P1', tags_remove: ['vip'] } }),
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const p = await alice.c.patch(`/api/v1/macros/${ok.body.id}`, { actions: { assignee_id: 999999 } });
    expect(p.status).toBe(422);
    expect(p.body.error.details.field).toBe('actions.assignee_id');
    expect((await alice.c.patch(`/api/v1/macros/${ok.body.id}`, { name: '' })).status).toBe(422);
    expect((await alice.c.get('/api/v1/macros/abc')).status).toBe(400);
  });
});

describe('applying a macro', () => {
  it("renders the reply in the requester's language with the placeholders filled, changes nothing, counts the use", async () => {
    const m = (
      await k.admin.post(
        '/api/v1/macros',
        macro({
          name: 'Bilingual',
          shared: true,
          body: {
            en: 'Hello {{requester.first_name}} <{{requester.email}}>, re "{{ticket.subject}}" (#{{ticket.number}}) for {{organization.name}}. {{agent.name}} {{ticket.url}}',
            'zh-CN':
              '{{requester.name}}（{{organization.name}}），您好：工单 #{{ticket.number}}「{{ticket.subject}}」已收到。{{ agent.name }} {{ticket.url}}',
          },
        }),
      )
    ).body;
    const zh = (await liLei.c.post('/api/v1/tickets', { subject: '登录问题', body: '无法登录' })).body;
    const r = await alice.c.post(`/api/v1/tickets/${zh.id}/macros/${m.id}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      language: 'zh-CN',
      body: `李雷（Acme 公司），您好：工单 #${zh.number}「登录问题」已收到。Alice Wang {{ticket.url}}`,
      unknown_placeholders: ['ticket.url'],
      actions: { status: 'pending', tags_add: ['password'] },
      macro: { id: m.id, name: 'Bilingual' },
    });

    const en = (await carl.c.post('/api/v1/tickets', { subject: 'Cannot log in', body: 'help' })).body;
    const e = (await bob.c.post(`/api/v1/tickets/${en.id}/macros/${m.id}`)).body;
    expect(e).toMatchObject({
      language: 'en',
      body: `Hello Carl <carl@example.test>, re "Cannot log in" (#${en.number}) for . Bob Chen {{ticket.url}}`,
    });

    // Nothing changed on the ticket; the uses are counted.
    const after = (await k.admin.get(`/api/v1/tickets/${zh.id}`)).body;
    expect(after).toMatchObject({ status: 'new', tags: [] });
    expect((await k.admin.get(`/api/v1/tickets/${zh.id}/messages`)).body.data).toHaveLength(1);
    expect((await alice.c.get(`/api/v1/macros/${m.id}`)).body).toMatchObject({ usage_count: 2, my_usage_count: 1 });
  });

  it("falls back to the other language when the requester's is empty", async () => {
    const onlyEn = (
      await alice.c.post('/api/v1/macros', macro({ name: 'English only', body: { en: 'Hi {{requester.name}}', 'zh-CN': '' } }))
    ).body;
    const onlyZh = (await alice.c.post('/api/v1/macros', macro({ name: '只有中文', body: { 'zh-CN': '{{requester.name}} 您好' } }))).body;
    const zh = (await liLei.c.post('/api/v1/tickets', { subject: 's', body: 'b' })).body;
    const en = (await carl.c.post('/api/v1/tickets', { subject: 's', body: 'b' })).body;
    expect((await alice.c.post(`/api/v1/tickets/${zh.id}/macros/${onlyEn.id}`)).body).toMatchObject({ language: 'en', body: 'Hi 李雷' });
    expect((await alice.c.post(`/api/v1/tickets/${en.id}/macros/${onlyZh.id}`)).body).toMatchObject({
      language: 'zh-CN',
      body: 'Carl Customer 您好',
    });
  });

  it("lists an agent's most used macros first", async () => {
    const t = (await carl.c.post('/api/v1/tickets', { subject: 'order', body: 'b' })).body;
    const a = (await bob.c.post('/api/v1/macros', macro({ name: 'AAA rarely' }))).body;
    const z = (await bob.c.post('/api/v1/macros', macro({ name: 'ZZZ often' }))).body;
    for (let i = 0; i < 3; i++) expect((await bob.c.post(`/api/v1/tickets/${t.id}/macros/${z.id}`)).status).toBe(200);
    for (let i = 0; i < 2; i++) await bob.c.post(`/api/v1/tickets/${t.id}/macros/${a.id}`); // more than the shared one he used once
    const list = (await bob.c.get('/api/v1/macros')).body.data as Array<{ id: number; usage_count: number; my_usage_count: number }>;
    expect(list.slice(0, 2).map((x) => x.id)).toEqual([z.id, a.id]);
    expect(list[0]).toMatchObject({ usage_count: 3, my_usage_count: 3 });
  });

  it("another agent's personal macro, an unknown macro or ticket → 404", async () => {
    const t = (await carl.c.post('/api/v1/tickets', { subject: 's', body: 'b' })).body;
    const mine = (await alice.c.post('/api/v1/macros', macro({ name: 'Alice private' }))).body;
    expect((await bob.c.post(`/api/v1/tickets/${t.id}/macros/${mine.id}`)).status).toBe(404);
    expect((await alice.c.post(`/api/v1/tickets/${t.id}/macros/999999`)).status).toBe(404);
    expect((await alice.c.post(`/api/v1/tickets/999999/macros/${mine.id}`)).status).toBe(404);
    expect((await bob.c.post(`/api/v1/tickets/${t.id}/messages`, { body: 'x', macro_id: mine.id })).status).toBe(404);
    expect((await alice.c.get(`/api/v1/macros/${mine.id}`)).body.usage_count).toBe(0);
  });
});

describe("sending a reply with the macro's actions", () => {
  it('runs the kept actions with the reply, in one request, through the ticket change path', async () => {
    const t = (await carl.c.post('/api/v1/tickets', { subject: 'Refund', body: 'b' })).body;
    await k.admin.patch(`/api/v1/tickets/${t.id}`, { tags: ['vip', 'old'] });
    const r = await alice.c.post(`/api/v1/tickets/${t.id}/messages`, {
      body: 'Hello Carl, done.',
      actions: { status: 'pending', priority: 'P1', group_id: groupId, assignee_id: bob.id, tags_add: ['Refund'], tags_remove: ['old'] },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.body).toBe('Hello Carl, done.');
    const after = (await k.admin.get(`/api/v1/tickets/${t.id}`)).body;
    expect(after).toMatchObject({ status: 'pending', priority: 'P1', group_id: groupId, assignee_id: bob.id });
    expect([...after.tags].sort()).toEqual(['refund', 'vip']);
    expect(after.first_response_at).not.toBeNull();
    const events = ((await k.admin.get(`/api/v1/tickets/${t.id}/events`)).body.data as Array<{ type: string; data: any }>).map(
      (e) => e.type,
    );
    expect(events).toEqual(expect.arrayContaining(['ticket.updated', 'message.added']));
  });

  it("macro_id alone runs the macro's own actions; an explicit status wins over the macro's", async () => {
    const m = (await alice.c.post('/api/v1/macros', macro({ name: 'Solve and tag', actions: { status: 'solved', tags_add: ['faq'] } })))
      .body;
    const t = (await carl.c.post('/api/v1/tickets', { subject: 's', body: 'b' })).body;
    expect((await alice.c.post(`/api/v1/tickets/${t.id}/messages`, { body: 'Fixed.', macro_id: m.id })).status).toBe(201);
    expect((await k.admin.get(`/api/v1/tickets/${t.id}`)).body).toMatchObject({ status: 'solved', tags: ['faq'] });
    const t2 = (await carl.c.post('/api/v1/tickets', { subject: 's', body: 'b' })).body;
    expect(
      (
        await alice.c.post(`/api/v1/tickets/${t2.id}/messages`, {
          body: 'Almost.',
          macro_id: m.id,
          status: 'on_hold',
          actions: { status: 'solved' },
        })
      ).status,
    ).toBe(201);
    expect((await k.admin.get(`/api/v1/tickets/${t2.id}`)).body).toMatchObject({ status: 'on_hold', tags: [] });
  });

  it('an action that cannot run refuses the whole request: no reply is sent', async () => {
    const t = (await carl.c.post('/api/v1/tickets', { subject: 's', body: 'b' })).body;
    const r = await alice.c.post(`/api/v1/tickets/${t.id}/messages`, {
      body: 'Should not be sent',
      actions: { group_id: 999999, status: 'pending' },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.details.field).toBe('actions.group_id');
    const bad = await alice.c.post(`/api/v1/tickets/${t.id}/messages`, { body: 'Should not be sent', actions: { status: 'nope' } });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect((await k.admin.get(`/api/v1/tickets/${t.id}/messages`)).body.data).toHaveLength(1);
    expect((await k.admin.get(`/api/v1/tickets/${t.id}`)).body.status).toBe('new');
  });
});
