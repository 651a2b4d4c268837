import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDefinition } from '../../server/jobs/registry.ts';
import { startWorker } from '../../server/jobs/worker.ts';
import { staffReplyTokens } from '../../server/modules/email/staffReplyTokens.ts';
import { ADMIN_EMAIL, testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';
import { emailKefu, mail, waitFor, type EmailKefu } from '../email/helpers.ts';

let k: TestKefu;
let alice: { id: number; c: Caller }; // agent, in Support
let bob: { id: number; c: Caller }; // agent, in Support, reads Chinese
let carol: { id: number; c: Caller }; // agent, not in the group
let cust: { id: number; c: Caller };
let groupId: number;
let adminId: number;

const log = { info() {}, error() {} };
const ctx = () => ({ db: k.db, now: () => new Date(), log });
const notifier = () => jobDefinition('notifications.notify')!;

/** Runs the queued notifier jobs (the worker is off in tests), each `times` times, optionally two at once. */
async function notify(o: { times?: number; parallel?: boolean } = {}) {
  const jobs = await k.db.query<{ id: number; payload: Record<string, unknown> }>(
    `update jobs set status = 'done', finished_at = now() where name = 'notifications.notify' and status = 'queued' returning id, payload`,
  );
  jobs.sort((a, b) => a.id - b.id);
  for (const j of jobs) {
    for (let i = 0; i < (o.times ?? 1); i++) {
      if (o.parallel) await Promise.all([notifier().handler(j.payload, ctx()), notifier().handler(j.payload, ctx())]);
      else await notifier().handler(j.payload, ctx());
    }
  }
  return jobs.length;
}
type N = { id: number; kind: string; ticket_id: number; text: string; read_at: string | null; created_at: string };
const inbox = async (c: Caller, q = 'limit=100') => (await c.get(`/api/v1/notifications?${q}`)).body.data as N[];
const kindsFor = async (c: Caller, ticketId: number) =>
  (await inbox(c))
    .filter((n) => n.ticket_id === ticketId)
    .map((n) => n.kind)
    .sort();
const agentMail = async () =>
  (
    (await k.admin.get('/api/v1/outbox?limit=100')).body.data as Array<{
      kind: string;
      ticket_id: number;
      to: string[];
      reply_to: string | null;
      subject: string;
      text: string;
    }>
  ).filter((m) => m.kind === 'agent_notification');

async function person(name: string, email: string, role: 'agent' | 'customer', extra: Record<string, unknown> = {}) {
  const r = await k.admin.post('/api/v1/people', { name, email, role, password: 'Pass-word-123', ...extra });
  expect(r.status).toBe(201);
  return { id: r.body.id as number, c: await k.signIn(email, 'Pass-word-123') };
}

beforeAll(async () => {
  k = await testKefu();
  alice = await person('Alice Wang', 'alice@kefu.test', 'agent');
  bob = await person('Bob Chen', 'bob@kefu.test', 'agent', { locale: 'zh-CN' });
  carol = await person('Carol', 'carol@kefu.test', 'agent');
  const org = (await k.admin.post('/api/v1/organizations', { name: 'Acme' })).body.id;
  cust = await person('Li Lei', 'lilei@acme.test', 'customer', { organization_id: org });
  groupId = (await k.admin.post('/api/v1/groups', { name: 'Support', member_ids: [alice.id, bob.id] })).body.id;
  adminId = (await k.admin.get('/api/v1/me')).body.id;
  // Mail-only for Carol's assignments; nothing by mail for Alice's (defaults otherwise).
  await carol.c.patch('/api/v1/notifications/preferences', { assigned: { in_app: false, email: true } });
  await alice.c.patch('/api/v1/notifications/preferences', { assigned: { email: false } });
  // The desk's default calendar (the first created): office hours, Monday to Friday 09–18 UTC (quiet hours).
  const cal = await k.admin.post('/api/v1/calendars', {
    name: 'Office hours',
    timezone: 'UTC',
    holidays: [],
    extra_workdays: [],
    weekly: {
      mon: [['09:00', '18:00']],
      tue: [['09:00', '18:00']],
      wed: [['09:00', '18:00']],
      thu: [['09:00', '18:00']],
      fri: [['09:00', '18:00']],
      sat: [],
      sun: [],
    },
  });
  expect(cal.status, JSON.stringify(cal.body)).toBe(201);
  await notify();
});
afterAll(async () => {
  await k?.stop();
});

it('a new unassigned ticket in a group tells its members (not the actor, not others), in their language', async () => {
  const t = (await alice.c.post('/api/v1/tickets', { subject: 'Login broken', body: 'b', requester_id: cust.id, group_id: groupId })).body;
  expect(await notify()).toBeGreaterThan(0);
  expect(await kindsFor(bob.c, t.id)).toEqual(['new_in_group']);
  expect(await kindsFor(alice.c, t.id)).toEqual([]); // the actor
  expect(await kindsFor(carol.c, t.id)).toEqual([]); // not in the group
  const n = (await inbox(bob.c)).find((x) => x.ticket_id === t.id)!;
  expect(n.text).toBe(`Support 有新工单 #${t.number}：Login broken`);
  expect(n.read_at).toBeNull();
});

it('a new ticket with neither group nor assignee, or assigned to its author, queues no notifier job: nobody is told', async () => {
  const queued = async (ticketId: number) =>
    (
      await k.db.query<{ n: number }>(
        `select count(*)::int as n from jobs where name = 'notifications.notify' and (payload ->> 'ticket_id')::bigint = $1`,
        [ticketId],
      )
    )[0].n;
  const alone = (await alice.c.post('/api/v1/tickets', { subject: 'Nobody to tell', body: 'b', requester_id: cust.id })).body;
  const own = (await alice.c.post('/api/v1/tickets', { subject: 'Mine', body: 'b', requester_id: cust.id, assignee_id: alice.id })).body;
  const toBob = (await alice.c.post('/api/v1/tickets', { subject: 'For Bob', body: 'b', requester_id: cust.id, assignee_id: bob.id })).body;
  expect([await queued(alone.id), await queued(own.id), await queued(toBob.id)]).toEqual([0, 0, 1]);
  await notify();
  expect(await kindsFor(bob.c, toBob.id)).toEqual(['assigned']);
  for (const c of [alice.c, bob.c, carol.c]) {
    expect(await kindsFor(c, alone.id)).toEqual([]);
    expect(await kindsFor(c, own.id)).toEqual([]);
  }
});

it('assignment tells the new assignee; mail with their own Reply-To when chosen, in-app only, or mail only', async () => {
  const t = (await k.admin.post('/api/v1/tickets', { subject: 'Refund', body: 'b', requester_id: cust.id })).body;
  await notify();
  // Bob: defaults (in the app and by mail).
  await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: bob.id });
  await notify();
  expect(await kindsFor(bob.c, t.id)).toEqual(['assigned']);
  const admin = (await k.admin.get('/api/v1/me')).body.name as string;
  expect((await inbox(bob.c)).find((x) => x.ticket_id === t.id)!.text).toBe(`${admin} 将 #${t.number} 分配给了您：Refund`);
  const mails = (await agentMail()).filter((m) => m.ticket_id === t.id);
  expect(mails).toHaveLength(1);
  expect(mails[0].to).toEqual(['bob@kefu.test']);
  expect(mails[0].subject).toBe(`${admin} 将 #${t.number} 分配给了您：Refund`);
  expect(mails[0].text).toContain(`/agent/tickets/${t.number}`);
  const token = /^support\+([a-z2-9]{26})@/.exec(mails[0].reply_to ?? '')?.[1];
  expect(token, mails[0].reply_to ?? 'no Reply-To').toBeTruthy();
  expect(await staffReplyTokens.find(k.db, token!)).toEqual({ personId: bob.id, ticketId: t.id });

  // Alice chose no mail for assignments: in the app only.
  await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: alice.id });
  await notify();
  expect(await kindsFor(alice.c, t.id)).toEqual(['assigned']);
  expect((await agentMail()).filter((m) => m.ticket_id === t.id)).toHaveLength(1);

  // Carol chose mail only: no notification in the app, one mail.
  await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: carol.id });
  await notify({ times: 2 });
  expect(await kindsFor(carol.c, t.id)).toEqual([]);
  const carolMail = (await agentMail()).filter((m) => m.ticket_id === t.id && m.to[0] === 'carol@kefu.test');
  expect(carolMail).toHaveLength(1);
  expect(carolMail[0].subject).toBe(`${admin} assigned #${t.number} to you: Refund`);

  // Assigning yourself tells nobody.
  await carol.c.patch(`/api/v1/tickets/${t.id}`, { assignee_id: alice.id });
  await alice.c.patch(`/api/v1/tickets/${t.id}`, { assignee_id: null });
  await alice.c.patch(`/api/v1/tickets/${t.id}`, { assignee_id: alice.id });
  await notify();
  // Carol assigning Alice told Alice again (a second assignment event); Alice assigning herself did not.
  expect(await kindsFor(alice.c, t.id)).toEqual(['assigned', 'assigned']);
});

it('the same assignment made twice (assign, unassign, assign) before the notifier runs tells twice, even when rerun', async () => {
  const t = (await k.admin.post('/api/v1/tickets', { subject: 'Again', body: 'b', requester_id: cust.id })).body;
  await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: bob.id });
  await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: null });
  await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: bob.id });
  await notify({ times: 2 });
  expect(await kindsFor(bob.c, t.id)).toEqual(['assigned', 'assigned']);
  expect((await agentMail()).filter((m) => m.ticket_id === t.id)).toHaveLength(2);
});

it('a customer reply tells the assignee, or the group when nobody has the ticket', async () => {
  const mine = (
    await k.admin.post('/api/v1/tickets', { subject: 'Mine', body: 'b', requester_id: cust.id, group_id: groupId, assignee_id: bob.id })
  ).body;
  const open = (await k.admin.post('/api/v1/tickets', { subject: 'Open', body: 'b', requester_id: cust.id, group_id: groupId })).body;
  await notify();
  expect((await cust.c.post(`/api/v1/tickets/${mine.id}/messages`, { body: 'still broken' })).status).toBe(201);
  expect((await cust.c.post(`/api/v1/tickets/${open.id}/messages`, { body: 'hello?' })).status).toBe(201);
  await k.admin.post(`/api/v1/tickets/${mine.id}/messages`, { body: 'an agent reply tells nobody' });
  await notify();
  expect(await kindsFor(bob.c, mine.id)).toEqual(['assigned', 'customer_replied']);
  expect(await kindsFor(alice.c, mine.id)).toEqual([]);
  expect(await kindsFor(alice.c, open.id)).toEqual(['customer_replied', 'new_in_group']);
  expect(await kindsFor(bob.c, open.id)).toEqual(['customer_replied', 'new_in_group']);
  expect((await inbox(alice.c)).find((n) => n.ticket_id === open.id && n.kind === 'customer_replied')!.text).toBe(
    `Li Lei replied on #${open.number}: Open`,
  );
});

it('a merge that reopens a solved ticket tells its assignee, as a reply would, naming the merged ticket', async () => {
  const solved = (await k.admin.post('/api/v1/tickets', { subject: 'Printer jam', body: 'b', requester_id: cust.id, assignee_id: bob.id }))
    .body;
  await k.admin.patch(`/api/v1/tickets/${solved.id}`, { status: 'solved' });
  const again = (await k.admin.post('/api/v1/tickets', { subject: 'Printer jam again', body: 'b', requester_id: cust.id })).body;
  await notify();
  expect((await k.admin.post(`/api/v1/tickets/${again.id}/merge`, { target_id: solved.id })).status).toBe(200);
  await notify();
  expect(await kindsFor(bob.c, solved.id)).toEqual(['assigned', 'customer_replied']);
  const n = (await inbox(bob.c)).find((x) => x.ticket_id === solved.id && x.kind === 'customer_replied')!;
  // Bob reads Chinese.
  expect(n.text).toBe(`#${again.number} 已合并到 #${solved.number}，该工单重新打开，请求人的留言等待答复：Printer jam`);
  // A plain status change by hand tells nobody.
  await k.admin.patch(`/api/v1/tickets/${solved.id}`, { status: 'solved' });
  await k.admin.patch(`/api/v1/tickets/${solved.id}`, { status: 'open' });
  await notify();
  expect(await kindsFor(bob.c, solved.id)).toEqual(['assigned', 'customer_replied']);
});

it('an @mention in an internal note tells the staff named (by name or address), never the author', async () => {
  const t = (await k.admin.post('/api/v1/tickets', { subject: 'Mention', body: 'b', requester_id: cust.id })).body;
  await notify();
  await alice.c.post(`/api/v1/tickets/${t.id}/messages`, {
    body: '@Bob Chen and @carol, see this; @alice too. Mail me at alice@kefu.test',
    internal: true,
  });
  await alice.c.post(`/api/v1/tickets/${t.id}/messages`, { body: 'a public reply: @Carol is not told' });
  await notify();
  expect(await kindsFor(bob.c, t.id)).toEqual(['mentioned']);
  expect(await kindsFor(carol.c, t.id)).toEqual(['mentioned']);
  expect(await kindsFor(alice.c, t.id)).toEqual([]);
  // Mentions mail by default, with the note in it.
  const mails = (await agentMail()).filter((m) => m.ticket_id === t.id);
  expect(mails.map((m) => m.to[0]).sort()).toEqual(['bob@kefu.test', 'carol@kefu.test']);
  expect(mails[0].text).toContain('@Bob Chen and @carol');
});

it('SLA warnings and breaches tell the assignee, or the group of an unassigned ticket, or the admins when nobody owns it', async () => {
  await k.admin.post('/api/v1/presets/tiered-support/apply', {});
  const ent = (await k.admin.get('/api/v1/plans')).body.data.find((p: { name: string }) => p.name === 'Enterprise').id;
  const org = (await k.admin.post('/api/v1/organizations', { name: 'SLA Co', plan_id: ent })).body.id;
  const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
  const soon = (
    await k.admin.post('/api/v1/tickets', {
      subject: 'soon',
      body: 'b',
      organization_id: org,
      requester_email: 's1@x.test',
      priority: 'P1',
      created_at: ago(110),
      group_id: groupId,
    })
  ).body;
  const late = (
    await k.admin.post('/api/v1/tickets', {
      subject: 'late',
      body: 'b',
      organization_id: org,
      requester_email: 's2@x.test',
      priority: 'P1',
      created_at: ago(180),
      assignee_id: carol.id,
    })
  ).body;
  // Nobody's: no assignee, no group. Its breach must reach someone: the admins.
  const nobodys = (
    await k.admin.post('/api/v1/tickets', {
      subject: 'nobody has it',
      body: 'b',
      organization_id: org,
      requester_email: 's3@x.test',
      priority: 'P1',
      created_at: ago(180),
    })
  ).body;
  await notify();
  await jobDefinition('sla.escalate')!.handler({}, ctx());
  await notify({ times: 2 });
  expect(await kindsFor(k.admin, nobodys.id)).toEqual(['sla_breached']);
  for (const a of [alice, bob, carol]) expect(await kindsFor(a.c, nobodys.id)).toEqual([]);
  expect((await agentMail()).filter((m) => m.ticket_id === nobodys.id).map((m) => m.to[0])).toEqual([ADMIN_EMAIL]);
  expect(await kindsFor(alice.c, soon.id)).toEqual(['new_in_group', 'sla_warning']);
  expect(await kindsFor(bob.c, soon.id)).toEqual(['new_in_group', 'sla_warning']);
  expect(await kindsFor(carol.c, late.id)).toEqual(['sla_breached']); // her assignment was mail-only
  expect((await inbox(carol.c)).find((n) => n.ticket_id === late.id)!.text).toBe(`#${late.number} missed its first response target: late`);
  expect((await inbox(bob.c)).find((n) => n.ticket_id === soon.id && n.kind === 'sla_warning')!.text).toBe(
    `#${soon.number} 即将超出首次响应时限：soon`,
  );
  // Breaches mail by default, warnings do not.
  const mails = (await agentMail()).filter((m) => m.ticket_id === late.id || m.ticket_id === soon.id);
  // Carol's (mail-only) assignment and her breach; nothing by mail for the warning.
  expect(mails.map((m) => `${m.ticket_id}:${m.to[0]}`)).toEqual([`${late.id}:carol@kefu.test`, `${late.id}:carol@kefu.test`]);
});

it('running a job twice, two at once, or by two workers notifies and mails once', async () => {
  const t = (await k.admin.post('/api/v1/tickets', { subject: 'Twice', body: 'b', requester_id: cust.id, group_id: groupId })).body;
  await notify({ times: 2, parallel: true });
  await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: bob.id });
  // Put the job back twice (a retry after a lost lease) and let two workers race for everything queued.
  await k.db.query(
    `insert into jobs (name, payload) select name, payload from jobs where name = 'notifications.notify' and status = 'queued'`,
  );
  const w1 = startWorker(k.db, { now: () => new Date(), log }, { pollMs: 10_000 });
  const w2 = startWorker(k.db, { now: () => new Date(), log }, { pollMs: 10_000 });
  await Promise.all([w1.drain(), w2.drain()]);
  await Promise.all([w1.stop(), w2.stop()]);
  expect(await kindsFor(alice.c, t.id)).toEqual(['new_in_group']);
  expect(await kindsFor(bob.c, t.id)).toEqual(['assigned', 'new_in_group']);
  expect((await agentMail()).filter((m) => m.ticket_id === t.id)).toHaveLength(1); // Bob's assignment
  const rows = await k.db.query<{ n: number }>(`select count(*)::int as n from notifications where ticket_id = $1`, [t.id]);
  expect(rows[0].n).toBe(3);
});

it("lists newest first with a cursor and marks read by ids (only one's own) or all", async () => {
  const all = await inbox(bob.c);
  expect(all.length).toBeGreaterThan(4);
  expect(all.map((n) => n.id)).toEqual([...all.map((n) => n.id)].sort((a, b) => b - a));
  const seen: number[] = [];
  let cursor: string | null = null;
  do {
    const r: { body: { data: N[]; next_cursor: string | null } } = await bob.c.get(
      `/api/v1/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(r.body.data.length).toBeLessThanOrEqual(2);
    seen.push(...r.body.data.map((n) => n.id));
    cursor = r.body.next_cursor;
  } while (cursor);
  expect(seen).toEqual(all.map((n) => n.id));
  expect((await bob.c.get('/api/v1/notifications?cursor=nonsense')).status).toBe(400);

  const [a, b] = all;
  expect((await alice.c.post('/api/v1/notifications/read', { ids: [a.id] })).body).toEqual({ marked: 0 }); // not hers
  expect((await bob.c.post('/api/v1/notifications/read', { ids: [a.id, b.id, a.id] })).body).toEqual({ marked: 2 });
  const after = await inbox(bob.c);
  expect(
    after
      .filter((n) => n.read_at)
      .map((n) => n.id)
      .sort(),
  ).toEqual([a.id, b.id].sort());
  expect((await inbox(bob.c, 'unread=true&limit=100')).length).toBe(all.length - 2);
  expect((await bob.c.post('/api/v1/notifications/read', {})).status).toBe(400);
  expect((await bob.c.post('/api/v1/notifications/read', { all: true })).body).toEqual({ marked: all.length - 2 });
  expect((await inbox(bob.c)).every((n) => n.read_at)).toBe(true);
  expect((await inbox(alice.c)).some((n) => !n.read_at)).toBe(true);
});

it('preferences: defaults, partial changes, validation', async () => {
  const r = await bob.c.get('/api/v1/notifications/preferences');
  expect(r.body.data).toEqual([
    { kind: 'assigned', in_app: true, email: true },
    { kind: 'new_in_group', in_app: true, email: false },
    { kind: 'customer_replied', in_app: true, email: false },
    { kind: 'sla_warning', in_app: true, email: false },
    { kind: 'sla_breached', in_app: true, email: true },
    { kind: 'mentioned', in_app: true, email: true },
    { kind: 'low_satisfaction', in_app: true, email: false },
  ]);
  const p = await bob.c.patch('/api/v1/notifications/preferences', {
    sla_warning: { email: true },
    mentioned: { in_app: false, email: false },
  });
  expect(p.status).toBe(200);
  expect(p.body.data.find((x: { kind: string }) => x.kind === 'sla_warning')).toEqual({ kind: 'sla_warning', in_app: true, email: true });
  expect((await bob.c.get('/api/v1/notifications/preferences')).body.data.find((x: { kind: string }) => x.kind === 'mentioned')).toEqual({
    kind: 'mentioned',
    in_app: false,
    email: false,
  });
  expect((await bob.c.patch('/api/v1/notifications/preferences', { nonsense: { email: true } })).status).toBe(400);
  // Muted mentions: nothing at all.
  const t = (await k.admin.post('/api/v1/tickets', { subject: 'Muted', body: 'b', requester_id: cust.id })).body;
  await alice.c.post(`/api/v1/tickets/${t.id}/messages`, { body: 'hi @bob', internal: true });
  await notify();
  expect(await kindsFor(bob.c, t.id)).toEqual([]);
  expect((await agentMail()).filter((m) => m.ticket_id === t.id)).toHaveLength(0);
});

it('customers and the local operator get 403', async () => {
  for (const [m, u] of [
    ['get', '/api/v1/notifications'],
    ['post', '/api/v1/notifications/read'],
    ['get', '/api/v1/notifications/preferences'],
    ['patch', '/api/v1/notifications/preferences'],
  ] as const) {
    const r = await (cust.c as any)[m](u, m === 'post' ? { all: true } : m === 'patch' ? {} : undefined);
    expect(r.status, `${m} ${u}`).toBe(403);
  }
  expect((await k.anon.get('/api/v1/notifications')).status).toBe(401);
  expect(adminId).toBeGreaterThan(0);
  expect((await k.admin.get('/api/v1/notifications')).status).toBe(200);
});

it("the list says how many are unread and each item's ticket number", async () => {
  const t = (await k.admin.post('/api/v1/tickets', { subject: 'Counted', body: 'b', requester_id: cust.id, assignee_id: carol.id })).body;
  await carol.c.patch('/api/v1/notifications/preferences', { assigned: { in_app: true } });
  await notify();
  const before = (await carol.c.get('/api/v1/notifications?limit=1')).body;
  await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: null });
  await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: carol.id });
  await notify();
  const r = (await carol.c.get('/api/v1/notifications?limit=1')).body;
  expect(r.unread_count).toBe(before.unread_count + 1);
  expect(r.data).toHaveLength(1); // the count is not the page
  expect(r.data[0]).toMatchObject({ kind: 'assigned', ticket_id: t.id, ticket_number: t.number });
  await carol.c.post('/api/v1/notifications/read', { ids: [r.data[0].id] });
  expect((await carol.c.get('/api/v1/notifications?limit=1')).body.unread_count).toBe(before.unread_count);
});

it('a job payload with event_id notifies about that event (even when its other facts would not find it); a foreign event_id is ignored', async () => {
  const t = (await k.admin.post('/api/v1/tickets', { subject: 'By id', body: 'b', requester_id: cust.id })).body;
  const other = (await k.admin.post('/api/v1/tickets', { subject: 'Other', body: 'b', requester_id: cust.id })).body;
  await notify();
  await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: alice.id });
  await k.db.query(`update jobs set status = 'done' where name = 'notifications.notify' and status = 'queued'`);
  const [ev] = await k.db.query<{ id: number }>(
    `select id from ticket_events where ticket_id = $1 and type = 'ticket.updated' order by id desc limit 1`,
    [t.id],
  );
  // Changes that match no event: only the event id can find it.
  const payload = { event: 'ticket.updated', ticket_id: t.id, changes: { priority: ['P3', 'P1'] } };
  await notifier().handler({ ...payload, event_id: ev.id }, ctx());
  const rows = await k.db.query<{ event_id: number; kind: string }>(
    `select event_id, kind from notifications where ticket_id = $1 and person_id = $2`,
    [t.id, alice.id],
  );
  expect(rows).toEqual([{ event_id: ev.id, kind: 'assigned' }]);
  // Another ticket's event id is not trusted: the lookup by facts runs (and finds nothing for these changes).
  await notifier().handler({ ...payload, ticket_id: other.id, event_id: ev.id }, ctx());
  expect((await k.db.query(`select 1 from notifications where ticket_id = $1`, [other.id])).length).toBe(0);
});

describe('quiet hours', () => {
  const DAY = 24 * 3600_000;
  // The latest Saturday 12:00 UTC before now (the calendar is closed), and the Monday 09:00 after it (it opens).
  const saturday = () => {
    const d = new Date();
    d.setUTCHours(12, 0, 0, 0);
    while (d.getUTCDay() !== 6 || d.getTime() > Date.now()) d.setTime(d.getTime() - DAY);
    return d;
  };
  const at = (d: Date) => ({ db: k.db, now: () => d, log });
  const heldJobs = () =>
    k.db.query<{ id: number; payload: Record<string, unknown>; run_at: Date; status: string }>(
      `select id, payload, run_at, status from jobs where name = 'notifications.mail' order by id`,
    );

  it('holds a mail created while the desk calendar is closed until it opens; sends it once; the in-app notification comes at once', async () => {
    const p = await bob.c.patch('/api/v1/notifications/preferences', { quiet_hours: true, assigned: { in_app: true, email: true } });
    expect(p.body.quiet_hours).toBe(true);
    expect((await bob.c.get('/api/v1/notifications/preferences')).body.quiet_hours).toBe(true);
    expect((await alice.c.get('/api/v1/notifications/preferences')).body.quiet_hours).toBe(false);
    const t = (await k.admin.post('/api/v1/tickets', { subject: 'Weekend', body: 'b', requester_id: cust.id })).body;
    await notify();
    await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: bob.id });
    const sat = saturday();
    const jobs = await k.db.query<{ payload: Record<string, unknown> }>(
      `update jobs set status = 'done' where name = 'notifications.notify' and status = 'queued' returning payload`,
    );
    for (const j of jobs) {
      await notifier().handler(j.payload, at(sat));
      await notifier().handler(j.payload, at(sat));
    } // a rerun too
    expect(await kindsFor(bob.c, t.id)).toEqual(['assigned']);
    expect((await agentMail()).filter((m) => m.ticket_id === t.id)).toHaveLength(0);
    const held = (await heldJobs()).filter((j) => j.payload.ticket_id === t.id);
    expect(held).toHaveLength(1);
    const monday = new Date(sat.getTime() + 2 * DAY - 3 * 3600_000); // Monday 09:00 UTC
    expect(new Date(held[0].run_at).toISOString()).toBe(monday.toISOString());

    // Run early (Sunday; say an admin changed the calendar): it waits again, nothing sent.
    const mailJob = jobDefinition('notifications.mail')!;
    await k.db.query(`update jobs set status = 'done' where id = $1`, [held[0].id]);
    await mailJob.handler(held[0].payload, at(new Date(sat.getTime() + DAY)));
    expect((await agentMail()).filter((m) => m.ticket_id === t.id)).toHaveLength(0);
    const again = (await heldJobs()).filter((j) => j.payload.ticket_id === t.id && j.status === 'queued');
    expect(again.map((j) => new Date(j.run_at).toISOString())).toEqual([monday.toISOString()]);

    // When the calendar opens: sent, once, however often the job runs.
    await mailJob.handler(again[0].payload, at(monday));
    await mailJob.handler(again[0].payload, at(new Date(monday.getTime() + 60_000)));
    const mails = (await agentMail()).filter((m) => m.ticket_id === t.id);
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual(['bob@kefu.test']);
    expect(mails[0].subject).toContain(`#${t.number}`);
  });

  it('sends at once while the calendar is open, and with quiet hours off', async () => {
    const open = new Date(saturday().getTime() - 3 * 3600_000 - DAY); // Friday 09:00 UTC
    const t = (await k.admin.post('/api/v1/tickets', { subject: 'Friday', body: 'b', requester_id: cust.id })).body;
    await notify();
    await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: bob.id });
    for (const j of await k.db.query<{ payload: Record<string, unknown> }>(
      `update jobs set status = 'done' where name = 'notifications.notify' and status = 'queued' returning payload`,
    ))
      await notifier().handler(j.payload, at(open));
    expect((await agentMail()).filter((m) => m.ticket_id === t.id)).toHaveLength(1);
    await bob.c.patch('/api/v1/notifications/preferences', { quiet_hours: false });
    await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: null });
    await k.admin.patch(`/api/v1/tickets/${t.id}`, { assignee_id: bob.id });
    for (const j of await k.db.query<{ payload: Record<string, unknown> }>(
      `update jobs set status = 'done' where name = 'notifications.notify' and status = 'queued' returning payload`,
    ))
      await notifier().handler(j.payload, at(saturday()));
    expect((await agentMail()).filter((m) => m.ticket_id === t.id)).toHaveLength(2);
    expect((await bob.c.patch('/api/v1/notifications/preferences', { quiet_hours: 'yes' })).status).toBe(400);
  });
});

it('retention: read notifications older than 90 days are deleted by the daily job; unread and recent ones stay', async () => {
  const rows = await k.db.query<{ id: number }>(`select id from notifications where person_id = $1 order by id limit 3`, [alice.id]);
  const [oldRead, oldUnread, recentRead] = rows.map((r) => r.id);
  await k.db.query(`update notifications set created_at = now() - interval '91 days', read_at = now() - interval '1 day' where id = $1`, [
    oldRead,
  ]);
  await k.db.query(`update notifications set created_at = now() - interval '200 days', read_at = null where id = $1`, [oldUnread]);
  await k.db.query(`update notifications set created_at = now() - interval '89 days', read_at = now() where id = $1`, [recentRead]);
  await k.db.query(`delete from jobs where name = 'notifications.prune'`);
  await jobDefinition('notifications.prune')!.handler({}, ctx());
  const left = (
    await k.db.query<{ id: number }>(`select id from notifications where id = any($1::bigint[])`, [[oldRead, oldUnread, recentRead]])
  )
    .map((r) => r.id)
    .sort();
  expect(left).toEqual([oldUnread, recentRead].sort());
  // It runs again tomorrow.
  const next = await k.db.query<{ run_at: Date }>(`select run_at from jobs where name = 'notifications.prune' and status = 'queued'`);
  expect(next).toHaveLength(1);
  expect(new Date(next[0].run_at).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
});

describe('by mail, end to end', () => {
  let e: EmailKefu;
  beforeAll(async () => {
    e = await emailKefu();
  });
  afterAll(async () => {
    await e?.stop();
  });

  it("a reply to the notification mail is the agent's own verified reply on the ticket", async () => {
    const r = await e.k.admin.post('/api/v1/people', {
      name: 'Dora',
      email: 'dora@desk.example',
      role: 'agent',
      password: 'Dora-pass-123',
    });
    const dora = r.body.id as number;
    const t = (
      await e.k.admin.post('/api/v1/tickets', { subject: 'Printer', body: 'b', requester_email: 'cust@example.com', assignee_id: dora })
    ).body;
    const note = await waitFor(
      async () =>
        ((await e.k.admin.get(`/api/v1/outbox?ticket_id=${t.id}&limit=100`)).body.data as Array<Record<string, any>>).find(
          (m) => m.kind === 'agent_notification',
        ),
      'agent notification mail',
    );
    expect(note.to).toEqual(['dora@desk.example']);
    expect(note.reply_to).toMatch(/^support\+[a-z2-9]{26}@kefu\.test$/);
    expect(note.text).toContain(`http://kefu.test/agent/tickets/${t.number}`);
    await e.send(
      mail({
        from: 'Dora <dora@desk.example>',
        to: note.reply_to,
        subject: `Re: ${note.subject}`,
        body: 'On it, replacing the toner.',
        messageId: 'dora-1@desk.example',
        inReplyTo: note.rfc_message_id,
      }),
      { to: [note.reply_to] },
    );
    const m = await waitFor(
      async () =>
        ((await e.k.admin.get(`/api/v1/tickets/${t.id}/messages?limit=50`)).body.data as Array<Record<string, any>>).find((x) =>
          x.body.includes('replacing the toner'),
        ),
      'the mailed reply',
    );
    expect(m).toMatchObject({ internal: false, sender_verified: true, author: { id: dora } });
  });
});
