import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobDefinition } from '../../server/jobs/registry.ts';
import { startWorker } from '../../server/jobs/worker.ts';
import type { Principal } from '../../server/modules/auth/principal.ts';
import { importTickets } from '../../server/modules/transfer/importTickets.ts';
import { postWebhook } from '../../server/modules/webhooks/postWebhook.ts';
import { WEBHOOK_DELIVER_JOB } from '../../server/modules/webhooks/webhookJobs.ts';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

/** Webhooks against a real HTTP receiver on loopback: signed, delivered once, retried, refused where they must be. */
interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}
let k: TestKefu;
let agent: Caller;
let receiver: Server;
let url: string;
let received: Received[] = [];
/** What the receiver answers next (a queue; then 200), and how long it takes. */
let answers: number[] = [];
let delayMs = 0;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      setTimeout(() => {
        res.statusCode = answers.shift() ?? 200;
        res.end('ok');
      }, delayMs);
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/kefu?source=test`;
  k = await testKefu({ KEFU_WEBHOOK_ALLOW_PRIVATE: '127.0.0.1' });
  await k.admin.post('/api/v1/people', { name: 'Alex Agent', email: 'alex@kefu.test', password: 'Alex-pass-1234', role: 'agent' });
  agent = await k.signIn('alex@kefu.test', 'Alex-pass-1234');
});
afterAll(async () => {
  await k?.stop();
  await new Promise((r) => receiver?.close(r));
});
beforeEach(async () => {
  // Each test's webhooks are its own: the ones before are off.
  await k.db.query(`update webhooks set active = false`);
  received = [];
  answers = [];
  delayMs = 0;
});

const log = { info() {}, error() {} };
const SYSTEM: Principal = { kind: 'system', personId: null, role: 'admin', organizationId: null, locale: 'en', via: 'local' };
/** Runs the queued deliveries (the worker is off in tests): each job once, `times` at once when asked. */
async function deliver(o: { times?: number } = {}) {
  const jobs = await k.db.query<{ id: number; payload: Record<string, unknown> }>(
    `update jobs set status = 'done', finished_at = now() where name = $1 and status = 'queued' returning id, payload`,
    [WEBHOOK_DELIVER_JOB],
  );
  const outcomes: string[] = [];
  for (const j of jobs.sort((a, b) => a.id - b.id)) {
    const runs = Array.from({ length: o.times ?? 1 }, (_, i) =>
      jobDefinition(WEBHOOK_DELIVER_JOB)!
        .handler(j.payload, { db: k.db, now: () => new Date(), log, owner: `test-worker-${i}` })
        .then(
          () => 'ok',
          (e: Error) => `retry: ${e.message}`,
        ),
    );
    outcomes.push(...(await Promise.all(runs)));
  }
  return outcomes;
}
const verify = (secret: string, r: Received) => {
  const sig = String(r.headers['x-kefu-signature']);
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig) ?? [];
  expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThan(60);
  return createHmac('sha256', secret).update(`${t}.${r.body}`).digest('hex') === v1;
};
const create = async (events: string[], extra: Record<string, unknown> = {}) => {
  const r = await k.admin.post('/api/v1/webhooks', { name: 'Chat alerts', url, events, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; secret: string };
};
const off = async (id: number) => expect((await k.admin.patch(`/api/v1/webhooks/${id}`, { active: false })).status).toBe(200);

describe('webhooks', () => {
  it('only admins manage them; the secret is answered once and never listed', async () => {
    expect((await agent.get('/api/v1/webhooks')).status).toBe(403);
    expect((await agent.post('/api/v1/webhooks', { name: 'x', url, events: ['ticket.created'] })).status).toBe(403);
    expect((await k.anon.get('/api/v1/webhooks')).status).toBe(401);
    const w = await create(['ticket.created']);
    expect(w.secret).toMatch(/^whsec_[\w-]{32}$/);
    expect((await agent.get(`/api/v1/webhooks/${w.id}/deliveries`)).status).toBe(403);
    expect((await agent.post(`/api/v1/webhooks/${w.id}/test`)).status).toBe(403);
    const listed = JSON.stringify((await k.admin.get('/api/v1/webhooks')).body);
    expect(listed).toContain('Chat alerts');
    expect(listed).not.toContain(w.secret);
    const [stored] = await k.db.query<{ secret_sealed: string }>(`select secret_sealed from webhooks where id = $1`, [w.id]);
    expect(stored.secret_sealed).not.toContain(w.secret);
    const audit = await k.db.query<{ type: string }>(`select type from audit_log where type like 'webhook.%'`);
    expect(audit.map((a) => a.type)).toContain('webhook.created');
  });

  it('refuses addresses it must not post to, and unknown events, on the field', async () => {
    for (const bad of [
      'ftp://example.com/x',
      'not a url',
      'https://user:pw@example.com/h',
      'http://10.1.2.3/h',
      'http://localhost:9/h',
      'http://[::1]/h',
    ])
      expect(
        (await k.admin.post('/api/v1/webhooks', { name: 'x', url: bad, events: ['ticket.created'] })).body.error?.details?.field,
        bad,
      ).toBe('url');
    const unknown = await k.admin.post('/api/v1/webhooks', { name: 'x', url, events: ['ticket.exploded'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.field).toBe('events');
    // At send time too: a name that resolves to this machine is refused, not posted to.
    const r = await postWebhook(url.replace('127.0.0.1', 'localhost'), '{}', {}, { allowPrivate: false });
    expect(r.status).toBeNull();
    expect(r.error).toMatch(/^refused: localhost resolves to a private address/);
    expect(received).toEqual([]);
  });

  it('tells the receiver about a new ticket and a reply, signed, with the ticket and the message', async () => {
    const w = await create(['ticket.created', 'message.added']);
    const t = (await k.admin.post('/api/v1/tickets', { subject: '发票抬头错误', body: '请帮忙修改。', requester_email: 'buyer@hook.test' }))
      .body;
    const reply = await agent.post(`/api/v1/tickets/${t.id}/messages`, { body: 'Fixed: the new invoice is attached.' });
    expect(reply.status).toBe(201);
    expect(await deliver()).toEqual(['ok', 'ok']);
    // The first message is part of the ticket's creation; the reply is its own event.
    expect(received.map((r) => r.headers['x-kefu-event'])).toEqual(['ticket.created', 'message.added']);
    for (const r of received) {
      expect(verify(w.secret, r)).toBe(true);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['user-agent']).toBe('Kefu-Webhooks/1');
    }
    const created = JSON.parse(received[0].body);
    // The ticket as it is when the delivery goes out: the agent's reply opened it.
    expect(created.ticket).toMatchObject({ id: t.id, number: t.number, subject: '发票抬头错误', status: 'open' });
    expect(created.ticket.url).toMatch(new RegExp(`/agent/tickets/${t.number}$`));
    expect(created.event).toMatchObject({ type: 'ticket.created' });
    const replied = JSON.parse(received[1].body);
    expect(replied.message).toMatchObject({ internal: false, body_text: 'Fixed: the new invoice is attached.' });
    expect(replied.delivery_id).toBe(Number(received[1].headers['x-kefu-delivery']));
    // A wrong secret does not verify: the receiver can tell a forged post.
    expect(verify('whsec_wrong', received[0])).toBe(false);
    const list = (await k.admin.get(`/api/v1/webhooks/${w.id}/deliveries`)).body.data;
    expect(list.map((d: { status: string; last_status_code: number }) => [d.status, d.last_status_code])).toEqual([
      ['delivered', 200],
      ['delivered', 200],
    ]);
  });

  it('retries what failed, fails at once what the receiver refuses, and delivers each once with two workers and a slow receiver', async () => {
    const w = await create(['ticket.created']);
    answers = [503];
    await k.admin.post('/api/v1/tickets', { subject: 'one', body: 'b', requester_email: 'buyer@hook.test' });
    expect((await deliver())[0]).toMatch(/^retry: delivery \d+: HTTP 503/);
    let [d] = (await k.admin.get(`/api/v1/webhooks/${w.id}/deliveries`)).body.data;
    expect(d).toMatchObject({ status: 'queued', attempts: 1, last_status_code: 503 });
    // The queue retries it (here: by hand); the same delivery id goes out again.
    await k.db.query(`update jobs set status = 'queued' where name = $1 and payload->>'delivery_id' = $2`, [
      WEBHOOK_DELIVER_JOB,
      String(d.id),
    ]);
    await deliver();
    [d] = (await k.admin.get(`/api/v1/webhooks/${w.id}/deliveries`)).body.data;
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 200 });
    expect(received.map((r) => r.headers['x-kefu-delivery'])).toEqual([String(d.id), String(d.id)]);

    received = [];
    answers = [410];
    await k.admin.post('/api/v1/tickets', { subject: 'two', body: 'b', requester_email: 'buyer@hook.test' });
    expect(await deliver()).toEqual(['ok']);
    [d] = (await k.admin.get(`/api/v1/webhooks/${w.id}/deliveries`)).body.data;
    expect(d).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 410, last_error: 'HTTP 410' });
    // Once the receiver is mended, the admin sends it again: the same delivery, a second attempt.
    expect((await agent.post(`/api/v1/webhooks/${w.id}/deliveries/${d.id}/redeliver`)).status).toBe(403);
    const again = await k.admin.post(`/api/v1/webhooks/${w.id}/deliveries/${d.id}/redeliver`);
    expect(again.status).toBe(202);
    expect(again.body.status).toBe('queued');
    expect((await k.admin.post(`/api/v1/webhooks/${w.id}/deliveries/${d.id}/redeliver`)).status).toBe(409);
    expect((await k.admin.post(`/api/v1/webhooks/${w.id + 1000}/deliveries/${d.id}/redeliver`)).status).toBe(404);
    await deliver();
    [d] = (await k.admin.get(`/api/v1/webhooks/${w.id}/deliveries`)).body.data;
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 200 });
    expect(received.map((r) => r.headers['x-kefu-delivery'])).toEqual([String(d.id), String(d.id)]);

    received = [];
    delayMs = 700;
    await k.admin.post('/api/v1/tickets', { subject: 'three', body: 'b', requester_email: 'buyer@hook.test' });
    const outcomes = await deliver({ times: 2 });
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o.includes('being sent by another worker'))).toHaveLength(1);
    expect(received).toHaveLength(1);
  });

  it('a switched-off webhook gets nothing, what waited is cancelled; a test event can be sent; imports are not news', async () => {
    const w = await create(['ticket.created']);
    await k.admin.post('/api/v1/tickets', { subject: 'waiting', body: 'b', requester_email: 'buyer@hook.test' });
    await off(w.id);
    await k.admin.post('/api/v1/tickets', { subject: 'after', body: 'b', requester_email: 'buyer@hook.test' });
    await deliver();
    expect(received).toEqual([]);
    const list = (await k.admin.get(`/api/v1/webhooks/${w.id}/deliveries`)).body.data;
    expect(list.map((d: { status: string }) => d.status)).toEqual(['cancelled']);

    expect((await k.admin.patch(`/api/v1/webhooks/${w.id}`, { active: true })).status).toBe(200);
    const test = await k.admin.post(`/api/v1/webhooks/${w.id}/test`);
    expect(test.status).toBe(202);
    await deliver();
    expect(received.map((r) => r.headers['x-kefu-event'])).toEqual(['webhook.test']);
    expect(JSON.parse(received[0].body)).toMatchObject({ event: { type: 'webhook.test' }, ticket: null });

    received = [];
    // An import (kefu tickets import) brings history: its events are not news.
    const imported = await importTickets(k.db, {
      actor: SYSTEM,
      text: JSON.stringify({
        external_id: 'legacy:1',
        subject: 'old',
        requester_email: 'buyer@hook.test',
        created_at: '2024-01-02T03:04:05Z',
        messages: [
          { body: 'first', created_at: '2024-01-02T03:04:05Z' },
          { body: 'reply', created_at: '2024-01-02T04:00:00Z' },
        ],
      }),
    });
    expect(imported).toMatchObject({ imported: 1 });
    await deliver();
    expect(received).toEqual([]);
    const rotated = await k.admin.patch(`/api/v1/webhooks/${w.id}`, { rotate_secret: true });
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(w.secret);
    expect((await k.admin.del(`/api/v1/webhooks/${w.id}`)).status).toBe(200);
    expect((await k.admin.get(`/api/v1/webhooks/${w.id}`)).status).toBe(404);
  });

  it('says when a failing delivery is tried next and at which attempt, as the queue schedules it, and when it gave up', async () => {
    const w = await create(['ticket.created']);
    answers = Array.from({ length: 20 }, () => 503);
    // The real worker and queue: each failed attempt is put off with backoff (2, 4, 8 … s). Its own first poll
    // passes before anything is queued; then only drain() runs jobs.
    const worker = startWorker(k.db, { now: () => new Date(), log }, { pollMs: 600_000 });
    await new Promise((r) => setTimeout(r, 300));
    await k.admin.post('/api/v1/tickets', { subject: 'down', body: 'b', requester_email: 'buyer@hook.test' });
    const list = async () => (await k.admin.get(`/api/v1/webhooks/${w.id}/deliveries`)).body.data;
    try {
      let [d] = await list();
      expect(d).toMatchObject({ status: 'queued', attempts: 0, max_attempts: 12 });
      for (let attempt = 1; attempt <= 2; attempt++) {
        const before = Date.now();
        await worker.drain();
        [d] = await list();
        const [job] = await k.db.query<{ run_at: Date }>(
          `select run_at from jobs where name = $1 and (payload->>'delivery_id')::bigint = $2`,
          [WEBHOOK_DELIVER_JOB, d.id],
        );
        expect(d).toMatchObject({ status: 'queued', attempts: attempt, max_attempts: 12, last_status_code: 503 });
        // What the queue really schedules, 2^attempt seconds after this attempt.
        expect(d.next_attempt_at).toBe(job.run_at.toISOString());
        const wait = Date.parse(d.next_attempt_at) - before;
        expect(wait).toBeGreaterThan(2 ** attempt * 1000 - 1500);
        expect(wait).toBeLessThan(2 ** attempt * 1000 + 1500);
        // Time passes (here: the job is made due now).
        await k.db.query(`update jobs set run_at = now() where name = $1 and status = 'queued'`, [WEBHOOK_DELIVER_JOB]);
      }
      // The rest of the twelve attempts, each made due at once.
      for (let attempt = 3; attempt <= 12; attempt++) {
        await worker.drain();
        await k.db.query(`update jobs set run_at = now() where name = $1 and status = 'queued'`, [WEBHOOK_DELIVER_JOB]);
      }
      [d] = await list();
      expect(d).toMatchObject({ status: 'failed', attempts: 12, max_attempts: 12, next_attempt_at: null });
      expect(d.finished_at).not.toBeNull();
      expect(received).toHaveLength(12);

      // A test event's job allows 3 attempts: after the third the delivery gave up too, not left waiting.
      received = [];
      expect((await k.admin.post(`/api/v1/webhooks/${w.id}/test`)).status).toBe(202);
      for (let attempt = 1; attempt <= 3; attempt++) {
        await worker.drain();
        const [t] = await list();
        expect(t).toMatchObject({ event_type: 'webhook.test', attempts: attempt, max_attempts: 3 });
        expect(t.status).toBe(attempt < 3 ? 'queued' : 'failed');
        expect(t.next_attempt_at == null).toBe(attempt === 3);
        await k.db.query(`update jobs set run_at = now() where name = $1 and status = 'queued'`, [WEBHOOK_DELIVER_JOB]);
      }
      expect(received).toHaveLength(3);
    } finally {
      await worker.stop();
    }
  });
});
