import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootKefu, type Kefu } from '../../server/boot.ts';
import { loadConfig } from '../../server/config.ts';
import { openDb } from '../../server/db/client.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';
import { bearer, connectReady, makeDesk, type Desk, type LiveClient } from './liveHelpers.ts';

/**
 * Two app instances on one database, each with its own gateway and listener: on PostgreSQL
 * (TEST_DATABASE_URL) two connection pools to the same test database, as two servers would have; on
 * PGlite two apps in this process sharing the one embedded database (its NOTIFY reaches both
 * listeners the same way). A change made through instance A reaches a client of instance B, and
 * presence crosses instances.
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
});
afterAll(async () => {
  for (const c of open) await c.close().catch(() => undefined);
  // On PGlite B shares A's database: close B's app only; A's stop closes the database.
  if (onPg) await b?.stop();
  else await b?.app.close();
  await k?.stop();
});

describe(`two instances on one ${onPg ? 'PostgreSQL' : 'PGlite'} database`, () => {
  it('a client of instance B hears a change made through instance A within a second', async () => {
    const ticket = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'Across',
        body: 'first',
        requester_email: 'cust@alpha.test',
        organization_id: d.orgA,
      })
    ).body.id as number;
    const staffB = track(await connectReady(urlB, bearer(d.agent.token)));
    const custB = track(await connectReady(urlB, bearer(d.custA.token)));
    const t0 = Date.now();
    const reply = await k.admin.post(`/api/v1/tickets/${ticket}/messages`, { body: 'from A' });
    const m = await staffB.next((x) => x.event === 'message.added' && x.ticket_id === ticket);
    const latency = Date.now() - t0;
    expect(m.message_id).toBe(reply.body.id);
    await custB.next((x) => x.event === 'message.added' && x.message_id === reply.body.id);
    console.log(
      `live: instance B pushed a change made through instance A ${latency} ms after the POST returned (${onPg ? 'PostgreSQL' : 'PGlite'})`,
    );
  });

  it('presence crosses instances: viewing, typing and leaving', async () => {
    const ticket = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'Presence',
        body: 'first',
        requester_email: 'cust@alpha.test',
        organization_id: d.orgA,
      })
    ).body.id as number;
    const ann = track(await connectReady(urlA, bearer(d.agent.token)));
    const bo = track(await connectReady(urlB, bearer(d.agent2.token)));
    const ids = (m: any) => m.viewers.map((v: any) => v.id).join(',');
    const both = [d.agent.id, d.agent2.id].sort((x, y) => x - y).join(',');
    ann.send({ type: 'viewing', ticket_id: ticket });
    await ann.next((m) => m.event === 'presence' && m.ticket_id === ticket && ids(m) === String(d.agent.id));
    bo.send({ type: 'viewing', ticket_id: ticket });
    await bo.next((m) => m.event === 'presence' && ids(m) === both);
    await ann.next((m) => m.event === 'presence' && ids(m) === both);
    bo.send({ type: 'typing', ticket_id: ticket });
    await ann.next((m) => m.event === 'presence' && m.viewers.some((v: any) => v.id === d.agent2.id && v.typing && v.name === 'Agent Bo'));
    ann.messages.length = 0;
    await bo.close();
    await ann.next((m) => m.event === 'presence' && ids(m) === String(d.agent.id));
    expect(b.app.server.listening).toBe(true);
  });

  // PGlite listens in-process on its one connection, which cannot drop: nothing to reconnect there.
  it.skipIf(!onPg)('PostgreSQL: when the listening connection drops, it reconnects and catches up on what was missed', async () => {
    const ticket = (
      await k.admin.post('/api/v1/tickets', { subject: 'Drop', body: 'first', requester_email: 'cust@alpha.test', organization_id: d.orgA })
    ).body.id as number;
    const staffB = track(await connectReady(urlB, bearer(d.agent.token)));
    // End every LISTEN connection on this database (both instances'), as a server restart or network cut would.
    const ended = await k.db.query<{
      pid: number;
    }>(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query ilike 'LISTEN%'
      and pg_terminate_backend(pid)`);
    expect(ended.length).toBeGreaterThan(0);
    const during = await k.admin.post(`/api/v1/tickets/${ticket}/messages`, { body: 'while nobody listens' });
    await staffB.next((m) => m.event === 'message.added' && m.message_id === during.body.id, 10_000);
    const after = await k.admin.post(`/api/v1/tickets/${ticket}/messages`, { body: 'after the reconnect' });
    await staffB.next((m) => m.event === 'message.added' && m.message_id === after.body.id, 10_000);
  });
});
