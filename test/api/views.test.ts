import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
let agent: Caller;
let agentId: number;
let other: Caller;
beforeAll(async () => {
  k = await testKefu();
  agentId = (
    await k.admin.post('/api/v1/people', { name: 'Vera Views', email: 'vera@kefu.test', role: 'agent', password: 'Vera-pass-123' })
  ).body.id;
  await k.admin.post('/api/v1/people', { name: 'Otto Other', email: 'otto@kefu.test', role: 'agent', password: 'Otto-pass-123' });
  agent = await k.signIn('vera@kefu.test', 'Vera-pass-123');
  other = await k.signIn('otto@kefu.test', 'Otto-pass-123');
});
afterAll(async () => {
  await k?.stop();
});

type View = {
  id: number;
  key: string | null;
  name: string;
  count: number;
  count_capped?: boolean;
  shared: boolean;
  pinned: boolean;
  filters: Record<string, unknown>;
};
const views = async (c: Caller): Promise<View[]> => {
  const r = await c.get('/api/v1/views');
  expect(r.status).toBe(200);
  return r.body.data;
};
const byKey = async (c: Caller, key: string) => (await views(c)).find((v) => v.key === key)!;
const ticket = async (extra: Record<string, unknown> = {}) =>
  (
    await k.admin.post('/api/v1/tickets', {
      subject: 'help',
      body: 'b',
      requester_email: `r${Math.random()}@x.test`,
      override_entitlement: true,
      ...extra,
    })
  ).body;
const ids = async (c: Caller, ref: string | number) =>
  (await c.get(`/api/v1/views/${ref}/tickets?limit=100`)).body.data.map((t: { id: number }) => t.id);

describe('views', () => {
  it('lists the built-in views with names and counts, and the counts follow new tickets', async () => {
    const list = await views(agent);
    expect(list.map((v) => v.key)).toEqual(['mine', 'unassigned', 'groups', 'open', 'at_risk', 'pending']);
    expect(list.map((v) => v.name)).toEqual(['Mine', 'Unassigned', 'My groups', 'All open', 'At risk or breached', 'Waiting on customer']);
    for (const v of list) {
      expect(v).toHaveProperty('id');
      expect(v).toHaveProperty('filters');
      expect(v.shared).toBe(true);
      expect(typeof v.count).toBe('number');
    }
    const before = (await byKey(agent, 'unassigned')).count;
    const t = await ticket();
    expect((await byKey(agent, 'unassigned')).count).toBe(before + 1);
    expect((await byKey(agent, 'mine')).count).toBe(0);
    await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: agentId });
    expect((await byKey(agent, 'unassigned')).count).toBe(before);
    expect((await byKey(agent, 'mine')).count).toBe(1);
    expect(await ids(agent, 'mine')).toEqual([t.id]);
    // "me" is whoever reads: the other agent has nothing.
    expect((await byKey(other, 'mine')).count).toBe(0);
  });

  it("names the built-in views in the reader's language", async () => {
    await k.admin.post('/api/v1/people', {
      name: '李雷',
      email: 'lilei@kefu.test',
      role: 'agent',
      password: 'Lilei-pass-123',
      locale: 'zh-CN',
    });
    const zh = await k.signIn('lilei@kefu.test', 'Lilei-pass-123');
    expect((await byKey(zh, 'unassigned')).name).toBe('未分配');
  });

  it('computes "my groups", "pending" and "at risk or breached" on the server', async () => {
    const group = (await k.admin.post('/api/v1/groups', { name: 'Billing', member_ids: [agentId] })).body;
    const inGroup = await ticket({ group_id: group.id });
    await ticket();
    expect(await ids(agent, 'groups')).toEqual([inGroup.id]);
    expect(await ids(other, 'groups')).toEqual([]);
    await k.admin.patch(`/api/v1/tickets/${inGroup.id}`, { status: 'pending' });
    expect(await ids(agent, 'pending')).toEqual([inGroup.id]);

    await k.admin.post('/api/v1/presets/tiered-support/apply', {});
    const ent = (await k.admin.get('/api/v1/plans')).body.data.find((p: { name: string }) => p.name === 'Enterprise').id;
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Risk Co', plan_id: ent })).body.id;
    const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    // P1 first response in 2 h: due in 10 min (inside the 15-minute warning), overdue, and calm.
    const soon = await ticket({ organization_id: org, priority: 'P1', created_at: ago(110) });
    const late = await ticket({ organization_id: org, priority: 'P1', created_at: ago(180) });
    await ticket({ organization_id: org, priority: 'P1' });
    expect(await ids(agent, 'at_risk')).toEqual([late.id, soon.id]);
    expect((await byKey(agent, 'at_risk')).count).toBe(2);
    const breached = (await agent.post('/api/v1/views', { name: 'Breached', filters: { sla: 'breached' } })).body;
    expect(await ids(agent, breached.id)).toEqual([late.id]);
    const risk = (await agent.post('/api/v1/views', { name: 'Risk only', filters: { sla: ['at_risk'] } })).body;
    expect(await ids(agent, risk.id)).toEqual([soon.id]);
  });

  it("creates an agent's own view with filters, hidden from other agents; bad filters are a 422 naming the field", async () => {
    const a = await ticket({ priority: 'P1', tags: ['VIP', 'billing'], channel: 'email' });
    await ticket({ priority: 'P1', tags: ['vip'] });
    await ticket({ priority: 'P4', tags: ['vip', 'billing'], channel: 'email' });
    const r = await agent.post('/api/v1/views', {
      name: 'Urgent VIP mail',
      filters: { priority: ['P1', 'P2'], tags: ['vip', 'billing'], channel: 'email', created: { last_days: 7 } },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: 'Urgent VIP mail', shared: false, count: 1, key: null });
    expect(await ids(agent, r.body.id)).toEqual([a.id]);
    expect((await views(agent)).map((v) => v.name)).toContain('Urgent VIP mail');
    expect((await views(other)).map((v) => v.name)).not.toContain('Urgent VIP mail');
    expect((await other.get(`/api/v1/views/${r.body.id}/tickets`)).status).toBe(404);
    expect((await other.patch(`/api/v1/views/${r.body.id}`, { name: 'mine now' })).status).toBe(404);

    for (const [filters, field] of [
      [{ status: ['bogus'] }, 'filters.status'],
      [{ sla: 'late' }, 'filters.sla'],
      [{ colour: 'red' }, 'filters.colour'],
      [{ assignee: 'somebody' }, 'filters.assignee'],
      [{ created: { from: 'yesterday' } }, 'filters.created.from'],
      [{ priority: [] }, 'filters.priority'],
    ] as const) {
      const bad = await agent.post('/api/v1/views', { name: 'Bad', filters });
      expect(bad.status, JSON.stringify(filters)).toBe(422);
      expect(bad.body.error.details.field).toBe(field);
      expect(bad.body.error.message).toContain(field);
    }
    expect((await agent.patch(`/api/v1/views/${r.body.id}`, { filters: { group: 'everyone' } })).status).toBe(422);
    // The ticket list's parameter names are understood too, and stored in the view's own words.
    const alias = await agent.post('/api/v1/views', {
      name: 'Aliases',
      filters: { assignee_id: 'none', tag: 'VIP', created_after: '2020-01-01T00:00:00Z' },
    });
    expect(alias.status).toBe(201);
    expect(alias.body.filters).toEqual({ assignee: ['none'], tags: ['vip'], created: { from: '2020-01-01T00:00:00Z' } });
    expect(alias.body.count).toBe(3);
    const renamed = await agent.patch(`/api/v1/views/${r.body.id}`, { name: 'VIP mail', filters: { tags: 'vip' } });
    expect(renamed.body).toMatchObject({ name: 'VIP mail', count: 3 });
    expect((await agent.del(`/api/v1/views/${r.body.id}`)).status).toBe(204);
    expect((await agent.get(`/api/v1/views/${r.body.id}`)).status).toBe(404);
  });

  it('shared views: admins only; agents cannot change them', async () => {
    expect((await agent.post('/api/v1/views', { name: 'Team', shared: true })).status).toBe(403);
    const shared = await k.admin.post('/api/v1/views', { name: 'Team P1', shared: true, filters: { priority: 'P1' } });
    expect(shared.status).toBe(201);
    expect((await views(agent)).map((v) => v.name)).toContain('Team P1');
    expect((await agent.patch(`/api/v1/views/${shared.body.id}`, { name: 'Mine' })).status).toBe(403);
    expect((await agent.del(`/api/v1/views/${shared.body.id}`)).status).toBe(403);
    expect((await agent.patch(`/api/v1/views/pending`, { name: 'Waiting' })).status).toBe(403);
    const renamed = await k.admin.patch('/api/v1/views/pending', { name: 'Waiting' });
    expect(renamed.body).toMatchObject({ name: 'Waiting', renamed: true, key: 'pending' });
    expect((await k.admin.del(`/api/v1/views/${shared.body.id}`)).status).toBe(204);
  });

  it('pins one landing view per agent', async () => {
    const pinned = await agent.post('/api/v1/views/pending/pin', {});
    expect(pinned.body.pinned).toBe(true);
    await agent.post('/api/v1/views/open/pin', {});
    const list = await views(agent);
    expect(list.filter((v) => v.pinned).map((v) => v.key)).toEqual(['open']);
    expect((await views(other)).some((v) => v.pinned)).toBe(false);
    expect((await agent.del('/api/v1/views/open/pin')).body.pinned).toBe(false);
  });

  it('pages a view with keyset cursors in queue order, the same tickets as the ticket list', async () => {
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Paging views' })).body.id;
    for (let i = 0; i < 7; i++) await ticket({ organization_id: org, tags: ['pagingview'] });
    const v = (await agent.post('/api/v1/views', { name: 'Paging', filters: { tags: ['pagingview'] } })).body;
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const r: { body: { data: Array<{ id: number }>; next_cursor: string | null } } = await agent.get(
        `/api/v1/views/${v.id}/tickets?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...r.body.data.map((t) => t.id));
      cursor = r.body.next_cursor;
    } while (cursor);
    const list = (await agent.get('/api/v1/tickets?sort=queue&tag=pagingview&limit=100')).body.data.map((t: { id: number }) => t.id);
    expect(seen).toEqual(list);
    expect(seen).toHaveLength(7);
    const one = (await agent.get(`/api/v1/views/${v.id}/tickets?limit=1`)).body.data[0];
    expect(one).toEqual((await agent.get(`/api/v1/tickets?sort=queue&tag=pagingview&limit=1`)).body.data[0]);
    expect((await agent.get(`/api/v1/views/${v.id}/tickets?cursor=nonsense`)).status).toBe(400);
  });

  it('caps counts at 1,000 and says so', async () => {
    await k.db.query(
      `insert into tickets (subject, requester_id, tags) select 'bulk ' || g, (select id from people where role = 'admin' limit 1), '{capme}' from generate_series(1, 1005) g`,
    );
    const v = (await agent.post('/api/v1/views', { name: 'Many', filters: { tags: 'capme' } })).body;
    expect(v).toMatchObject({ count: 1000, count_capped: true });
    const few = (await agent.post('/api/v1/views', { name: 'Few', filters: { tags: 'pagingview' } })).body;
    expect(few.count).toBe(7);
    expect(few).not.toHaveProperty('count_capped');
  });

  it('refuses customers (403) and strangers (401)', async () => {
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Cust Co' })).body.id;
    await k.admin.post('/api/v1/people', { name: 'Cam', email: 'cam@cust.test', organization_id: org, password: 'Cam-pass-1234' });
    const cam = await k.signIn('cam@cust.test', 'Cam-pass-1234');
    expect((await cam.get('/api/v1/views')).status).toBe(403);
    expect((await cam.get('/api/v1/views/open/tickets')).status).toBe(403);
    expect((await cam.post('/api/v1/views', { name: 'x' })).status).toBe(403);
    expect((await k.anon.get('/api/v1/views')).status).toBe(401);
    expect((await agent.get('/api/v1/views/NoSuch!')).status).toBe(400);
    expect((await agent.get('/api/v1/views/no_such_view')).status).toBe(404);
  });
});
