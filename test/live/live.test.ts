import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';
import { bearer, connect, connectReady, makeDesk, refusedWith, type Desk, type LiveClient } from './liveHelpers.ts';

/**
 * The live-updates WebSocket on a real listening server, with the `ws` client: who hears what,
 * how a connection authenticates, resume, presence and the connection limit.
 */
let k: TestKefu;
let d: Desk;
let url: string;
const open: LiveClient[] = [];
const track = (c: LiveClient) => {
  open.push(c);
  return c;
};

beforeAll(async () => {
  k = await testKefu();
  await k.kefu.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (k.kefu.app.server.address() as { port: number }).port;
  url = `ws://127.0.0.1:${port}/api/v1/live`;
  d = await makeDesk(k, `http://127.0.0.1:${port}`);
});
afterAll(async () => {
  for (const c of open) await c.close().catch(() => undefined);
  await k?.stop();
});

const ticketFor = async (requesterEmail: string, organization_id: number) =>
  (await k.admin.post('/api/v1/tickets', { subject: 'Live subject', body: 'first', requester_email: requesterEmail, organization_id })).body
    .id as number;

describe('who hears what', () => {
  it('staff hear a customer reply within a second; a customer of another organization hears nothing of it', async () => {
    const ticket = await ticketFor('cust@alpha.test', d.orgA);
    const staff = track(await connectReady(url, bearer(d.agent.token)));
    const other = track(await connectReady(url, bearer(d.custB.token)));
    const t0 = Date.now();
    const r = await d.custA.caller.post(`/api/v1/tickets/${ticket}/messages`, { body: 'customer reply' });
    expect(r.status).toBe(201);
    const m = await staff.next((x) => x.event === 'message.added' && x.ticket_id === ticket);
    const latency = Date.now() - t0;
    expect(m).toMatchObject({ event: 'message.added', ticket_id: ticket, message_id: r.body.id, internal: false });
    expect(typeof m.id).toBe('number');
    expect(new Date(m.at).toISOString()).toBe(m.at);
    expect(JSON.stringify(m)).not.toContain('customer reply'); // names and ids only: content comes from the API
    // Staff hear later events too; the other customer is given time to (wrongly) hear the first.
    await k.admin.patch(`/api/v1/tickets/${ticket}`, { priority: 'P2' });
    await staff.next((x) => x.event === 'ticket.updated' && x.ticket_id === ticket);
    await new Promise((r) => setTimeout(r, 300));
    expect(other.messages.filter((x) => x.ticket_id === ticket)).toEqual([]);
    console.log(`live: message.added reached a staff socket ${latency} ms after the POST returned`);
  });

  it('a customer hears the public reply on their ticket, never the internal note nor staff-only facts', async () => {
    const ticket = await ticketFor('cust@alpha.test', d.orgA);
    const cust = track(await connectReady(url, bearer(d.custA.token)));
    const note = await k.admin.post(`/api/v1/tickets/${ticket}/messages`, { body: 'secret note', internal: true });
    const reply = await k.admin.post(`/api/v1/tickets/${ticket}/messages`, { body: 'public answer' });
    const m = await cust.next((x) => x.event === 'message.added' && x.ticket_id === ticket);
    expect(m.message_id).toBe(reply.body.id);
    expect(m).not.toHaveProperty('internal');
    expect(m).not.toHaveProperty('actor_id');
    await new Promise((r) => setTimeout(r, 300));
    const heard = cust.messages.filter((x) => x.ticket_id === ticket);
    expect(heard.some((x) => x.message_id === note.body.id)).toBe(false);
    expect(heard.every((x) => ['ticket.created', 'ticket.updated', 'message.added', 'ticket.merged'].includes(x.event))).toBe(true);
  });
});

describe('authentication', () => {
  it('bearer header, session cookie from the desk and ?access_token= are accepted', async () => {
    track(await connectReady(url, bearer(d.agent.token)));
    track(await connectReady(url, { headers: { cookie: d.agent.cookie }, origin: d.base }));
    track(await connectReady(`${url}?access_token=${encodeURIComponent(d.custA.token)}`));
  });

  it('no credentials, a bad token, a foreign Origin with a cookie and a cookie without Origin are refused at the upgrade', async () => {
    expect(await refusedWith(url)).toBe(401);
    expect(await refusedWith(url, bearer('kft_nope'))).toBe(401);
    expect(await refusedWith(`${url}?access_token=kft_nope`)).toBe(401);
    expect(await refusedWith(url, { headers: { cookie: d.agent.cookie }, origin: 'https://evil.example' })).toBe(403);
    expect(await refusedWith(url, { headers: { cookie: d.agent.cookie } })).toBe(403);
    // A token in the query counts on /api/v1/live only.
    const r = await k.kefu.app.inject({ method: 'GET', url: `/api/v1/me?access_token=${d.agent.token}` });
    expect(r.statusCode).toBe(401);
  });

  it('bad input is a 4xx: a bad ?after=, a plain GET, an upgrade to another route', async () => {
    expect(await refusedWith(`${url}?after=-1`, bearer(d.agent.token))).toBe(400);
    expect(await refusedWith(`${url}?after=abc`, bearer(d.agent.token))).toBe(400);
    const plain = await k.kefu.app.inject({ method: 'GET', url: '/api/v1/live', headers: { authorization: `Bearer ${d.agent.token}` } });
    expect(plain.statusCode).toBe(426);
    expect(plain.json().error.code).toBe('upgrade_required');
    expect(await refusedWith(url.replace('/live', '/me'), bearer(d.agent.token))).toBe(404);
  });

  it('other upgrade requests (curl --http2 sends Upgrade: h2c) still get their plain HTTP answer', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${d.base}/api/v1/me`, {
        headers: {
          connection: 'Upgrade, HTTP2-Settings',
          upgrade: 'h2c',
          'http2-settings': 'AAMAAABkAARAAAAAAAIAAAAA',
          authorization: `Bearer ${d.agent.token}`,
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('upgrade', () => reject(new Error('upgraded')));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });

  it('bad client messages get an error message; customers get no presence', async () => {
    const cust = track(await connectReady(url, bearer(d.custA.token)));
    cust.ws.send('not json');
    expect((await cust.next((m) => m.event === 'error')).code).toBe('bad_message');
    cust.send({ type: 'viewing', ticket_id: 1 });
    expect((await cust.next((m) => m.event === 'error' && m.code === 'forbidden')).message).toMatch(/agents/);
    cust.send({ type: 'ping' });
    await cust.next((m) => m.event === 'pong');
  });
});

describe('resume', () => {
  it('?after= replays the missed events the person may see, then goes live', async () => {
    const ticket = await ticketFor('cust@alpha.test', d.orgA);
    const first = track(await connectReady(url, bearer(d.custA.token)));
    const last = (await first.next((m) => m.event === 'ready')).last_id as number;
    await first.close();
    const note = await k.admin.post(`/api/v1/tickets/${ticket}/messages`, { body: 'missed note', internal: true });
    const missed = await k.admin.post(`/api/v1/tickets/${ticket}/messages`, { body: 'missed reply' });
    const again = track(await connectReady(`${url}?after=${last}`, bearer(d.custA.token)));
    const replayed = again.messages.filter((m) => m.event === 'message.added');
    expect(replayed.map((m) => m.message_id)).toContain(missed.body.id);
    expect(replayed.map((m) => m.message_id)).not.toContain(note.body.id);
    const ready = again.messages.find((m) => m.event === 'ready')!;
    expect(ready.last_id).toBeGreaterThanOrEqual(Math.max(...replayed.map((m) => m.id!)));
    const staff = track(await connectReady(`${url}?after=${last}`, bearer(d.agent.token)));
    expect(staff.messages.filter((m) => m.event === 'message.added').map((m) => m.message_id)).toEqual(
      expect.arrayContaining([note.body.id, missed.body.id]),
    );
    const live = await k.admin.post(`/api/v1/tickets/${ticket}/messages`, { body: 'after resume' });
    await again.next((m) => m.message_id === live.body.id);
  });

  it('too many missed events: "reload"', async () => {
    const c = track(await connectReady(`${url}?after=0`, bearer(d.agent.token)));
    const count = (await k.db.query<{ n: number }>(`select count(*)::int as n from ticket_events`))[0].n;
    // The limit is 500: a fresh desk has fewer; below it the replay is complete, above it "reload".
    if (count > 500) expect(c.messages.some((m) => m.event === 'reload')).toBe(true);
    else expect(c.messages.filter((m) => m.id !== undefined && m.event !== 'ready').length).toBe(count);
  });
});

describe('presence', () => {
  it('staff viewing and typing on a ticket see each other; leaving and disconnecting take them off', async () => {
    const ticket = await ticketFor('cust@alpha.test', d.orgA);
    const ann = track(await connectReady(url, bearer(d.agent.token)));
    const bo = track(await connectReady(url, bearer(d.agent2.token)));
    const viewersIs =
      (ids: number[], typing: number[] = []) =>
      (m: any) =>
        m.event === 'presence' &&
        m.ticket_id === ticket &&
        JSON.stringify(m.viewers.map((v: any) => v.id)) === JSON.stringify([...ids].sort((a, b) => a - b)) &&
        m.viewers.every((v: any) => v.typing === typing.includes(v.id));
    ann.send({ type: 'viewing', ticket_id: ticket });
    await ann.next(viewersIs([d.agent.id]));
    bo.send({ type: 'viewing', ticket_id: ticket });
    const both = await ann.next(viewersIs([d.agent.id, d.agent2.id]));
    expect(both.viewers.find((v: any) => v.id === d.agent2.id).name).toBe('Agent Bo');
    await bo.next(viewersIs([d.agent.id, d.agent2.id]));
    bo.send({ type: 'typing', ticket_id: ticket });
    await ann.next(viewersIs([d.agent.id, d.agent2.id], [d.agent2.id]));
    bo.send({ type: 'leave' });
    ann.messages.length = 0;
    await ann.next(viewersIs([d.agent.id]));
    bo.send({ type: 'viewing', ticket_id: ticket });
    await ann.next(viewersIs([d.agent.id, d.agent2.id]));
    ann.messages.length = 0;
    await bo.close();
    await ann.next(viewersIs([d.agent.id]));
  });
});

describe('limits', () => {
  it('the 11th connection of one person is closed with 4429 and a reason; others are not affected', async () => {
    const mine: LiveClient[] = [];
    for (const c of open.splice(0)) await c.close().catch(() => undefined);
    for (let i = 0; i < 10; i++) mine.push(track(await connectReady(url, bearer(d.agent2.token))));
    const eleventh = await connect(url, bearer(d.agent2.token));
    const closed = await eleventh.closed;
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/too many connections/);
    track(await connectReady(url, bearer(d.agent.token)));
    await mine[0].close();
    track(await connectReady(url, bearer(d.agent2.token)));
  });
});
