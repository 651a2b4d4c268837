import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDefinition } from '../../server/jobs/registry.ts';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
let han: Caller; // customer of Acme, reads Chinese
let lei: Caller; // Han's colleague at Acme
let gus: Caller; // customer of Globex
let agent: Caller;

const log = { info() {}, error() {} };
const ctx = () => ({ db: k.db, now: () => new Date(), log });

/** Runs the queued jobs of `name` (the worker is off in tests), each `times` times, in parallel when asked. */
async function run(name: string, o: { times?: number; parallel?: boolean } = {}) {
  const jobs = await k.db.query<{ id: number; payload: Record<string, unknown> }>(
    `update jobs set status = 'done', finished_at = now() where name = $1 and status = 'queued' returning id, payload`,
    [name],
  );
  const def = jobDefinition(name)!;
  for (const j of jobs.sort((a, b) => a.id - b.id)) {
    const runs = Array.from({ length: o.times ?? 1 }, () => () => def.handler(j.payload, ctx()));
    if (o.parallel) await Promise.all(runs.map((f) => f()));
    else for (const f of runs) await f();
  }
  return jobs.length;
}
/** Fan-out then replies, until nothing is queued. */
async function resolveJobs(o: { times?: number; parallel?: boolean } = {}) {
  while ((await run('status.incident_fanout')) + (await run('status.incident_reply', o)) > 0);
}

const open = async (c: Caller, subject: string) => {
  const r = await c.post('/api/v1/tickets', { subject, body: `${subject}.` });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; number: number };
};
const publicMessages = async (id: number) =>
  (
    (await k.admin.get(`/api/v1/tickets/${id}/messages`)).body.data as Array<{
      internal: boolean;
      body: string;
      author: { role: string; name: string } | null;
    }>
  ).filter((m) => !m.internal);

beforeAll(async () => {
  k = await testKefu();
  const acme = (await k.admin.post('/api/v1/organizations', { name: 'Acme' })).body.id;
  const globex = (await k.admin.post('/api/v1/organizations', { name: 'Globex' })).body.id;
  const person = (name: string, email: string, role: string, organization_id?: number, locale?: string) =>
    k.admin.post('/api/v1/people', { name, email, role, password: 'Pass-word-123', organization_id, locale });
  await person('Han Meimei', 'han@acme.test', 'customer', acme, 'zh-CN');
  await person('Li Lei', 'lei@acme.test', 'customer', acme);
  await person('Gus', 'gus@globex.test', 'customer', globex);
  await person('Alice Agent', 'alice@kefu.test', 'agent');
  han = await k.signIn('han@acme.test', 'Pass-word-123');
  lei = await k.signIn('lei@acme.test', 'Pass-word-123');
  gus = await k.signIn('gus@globex.test', 'Pass-word-123');
  agent = await k.signIn('alice@kefu.test', 'Pass-word-123');
  for (const [key, name_en, name_zh] of [
    ['api', 'API', 'API 接口'],
    ['dns', 'DNS', 'DNS 解析'],
  ])
    expect((await k.admin.put(`/api/v1/status/components/${key}`, { name_en, name_zh })).status).toBe(200);
});
afterAll(async () => {
  await k?.stop();
});

describe('the status page', () => {
  it('anyone reads it without signing in, in either language, cacheable', async () => {
    const r = await k.anon.get('/api/v1/status?lang=zh-CN');
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=30');
    expect(r.body.components.map((c: { key: string; name: string; status: string }) => [c.key, c.name, c.status])).toEqual([
      ['api', 'API 接口', 'operational'],
      ['dns', 'DNS 解析', 'operational'],
    ]);
    expect((await han.get('/api/v1/status')).headers['cache-control']).toBe('private, no-cache');
    const en = await k.anon.get('/api/v1/status');
    expect(en.body.components[1].name).toBe('DNS');
  });

  it('only staff manage it: customers and anonymous are refused, agents set a status but do not add components', async () => {
    expect((await k.anon.put('/api/v1/status/components/api', { status: 'degraded' })).status).toBe(401);
    expect((await han.put('/api/v1/status/components/api', { status: 'degraded' })).status).toBe(403);
    expect((await han.post('/api/v1/status/incidents', { title: 'x', components: [], status: 'investigating', message: 'x' })).status).toBe(
      403,
    );
    expect((await agent.put('/api/v1/status/components/cdn', { name_en: 'CDN', name_zh: 'CDN' })).status).toBe(403);
    const r = await agent.put('/api/v1/status/components/api', { status: 'degraded' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('degraded');
    // A new component needs both names; bad keys and statuses are 4xx.
    expect((await k.admin.put('/api/v1/status/components/cdn', { name_en: 'CDN' })).status).toBe(422);
    expect((await k.admin.put('/api/v1/status/components/Bad%20Key', { status: 'degraded' })).status).toBe(400);
    expect((await k.admin.put('/api/v1/status/components/api', { status: 'on_fire' })).status).toBe(400);
    expect((await k.admin.put('/api/v1/status/components/nope', { status: 'degraded' })).status).toBe(422);
  });

  it('an incident names known components; updates follow until it is resolved', async () => {
    const bad = await agent.post('/api/v1/status/incidents', {
      title: 'Down',
      components: ['api', 'mars'],
      status: 'investigating',
      message: 'Looking.',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.unknown).toEqual(['mars']);
    expect(
      (await agent.post('/api/v1/status/incidents', { title: 'Down', components: ['api'], status: 'resolved', message: 'x' })).status,
    ).toBe(400);
    const r = await agent.post('/api/v1/status/incidents', {
      title: 'DNS answers slowly',
      components: ['dns'],
      status: 'investigating',
      message: 'We are looking into slow DNS answers.',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const u = await agent.post(`/api/v1/status/incidents/${r.body.id}/updates`, { status: 'identified', message: 'A bad route.' });
    expect(u.status).toBe(201);
    expect(u.body.updates.map((x: { status: string }) => x.status)).toEqual(['identified', 'investigating']);
    expect((await agent.post('/api/v1/status/incidents/999999/updates', { status: 'monitoring', message: 'x' })).status).toBe(404);
    const page = (await k.anon.get('/api/v1/status')).body;
    expect(page.incidents.find((i: { id: number }) => i.id === r.body.id)).toMatchObject({
      title: 'DNS answers slowly',
      status: 'identified',
      components: ['dns'],
    });
    // The page does not call DNS operational next to an incident about it.
    expect(page.components.find((c: { key: string }) => c.key === 'dns').status).toBe('degraded');
    // Resolve (nothing linked): no more updates afterwards, and DNS is operational again.
    await k.admin.put('/api/v1/status/components/dns', { status: 'major_outage' });
    expect((await agent.post(`/api/v1/status/incidents/${r.body.id}/updates`, { status: 'resolved', message: 'Fixed.' })).status).toBe(201);
    expect((await agent.post(`/api/v1/status/incidents/${r.body.id}/updates`, { status: 'monitoring', message: 'x' })).status).toBe(409);
    await resolveJobs();
    const after = (await k.anon.get('/api/v1/status')).body;
    expect(after.components.find((c: { key: string }) => c.key === 'dns').status).toBe('operational');
  });
});

describe('tickets linked to a status incident', () => {
  it('customers link their own ticket to an open incident only; staff link any; null unlinks; each through the pipeline', async () => {
    const inc = (
      await agent.post('/api/v1/status/incidents', {
        title: 'API errors',
        components: ['api'],
        status: 'investigating',
        message: 'Errors on /v1.',
      })
    ).body;
    const mine = await open(han, 'API 报错');
    const leis = await open(lei, 'API fails');
    const globex = await open(gus, 'API broken');
    let r = await han.patch(`/api/v1/tickets/${mine.id}`, { status_incident_id: inc.id });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status_incident_id).toBe(inc.id);
    // A colleague's ticket (visible to Han) is theirs to link; another organization's does not exist for Han.
    expect((await han.patch(`/api/v1/tickets/${leis.id}`, { status_incident_id: inc.id })).status).toBe(403);
    expect((await han.patch(`/api/v1/tickets/${globex.id}`, { status_incident_id: inc.id })).status).toBe(404);
    expect((await han.patch(`/api/v1/tickets/${mine.id}`, { status_incident_id: 999999 })).status).toBe(422);
    expect((await han.patch(`/api/v1/tickets/${mine.id}`, { status_incident_id: 'x' })).status).toBe(400);
    // Staff link any ticket, in one call.
    r = await agent.patch(`/api/v1/tickets/${globex.id}`, { status_incident_id: inc.id });
    expect(r.status).toBe(200);
    const events = (await k.admin.get(`/api/v1/tickets/${mine.id}/events`)).body.data as Array<{
      type: string;
      data: Record<string, unknown>;
    }>;
    expect(events.filter((e) => e.type === 'ticket.status_incident_linked').map((e) => e.data)).toEqual([
      { incident_id: inc.id, title: 'API errors' },
    ]);
    // Unlink and link again (idempotent when unchanged: no second event).
    expect((await han.patch(`/api/v1/tickets/${mine.id}`, { status_incident_id: null })).body.status_incident_id).toBeNull();
    await han.patch(`/api/v1/tickets/${mine.id}`, { status_incident_id: inc.id });
    await han.patch(`/api/v1/tickets/${mine.id}`, { status_incident_id: inc.id });
    const types = ((await k.admin.get(`/api/v1/tickets/${mine.id}/events`)).body.data as Array<{ type: string }>).map((e) => e.type);
    expect(types.filter((t) => t.startsWith('ticket.status_incident'))).toEqual([
      'ticket.status_incident_linked',
      'ticket.status_incident_unlinked',
      'ticket.status_incident_linked',
    ]);
    // Customers cannot manage the incident itself.
    expect((await han.post(`/api/v1/status/incidents/${inc.id}/updates`, { status: 'resolved', message: 'x' })).status).toBe(403);

    // Resolving replies once on every linked ticket, in the requester's language, and solves them when asked.
    const res = await agent.post(`/api/v1/status/incidents/${inc.id}/updates`, {
      status: 'resolved',
      message: 'A faulty deploy was rolled back.',
      solve_linked: true,
    });
    expect(res.status).toBe(201);
    await resolveJobs({ times: 2, parallel: true });
    await resolveJobs({ times: 2 });
    const zh = await publicMessages(mine.id);
    expect(zh).toHaveLength(2);
    expect(zh[1].body).toContain('好消息：您反馈的问题属于已知故障“API errors”，现已解决。');
    expect(zh[1].body).toContain('A faulty deploy was rolled back.');
    expect(zh[1].author?.role).toBe('agent');
    const en = await publicMessages(globex.id);
    expect(en).toHaveLength(2);
    expect(en[1].body).toContain('"API errors", and it is now resolved.');
    expect((await k.admin.get(`/api/v1/tickets/${mine.id}`)).body.status).toBe('solved');
    expect((await k.admin.get(`/api/v1/tickets/${globex.id}`)).body.status).toBe('solved');
    // Li Lei's ticket was never linked: nothing.
    expect(await publicMessages(leis.id)).toHaveLength(1);
    // Each reply is a staff reply: the requester is mailed like for any reply (the email job is queued).
    const mailJobs = await k.db.query<{ n: number }>(
      `select count(*)::int as n from jobs where name = 'email.notify' and payload->>'event' = 'message.added' and (payload->>'ticket_id')::int8 = any($1::int8[])`,
      [[mine.id, globex.id]],
    );
    expect(mailJobs[0].n).toBeGreaterThanOrEqual(2);
    // A resolved incident takes no new tickets.
    expect((await lei.patch(`/api/v1/tickets/${leis.id}`, { status_incident_id: inc.id })).status).toBe(409);
    expect((await agent.patch(`/api/v1/tickets/${leis.id}`, { status_incident_id: inc.id })).status).toBe(409);
  });

  it('resolving walks the linked tickets in keyset batches, one job per ticket, one reply each even when jobs run twice', async () => {
    const inc = (
      await agent.post('/api/v1/status/incidents', {
        title: 'DNS down',
        components: ['dns'],
        status: 'identified',
        message: 'Resolvers down.',
      })
    ).body;
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push((await open(han, `DNS ${i}`)).id);
    await k.db.query(`update tickets set status_incident_id = $1 where id = any($2::int8[])`, [inc.id, ids]);
    await agent.post(`/api/v1/status/incidents/${inc.id}/updates`, { status: 'resolved', message: 'Resolvers back.' });
    // Batches of 3: the fan-out enqueues the next batch itself.
    await k.db.query(`update jobs set payload = payload || '{"batch": 3}' where name = 'status.incident_fanout' and status = 'queued'`);
    let fanouts = 0;
    for (;;) {
      const n = await run('status.incident_fanout', { times: 2 });
      if (!n) break;
      fanouts += n;
    }
    expect(fanouts).toBe(3); // 3 + 3 + 1
    await run('status.incident_reply', { times: 2, parallel: true });
    for (const id of ids) {
      const msgs = await publicMessages(id);
      expect(msgs, `ticket ${id}`).toHaveLength(2);
      expect((await k.admin.get(`/api/v1/tickets/${id}`)).body.status).not.toBe('solved');
    }
  });
});

describe('an agent limited to their groups', () => {
  it("resolving an incident answers and solves only the linked tickets they may read; another group's waits", async () => {
    const lim = (await k.admin.post('/api/v1/people', { name: 'Lim', email: 'lim@kefu.test', role: 'agent', password: 'Pass-word-123' }))
      .body;
    const mine = (await k.admin.post('/api/v1/groups', { name: 'Web', member_ids: [lim.id] })).body.id;
    const other = (await k.admin.post('/api/v1/groups', { name: 'Mail', member_ids: [] })).body.id;
    expect((await k.admin.patch(`/api/v1/people/${lim.id}`, { ticket_access: 'groups' })).status).toBe(200);
    const limited = await k.signIn('lim@kefu.test', 'Pass-word-123');
    const inc = (
      await limited.post('/api/v1/status/incidents', {
        title: 'Mail delays',
        components: ['api'],
        status: 'investigating',
        message: 'Looking.',
      })
    ).body;
    const ours = (await open(han, 'Web is slow')).id;
    const theirs = (await open(gus, 'Mail is slow')).id;
    expect((await k.admin.patch(`/api/v1/tickets/${ours}`, { group_id: mine, status_incident_id: inc.id })).status).toBe(200);
    expect((await k.admin.patch(`/api/v1/tickets/${theirs}`, { group_id: other, status_incident_id: inc.id })).status).toBe(200);
    expect((await limited.get(`/api/v1/tickets/${theirs}`)).status).toBe(404);

    const r = await limited.post(`/api/v1/status/incidents/${inc.id}/updates`, {
      status: 'resolved',
      message: 'Fixed.',
      solve_linked: true,
    });
    expect(r.status).toBe(201);
    await resolveJobs({ times: 2 });
    expect((await publicMessages(ours)).map((m) => m.author?.name)).toEqual(['Han Meimei', 'Lim']);
    expect((await k.admin.get(`/api/v1/tickets/${ours}`)).body.status).toBe('solved');
    // The other group's ticket got no reply in Lim's name and stays open for its own team.
    expect((await publicMessages(theirs)).map((m) => m.author?.name)).toEqual(['Gus']);
    expect((await k.admin.get(`/api/v1/tickets/${theirs}`)).body.status).not.toBe('solved');
  });
});

describe('subscribing to status updates instead of filing', () => {
  const mails = async (kind: string) =>
    k.db.query<{ id: number; to_addrs: string[]; subject: string; text: string }>(
      `select id, to_addrs, subject, text from outbound_emails where kind = $1 order by id`,
      [kind],
    );
  const linkToken = (text: string, param: string) => decodeURIComponent(new RegExp(`[?&]${param}=([^\\s&]+)`).exec(text)![1]);

  it('an address confirms by its link, gets each update once in its language, and unsubscribes by the link in any update', async () => {
    expect((await k.anon.post('/api/v1/status/subscriptions', { email: 'Ops@Example.test', locale: 'zh-CN' })).status).toBe(202);
    expect((await k.anon.post('/api/v1/status/subscriptions', { email: 'lurker@example.test' })).status).toBe(202);
    expect((await k.anon.post('/api/v1/status/subscriptions', { email: 'not an address' })).status).toBe(400);
    const confirmations = await mails('status_subscription');
    expect(confirmations.map((m) => m.to_addrs)).toEqual([['ops@example.test'], ['lurker@example.test']]);
    expect(confirmations[0].subject).toBe('请确认订阅状态更新');
    const token = linkToken(confirmations[0].text, 'confirm');
    expect((await k.anon.post('/api/v1/status/subscriptions/confirm', { token })).status).toBe(200);
    expect((await k.anon.post('/api/v1/status/subscriptions/confirm', { token })).status).toBe(200);
    expect((await k.anon.post('/api/v1/status/subscriptions/confirm', { token: 'forged' })).status).toBe(400);
    // Subscribing a confirmed address again sends nothing (and answers the same).
    expect((await k.anon.post('/api/v1/status/subscriptions', { email: 'ops@example.test' })).status).toBe(202);
    expect(await mails('status_subscription')).toHaveLength(2);

    const inc = (
      await agent.post('/api/v1/status/incidents', {
        title: 'Mail delays',
        components: [],
        status: 'investigating',
        message: 'Mail is late.',
      })
    ).body;
    await run('status.subscribers_mail', { times: 2, parallel: true });
    await run('status.subscribers_mail', { times: 2 });
    let updates = await mails('status_update');
    expect(updates.map((m) => [m.to_addrs[0], m.subject])).toEqual([['ops@example.test', '[调查中] Mail delays']]);
    expect(updates[0].text).toContain('Mail is late.');
    const unsubscribe = linkToken(updates[0].text, 'unsubscribe');
    expect((await k.anon.post('/api/v1/status/subscriptions/unsubscribe', { token: unsubscribe })).status).toBe(200);
    expect((await k.anon.post('/api/v1/status/subscriptions/unsubscribe', { token: unsubscribe })).status).toBe(400);
    await agent.post(`/api/v1/status/incidents/${inc.id}/updates`, { status: 'resolved', message: 'Delivered.' });
    await run('status.subscribers_mail');
    updates = await mails('status_update');
    expect(updates).toHaveLength(1);
  });
});
