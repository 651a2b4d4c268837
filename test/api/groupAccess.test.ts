import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDefinition } from '../../server/jobs/registry.ts';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';
import { bearer, connectReady, type LiveClient } from '../live/liveHelpers.ts';

/**
 * Access by group: an agent limited to their groups (people.ticket_access = 'groups') sees their
 * groups' tickets and the tickets assigned to them, and nothing else, in every place a ticket shows:
 * lists, views and their counts, search, the ticket and its parts, changes, bulk, the socket and
 * notifications. Other staff are not limited.
 */
let k: TestKefu;
let url: string;
let lim: { id: number; c: Caller; token: string };
let full: { id: number; c: Caller };
let g1: number;
let g2: number;
const t: Record<'mine' | 'other' | 'nogroup' | 'assigned', { id: number; number: number }> = {} as never;
const open: LiveClient[] = [];

const log = { info() {}, error() {} };
async function notify() {
  const jobs = await k.db.query<{ id: number; payload: Record<string, unknown> }>(
    `update jobs set status = 'done', finished_at = now() where name = 'notifications.notify' and status = 'queued' returning id, payload`,
  );
  for (const j of jobs.sort((a, b) => a.id - b.id))
    await jobDefinition('notifications.notify')!.handler(j.payload, { db: k.db, now: () => new Date(), log });
}

async function agent(name: string, email: string) {
  const r = await k.admin.post('/api/v1/people', { name, email, role: 'agent', password: 'Group-pass-123' });
  expect(r.status).toBe(201);
  const c = await k.signIn(email, 'Group-pass-123');
  const token = (await c.post('/api/v1/tokens', { name: 'live' })).body.token as string;
  return { id: r.body.id as number, c, token };
}
const ticket = async (subject: string, extra: Record<string, unknown>) => {
  const r = await k.admin.post('/api/v1/tickets', {
    subject,
    body: 'first message',
    requester_email: `req${Math.random()}@cust.test`,
    override_entitlement: true,
    ...extra,
  });
  expect(r.status).toBe(201);
  return { id: r.body.id as number, number: r.body.number as number };
};
const ids = (r: { body: { data: Array<{ id: number }> } }) => r.body.data.map((x) => x.id).sort((a, b) => a - b);

beforeAll(async () => {
  k = await testKefu();
  await k.kefu.app.listen({ host: '127.0.0.1', port: 0 });
  url = `ws://127.0.0.1:${(k.kefu.app.server.address() as { port: number }).port}/api/v1/live`;
  lim = await agent('Lin Limited', 'lin@kefu.test');
  full = await agent('Fay Full', 'fay@kefu.test');
  g1 = (await k.admin.post('/api/v1/groups', { name: 'Billing', member_ids: [lim.id, full.id] })).body.id;
  g2 = (await k.admin.post('/api/v1/groups', { name: 'Network', member_ids: [full.id] })).body.id;
  t.mine = await ticket('Refund for invoice alpha', { group_id: g1 });
  t.other = await ticket('Refund for invoice bravo', { group_id: g2 });
  t.nogroup = await ticket('Refund for invoice charlie', {});
  t.assigned = await ticket('Refund for invoice delta', { group_id: g2, assignee_id: lim.id });
  const r = await k.admin.patch(`/api/v1/people/${lim.id}`, { ticket_access: 'groups' });
  expect(r.status).toBe(200);
  expect(r.body.ticket_access).toBe('groups');
});
afterAll(async () => {
  for (const c of open) await c.close().catch(() => undefined);
  await k?.stop();
});

describe('who may set the limit', () => {
  it('an admin sets it (audited); an agent cannot, not even on themselves; a bad value is 400', async () => {
    expect((await full.c.patch(`/api/v1/people/${lim.id}`, { ticket_access: 'all' })).status).toBe(403);
    expect((await lim.c.patch(`/api/v1/people/${lim.id}`, { ticket_access: 'all' })).status).toBe(403);
    expect((await k.admin.patch(`/api/v1/people/${lim.id}`, { ticket_access: 'some' })).status).toBe(400);
    expect((await k.admin.get(`/api/v1/people/${full.id}`)).body.ticket_access).toBe('all');
    const audit = await k.db.query(`select data from audit_log where type = 'person.ticket_access_changed' and person_id = $1`, [lim.id]);
    expect(audit.map((a: any) => a.data)).toEqual([{ from: 'all', to: 'groups' }]);
  });
});

describe('group membership is audited', () => {
  it('each person who joins or leaves a group gets an entry naming the group and the admin who did it', async () => {
    const g = await k.admin.post('/api/v1/groups', { name: 'Audited shift', member_ids: [lim.id] });
    expect(g.status).toBe(201);
    expect((await k.admin.patch(`/api/v1/groups/${g.body.id}`, { member_ids: [full.id] })).status).toBe(200);
    expect((await k.admin.patch(`/api/v1/groups/${g.body.id}`, { name: 'Renamed shift' })).status).toBe(200);
    const rows = await k.db.query<{ person_id: number; actor_id: number | null; data: unknown }>(
      `select person_id, actor_id, data from audit_log where type = 'person.groups_changed'
         and 'Audited shift' in (data->>'joined', data->>'left_group') order by id`,
    );
    expect(rows.map((r) => [Number(r.person_id), r.data])).toEqual([
      [lim.id, { joined: 'Audited shift' }],
      [full.id, { joined: 'Audited shift' }],
      [lim.id, { left_group: 'Audited shift' }],
    ]);
    for (const r of rows) expect(r.actor_id).not.toBeNull();
    // What the Audit log screen asks for: the person's entries, through the API.
    const api = await k.admin.get(`/api/v1/audit-log?type=person.groups_changed&person_id=${lim.id}`);
    expect(api.status).toBe(200);
    const shift = api.body.data
      .map((e: { data: Record<string, string> }) => e.data)
      .filter((d: Record<string, string>) => Object.values(d).includes('Audited shift'));
    expect(shift).toEqual([{ left_group: 'Audited shift' }, { joined: 'Audited shift' }]);
    await k.admin.patch(`/api/v1/groups/${g.body.id}`, { member_ids: [] });
  });
});

describe('what a group-limited agent sees', () => {
  const expected = () => [t.mine.id, t.assigned.id].sort((a, b) => a - b);

  it('lists: their group and their own assignments only; the unlimited agent sees all four', async () => {
    expect(ids(await lim.c.get('/api/v1/tickets?limit=100'))).toEqual(expected());
    const all = ids(await full.c.get('/api/v1/tickets?limit=100'));
    for (const x of Object.values(t)) expect(all).toContain(x.id);
    // Asking for the other group by filter finds nothing, not an error.
    expect(ids(await lim.c.get(`/api/v1/tickets?group_id=${g2}&limit=100`))).toEqual([t.assigned.id]);
  });

  it('views: counts and lists agree with the limit', async () => {
    const views = (await lim.c.get('/api/v1/views')).body.data as Array<{ id: number; key: string; count: number }>;
    const openView = views.find((v) => v.key === 'open')!;
    expect(openView.count).toBe(2);
    expect(views.find((v) => v.key === 'unassigned')!.count).toBe(1);
    expect(ids(await lim.c.get(`/api/v1/views/${openView.id}/tickets?limit=100`))).toEqual(expected());
    const fullOpen = ((await full.c.get('/api/v1/views')).body.data as Array<{ key: string; count: number }>).find(
      (v) => v.key === 'open',
    )!;
    expect(fullOpen.count).toBeGreaterThanOrEqual(4);
  });

  it('search: by words and by number, only what they may see', async () => {
    const words = await lim.c.get('/api/v1/search?q=refund');
    expect(ids({ body: words.body.tickets })).toEqual(expected());
    const byNumber = await lim.c.get(`/api/v1/search?q=${t.other.number}`);
    expect(byNumber.body.tickets.data).toEqual([]);
    expect((await lim.c.get(`/api/v1/tickets?number=${t.other.number}`)).body.data).toEqual([]);
  });

  it('the ticket and its parts: 404 outside, as if it did not exist', async () => {
    for (const x of [t.other, t.nogroup]) {
      expect((await lim.c.get(`/api/v1/tickets/${x.id}`)).status).toBe(404);
      expect((await lim.c.get(`/api/v1/tickets/${x.id}/messages`)).status).toBe(404);
      expect((await lim.c.get(`/api/v1/tickets/${x.id}/events`)).status).toBe(404);
      expect((await lim.c.get(`/api/v1/tickets/${x.id}/links`)).status).toBe(404);
    }
    expect((await lim.c.get(`/api/v1/tickets/${t.mine.id}`)).status).toBe(200);
    expect((await lim.c.get(`/api/v1/tickets/${t.assigned.id}`)).status).toBe(200);
  });

  it('changes: reply, update, merge, link, split, snooze and bulk refuse tickets outside, and change nothing', async () => {
    const other = t.other.id;
    expect((await lim.c.post(`/api/v1/tickets/${other}/messages`, { body: 'hi', internal: true })).status).toBe(404);
    expect((await lim.c.patch(`/api/v1/tickets/${other}`, { priority: 'P1' })).status).toBe(404);
    expect((await lim.c.post(`/api/v1/tickets/${t.mine.id}/merge`, { target_id: other })).status).toBe(404);
    expect((await lim.c.post(`/api/v1/tickets/${other}/merge`, { target_id: t.mine.id })).status).toBe(404);
    expect((await lim.c.post(`/api/v1/tickets/${t.mine.id}/links`, { ticket_id: other, kind: 'related' })).status).toBe(404);
    const firstMessage = (await full.c.get(`/api/v1/tickets/${other}/messages`)).body.data[0].id;
    expect((await lim.c.post(`/api/v1/tickets/${other}/split`, { message_id: firstMessage })).status).toBe(404);
    const until = new Date(Date.now() + 86_400_000).toISOString();
    expect((await lim.c.post(`/api/v1/tickets/${other}/snooze`, { until })).status).toBe(404);
    const bulk = await lim.c.post('/api/v1/tickets/bulk', { ids: [t.mine.id, other], update: { priority: 'P2' } });
    expect(bulk.status).toBe(200);
    expect(bulk.body.data).toEqual([
      { id: t.mine.id, number: t.mine.number, ok: true, error: null },
      { id: other, number: null, ok: false, error: expect.objectContaining({ code: 'not_found' }) },
    ]);
    const after = (await full.c.get(`/api/v1/tickets/${other}`)).body;
    expect(after.priority).not.toBe('P2');
    expect(after.priority).not.toBe('P1');
    expect(after.status).not.toBe('closed');
    expect((await full.c.get(`/api/v1/tickets/${other}/messages`)).body.data).toHaveLength(1);
  });

  it('links made by others to tickets outside stay out of their sight', async () => {
    expect((await k.admin.post(`/api/v1/tickets/${t.mine.id}/links`, { ticket_id: t.other.id, kind: 'related' })).status).toBe(201);
    expect((await full.c.get(`/api/v1/tickets/${t.mine.id}/links`)).body.data).toHaveLength(1);
    expect((await lim.c.get(`/api/v1/tickets/${t.mine.id}/links`)).body.data).toEqual([]);
  });

  it('joining a group widens the limit at once; leaving narrows it', async () => {
    expect((await k.admin.patch(`/api/v1/groups/${g2}`, { member_ids: [full.id, lim.id] })).status).toBe(200);
    expect((await lim.c.get(`/api/v1/tickets/${t.other.id}`)).status).toBe(200);
    expect((await k.admin.patch(`/api/v1/groups/${g2}`, { member_ids: [full.id] })).status).toBe(200);
    expect((await lim.c.get(`/api/v1/tickets/${t.other.id}`)).status).toBe(404);
  });
});

describe('live updates and notifications', () => {
  it('the socket carries events of their tickets only, and the one change that moves a ticket away', async () => {
    const ws = await connectReady(url, bearer(lim.token));
    open.push(ws);
    await k.admin.post(`/api/v1/tickets/${t.other.id}/messages`, { body: 'outside', internal: true });
    await k.admin.post(`/api/v1/tickets/${t.mine.id}/messages`, { body: 'inside', internal: true });
    await ws.next((m) => m.event === 'message.added' && m.ticket_id === t.mine.id);
    // The move out of their group reaches them (their list drops the ticket); what follows does not.
    const moved = await ticket('Moves away', { group_id: g1 });
    await k.admin.patch(`/api/v1/tickets/${moved.id}`, { group_id: g2 });
    await ws.next((m) => m.event === 'ticket.updated' && m.ticket_id === moved.id);
    await k.admin.post(`/api/v1/tickets/${moved.id}/messages`, { body: 'after the move', internal: true });
    await k.admin.post(`/api/v1/tickets/${t.mine.id}/messages`, { body: 'marker', internal: true });
    const marker = (await k.admin.get(`/api/v1/tickets/${t.mine.id}/messages`)).body.data.at(-1).id;
    await ws.next((m) => m.event === 'message.added' && m.message_id === marker);
    const seen = new Set(ws.messages.map((m) => m.ticket_id));
    expect(seen.has(t.other.id)).toBe(false);
    expect(ws.messages.filter((m) => m.ticket_id === moved.id).map((m) => m.event)).toEqual(['ticket.created', 'ticket.updated']);
  });

  it('a mention on a ticket outside their groups notifies nobody they would not see; inside it does', async () => {
    await notify();
    await k.admin.post(`/api/v1/tickets/${t.other.id}/messages`, { body: '@Lin Limited could you look?', internal: true });
    await k.admin.post(`/api/v1/tickets/${t.mine.id}/messages`, { body: '@Lin Limited could you look?', internal: true });
    await notify();
    const inbox = (await lim.c.get('/api/v1/notifications?limit=100')).body.data as Array<{ ticket_id: number; kind: string }>;
    const mentions = inbox.filter((n) => n.kind === 'mentioned').map((n) => n.ticket_id);
    expect(mentions).toContain(t.mine.id);
    expect(mentions).not.toContain(t.other.id);
    expect(inbox.map((n) => n.ticket_id)).not.toContain(t.other.id);
  });
});

describe('counts', () => {
  it('a ticket both in their group and assigned to them is counted once', async () => {
    const count = async (key: string) =>
      ((await lim.c.get('/api/v1/views')).body.data as Array<{ key: string; count: number }>).find((v) => v.key === key)!.count;
    const open = await count('open');
    const mine = await count('mine');
    const both = await ticket('Refund for invoice echo', { group_id: g1, assignee_id: lim.id });
    expect(await count('open')).toBe(open + 1);
    expect(await count('mine')).toBe(mine + 1);
    const listed = ids(await lim.c.get('/api/v1/tickets?limit=100'));
    expect(listed).toContain(both.id);
    expect(listed.length).toBe(open + 1);
  });
});
