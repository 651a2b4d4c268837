import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootKefu, type Kefu } from '../../server/boot.ts';
import { loadConfig } from '../../server/config.ts';
import { openDb } from '../../server/db/client.ts';
import { jobDefinition } from '../../server/jobs/registry.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';
import { bearer, connectReady, makeDesk, type Desk, type LiveClient, type Msg } from './liveHelpers.ts';

/**
 * Notifications pushed live (docs/notifications.md, docs/live.md): a new notification reaches its
 * agent's sockets, on either of two instances, exactly once each, in each socket's language, and
 * nobody else's; marking read reaches the agent's other tabs.
 */
let k: TestKefu;
let b: Kefu;
let d: Desk;
let urlA: string;
let urlB: string;
const open: LiveClient[] = [];
const track = (c: LiveClient) => {
  open.push(c);
  return c;
};
const onPg = !!process.env.TEST_DATABASE_URL;
const log = { info() {}, error() {} };

/** Runs the queued notifier jobs (the worker is off in tests). */
async function notify() {
  const jobs = await k.db.query<{ id: number; payload: Record<string, unknown> }>(
    `update jobs set status = 'done', finished_at = now() where name = 'notifications.notify' and status = 'queued' returning id, payload`,
  );
  for (const j of jobs.sort((x, y) => x.id - y.id))
    await jobDefinition('notifications.notify')!.handler(j.payload, { db: k.db, now: () => new Date(), log });
}
const settle = () => new Promise((r) => setTimeout(r, 400));
const pushed = (c: LiveClient, id: number) => c.messages.filter((m) => m.event === 'notification' && m.notification?.id === id);

beforeAll(async () => {
  k = await testKefu();
  const config = loadConfig({ KEFU_DATA_DIR: '/nonexistent', KEFU_WORKER: 'off', PORT: '8080' });
  let dbB = k.db;
  if (onPg) {
    const [{ name }] = await k.db.query<{ name: string }>(`select current_database() as name`);
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${name}`;
    dbB = await openDb({ databaseUrl: u.toString(), poolSize: 2 });
  }
  b = await bootKefu(config, { db: dbB, worker: false });
  for (const app of [k.kefu.app, b.app]) await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app: Kefu['app']) => (app.server.address() as { port: number }).port;
  urlA = `ws://127.0.0.1:${port(k.kefu.app)}/api/v1/live`;
  urlB = `ws://127.0.0.1:${port(b.app)}/api/v1/live`;
  d = await makeDesk(k, `http://127.0.0.1:${port(k.kefu.app)}`);
  await notify();
});
afterAll(async () => {
  for (const c of open) await c.close().catch(() => undefined);
  if (onPg) await b?.stop();
  else await b?.app.close();
  await k?.stop();
});

describe(`notifications live, two instances on one ${onPg ? 'PostgreSQL' : 'PGlite'} database`, () => {
  it("reaches every socket of the agent it is for, once each, in the socket's language; nobody else", async () => {
    const annA = track(await connectReady(urlA, bearer(d.agent.token)));
    const annB = track(await connectReady(urlB, { headers: { ...bearer(d.agent.token).headers, 'accept-language': 'zh-CN' } }));
    const annB2 = track(await connectReady(urlB, bearer(d.agent.token)));
    const bo = track(await connectReady(urlA, bearer(d.agent2.token)));
    const cust = track(await connectReady(urlB, bearer(d.custA.token)));
    const t = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'Printer on fire',
        body: 'b',
        requester_email: 'cust@alpha.test',
        organization_id: d.orgA,
        assignee_id: d.agent.id,
      })
    ).body;
    await notify();
    const [row] = await k.db.query<{ id: number }>(`select id from notifications where ticket_id = $1 and person_id = $2`, [
      t.id,
      d.agent.id,
    ]);
    const isIt = (m: Msg) => m.event === 'notification' && m.notification?.id === row.id;
    const en = await annA.next(isIt);
    const zh = await annB.next(isIt);
    await annB2.next(isIt);
    const admin = (await k.admin.get('/api/v1/me')).body.name as string;
    expect(en).toMatchObject({
      event: 'notification',
      ticket_id: t.id,
      notification: {
        id: row.id,
        kind: 'assigned',
        ticket_id: t.id,
        ticket_number: t.number,
        text: `${admin} assigned #${t.number} to you: Printer on fire`,
        read_at: null,
      },
    });
    expect(new Date(en.at).toISOString()).toBe(en.at);
    expect(zh.notification.text).toBe(`${admin} 将 #${t.number} 分配给了您：Printer on fire`);
    await settle();
    // Once per socket, though both instances heard the announcement; never to someone else.
    for (const c of [annA, annB, annB2]) expect(pushed(c, row.id)).toHaveLength(1);
    expect(bo.messages.filter((m) => m.event === 'notification')).toEqual([]);
    expect(cust.messages.filter((m) => m.event === 'notification')).toEqual([]);
    // The list counts it once.
    const list = await d.agent.caller.get('/api/v1/notifications?limit=50');
    expect(list.body.data.filter((n: { id: number }) => n.id === row.id)).toHaveLength(1);
    expect(list.body.unread_count).toBe(list.body.data.filter((n: { read_at: string | null }) => !n.read_at).length);
  });

  it("marking read in one tab tells the agent's other tabs (on both instances), not other people", async () => {
    const annA = track(await connectReady(urlA, bearer(d.agent.token)));
    const annB = track(await connectReady(urlB, bearer(d.agent.token)));
    const bo = track(await connectReady(urlB, bearer(d.agent2.token)));
    const t = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'Read me',
        body: 'b',
        requester_email: 'cust@alpha.test',
        organization_id: d.orgA,
        assignee_id: d.agent.id,
      })
    ).body;
    await notify();
    const m = await annA.next((x) => x.event === 'notification' && x.ticket_id === t.id);
    const before = (await d.agent.caller.get('/api/v1/notifications')).body.unread_count as number;
    expect(before).toBeGreaterThan(0);
    expect((await d.agent.caller.post('/api/v1/notifications/read', { ids: [m.notification.id] })).body).toEqual({ marked: 1 });
    for (const c of [annA, annB]) expect(await c.next((x) => x.event === 'notifications_read')).toMatchObject({ ids: [m.notification.id] });
    expect((await d.agent.caller.get('/api/v1/notifications')).body.unread_count).toBe(before - 1);
    // Marking again changes nothing and says nothing; "all" says all.
    annA.messages.length = 0;
    expect((await d.agent.caller.post('/api/v1/notifications/read', { ids: [m.notification.id] })).body).toEqual({ marked: 0 });
    await d.agent.caller.post('/api/v1/notifications/read', { all: true });
    expect(await annB.next((x) => x.event === 'notifications_read' && x.all === true)).toBeTruthy();
    await settle();
    expect(annA.messages.filter((x) => x.event === 'notifications_read')).toHaveLength(1);
    expect(bo.messages.filter((x) => x.event === 'notifications_read')).toEqual([]);
    expect((await d.agent.caller.get('/api/v1/notifications')).body.unread_count).toBe(0);
  });
});
