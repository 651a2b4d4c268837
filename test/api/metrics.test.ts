import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../server/jobs/queue.ts';
import { jobDefinition } from '../../server/jobs/registry.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

/** GET /metrics (docs/operations.md, Metrics): who may read it, and what it says. */
const TOKEN = 'metrics-secret-0123456789abcdef';
let k: TestKefu;
let agent: Caller;
let customer: Caller;
let adminSession: Caller;

/** `name{labels} value` lines of the Prometheus text format. */
function samples(text: string) {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(l);
      if (!m) throw new Error(`not a sample line: ${l}`);
      const labels = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
      return { name: m[1], labels, value: Number(m[4]) };
    });
}
const value = (text: string, name: string, labels: Record<string, string> = {}) =>
  samples(text)
    .filter((s) => s.name === name && Object.entries(labels).every(([key, v]) => s.labels[key] === v))
    .reduce((sum, s) => sum + s.value, 0);

async function scrape(headers: Record<string, string>, url = '/metrics') {
  const r = await k.kefu.app.inject({ method: 'GET', url, headers });
  return { status: r.statusCode, text: r.body, type: String(r.headers['content-type'] ?? ''), json: safeJson(r.body) };
}
const safeJson = (s: string) => {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
};
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

beforeAll(async () => {
  k = await testKefu({ KEFU_METRICS_TOKEN: TOKEN });
  await k.admin.post('/api/v1/people', { name: 'Mia Agent', email: 'mia@kefu.test', role: 'agent', password: 'Mia-pass-12345' });
  await k.admin.post('/api/v1/people', { name: 'Cas Customer', email: 'cas@cust.test', password: 'Cas-pass-12345' });
  agent = await k.signIn('mia@kefu.test', 'Mia-pass-12345');
  customer = await k.signIn('cas@cust.test', 'Cas-pass-12345');
  adminSession = await k.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  // Jobs of a kind of our own: three due now (one already retried), one for later, two failed for good.
  for (let i = 0; i < 3; i++) await enqueue(k.db, 'metrics.probe', { i });
  await enqueue(k.db, 'metrics.probe', { later: true }, { runAt: new Date(Date.now() + 3_600_000) });
  await k.db.query(
    `update jobs set attempts = 1, run_at = now() - interval '90 seconds' where name = 'metrics.probe' and payload->>'i' = '0'`,
  );
  await k.db.query(
    `insert into jobs (name, status, attempts, finished_at) values ('metrics.probe', 'failed', 8, now()), ('metrics.probe', 'failed', 8, now())`,
  );
});
afterAll(async () => {
  await k?.stop();
});

describe('who may read GET /metrics', () => {
  it('anonymous 401, customer and agent 403, in the one error shape; admins by API token or session 200', async () => {
    const anon = await scrape({});
    expect(anon.status).toBe(401);
    expect(anon.json.error.code).toBe('unauthenticated');
    for (const c of [agent, customer]) {
      const r = await c.get('/metrics');
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
      expect(typeof r.body.error.message).toBe('string');
    }
    const byToken = await k.admin.get('/metrics');
    expect(byToken.status).toBe(200);
    expect(String(byToken.headers['content-type'])).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(byToken.body).toContain('kefu_http_requests_total');
    const bySession = await adminSession.get('/metrics');
    expect(bySession.status).toBe(200);
  });

  it('KEFU_METRICS_TOKEN reads it; a wrong token, a prefix of it or the token in a cookie does not', async () => {
    const ok = await scrape(bearer(TOKEN));
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(ok.text).toMatch(/^# HELP kefu_/m);
    for (const wrong of [TOKEN.replace(/.$/, 'x'), TOKEN.slice(0, -1), `${TOKEN}x`, 'x'])
      expect((await scrape(bearer(wrong))).status, wrong).toBe(401);
    expect((await scrape({ cookie: `kefu_session=${TOKEN}` })).status).toBe(401);
    // The metrics token opens this route only, nothing else.
    expect((await scrape(bearer(TOKEN), '/api/v1/tickets')).status).toBe(401);
  });

  it('other spellings of the path meet the same checks or reach no metrics', async () => {
    for (const url of ['/%6Detrics', '/%6detrics', '/metrics?x=1']) {
      expect((await scrape({}, url)).status, url).toBe(401);
      expect((await scrape(await headersOf('mia@kefu.test', 'Mia-pass-12345'), url)).status, url).toBe(403);
      expect((await scrape(bearer(TOKEN), url)).status, url).toBe(200);
    }
    for (const url of ['/metrics/', '/METRICS', '/Metrics', '/metrics%2F', '/api/v1/metrics', '//metrics']) {
      for (const h of [{}, bearer('x')]) {
        const r = await scrape(h, url);
        expect(r.text, url).not.toContain('kefu_http');
        if (r.status >= 400) expect(typeof r.json?.error?.code, url).toBe('string');
      }
    }
  });
});

async function headersOf(email: string, password: string) {
  const r = await k.kefu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  const c = r.cookies.find((x) => x.name === 'kefu_session')!;
  return { cookie: `kefu_session=${c.value}` };
}

describe('what it says', () => {
  it('counts requests by route pattern, method and status class — never the raw URL', async () => {
    const before = (await scrape(bearer(TOKEN))).text;
    const created = await k.admin.post('/api/v1/tickets', { subject: 'Metrics ticket', body: 'b', requester_email: 'req@cust.test' });
    expect(created.status).toBe(201);
    expect((await k.admin.get(`/api/v1/tickets/${created.body.id}`)).status).toBe(200);
    expect((await k.admin.get('/api/v1/tickets/987654321')).status).toBe(404);
    expect((await k.kefu.app.inject({ method: 'DELETE', url: '/no/such/route/424242' })).statusCode).toBe(404);
    const after = (await scrape(bearer(TOKEN))).text;

    const delta = (labels: Record<string, string>) =>
      value(after, 'kefu_http_requests_total', labels) - value(before, 'kefu_http_requests_total', labels);
    expect(delta({ method: 'POST', route: '/api/v1/tickets', status_class: '2xx' })).toBe(1);
    expect(delta({ method: 'GET', route: '/api/v1/tickets/:id', status_class: '2xx' })).toBe(1);
    expect(delta({ method: 'GET', route: '/api/v1/tickets/:id', status_class: '4xx' })).toBe(1);
    expect(delta({ method: 'DELETE', route: '(unmatched)', status_class: '4xx' })).toBe(1);
    // The latency histogram has the same labels.
    const histCount = (t: string) =>
      value(t, 'kefu_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/tickets/:id', status_class: '4xx' });
    expect(histCount(after) - histCount(before)).toBe(1);
    expect(
      value(after, 'kefu_http_request_duration_seconds_bucket', { route: '/api/v1/tickets/:id', status_class: '4xx', le: '+Inf' }),
    ).toBeGreaterThanOrEqual(1);
    // No raw ids or paths in any label.
    expect(after).not.toContain('987654321');
    expect(after).not.toContain('424242');
    expect(after).not.toContain(`/api/v1/tickets/${created.body.id}"`);
  });

  it('job queue depth, retries, oldest age and failures by kind', async () => {
    const text = (await scrape(bearer(TOKEN))).text;
    expect(value(text, 'kefu_jobs_queued', { kind: 'metrics.probe' })).toBe(3);
    expect(value(text, 'kefu_jobs_scheduled', { kind: 'metrics.probe' })).toBe(1);
    expect(value(text, 'kefu_jobs_retrying', { kind: 'metrics.probe' })).toBe(1);
    expect(value(text, 'kefu_jobs_running', { kind: 'metrics.probe' })).toBe(0);
    expect(value(text, 'kefu_jobs_failed', { kind: 'metrics.probe' })).toBe(2);
    const age = value(text, 'kefu_jobs_oldest_queued_age_seconds', { kind: 'metrics.probe' });
    expect(age).toBeGreaterThanOrEqual(89);
    expect(age).toBeLessThan(600);
    expect(value(text, 'kefu_db_up')).toBe(1);

    // A worker's claim moves one from queued to running.
    await k.db.query(`update jobs set status = 'running', locked_until = now() + interval '1 minute' where id = (
      select id from jobs where name = 'metrics.probe' and status = 'queued' and run_at <= now() order by id limit 1)`);
    const next = (await scrape(bearer(TOKEN))).text;
    expect(value(next, 'kefu_jobs_queued', { kind: 'metrics.probe' })).toBe(2);
    expect(value(next, 'kefu_jobs_running', { kind: 'metrics.probe' })).toBe(1);
  });

  it('mail, SLA escalations, in-flight requests, the database pool and the process', async () => {
    await k.db.query(
      `insert into inbound_emails (rfc_message_id, source, size, raw, status, outcome) values
         ('<m1@x.test>', 'smtp', 1, '\\x00', 'processed', 'ticket'), ('<m2@x.test>', 'smtp', 1, '\\x00', 'refused', null)`,
    );
    const text = (await scrape(bearer(TOKEN))).text;
    expect(value(text, 'kefu_mail_inbound_last_24h', { status: 'processed', outcome: 'ticket' })).toBe(1);
    expect(value(text, 'kefu_mail_inbound_last_24h', { status: 'refused', outcome: 'none' })).toBe(1);
    expect(text).toMatch(/^# TYPE kefu_mail_outbound_last_24h gauge$/m);
    const [hook] = await k.db.query<{ id: number }>(
      `insert into webhooks (name, url, secret_sealed, events) values ('crm', 'https://crm.example.com/h', 'x', '{ticket.created}') returning id`,
    );
    await k.db.query(`insert into webhook_deliveries (webhook_id, event_type, status) values ($1, 'webhook.test', 'failed')`, [hook.id]);
    const again = (await scrape(bearer(TOKEN))).text;
    expect(value(again, 'kefu_webhook_deliveries_last_24h', { status: 'failed' })).toBe(1);
    expect(text).toMatch(/^kefu_sla_escalations_total\{type="warning"\} \d+$/m);
    expect(text).toMatch(/^kefu_sla_escalations_total\{type="breach"\} \d+$/m);
    // The scrape itself is not an API request counted against KEFU_MAX_PENDING.
    expect(value(text, 'kefu_http_requests_in_flight')).toBe(0);
    expect(value(text, 'kefu_http_max_pending')).toBe(k.db.kind === 'pg' ? 256 : 32);
    if (k.db.kind === 'pg') expect(value(text, 'kefu_db_pool_max')).toBeGreaterThan(0);
    else expect(text).not.toContain('kefu_db_pool_');
    for (const name of ['kefu_process_resident_memory_bytes', 'kefu_nodejs_eventloop_lag_seconds', 'kefu_nodejs_heap_size_used_bytes'])
      expect(text, name).toMatch(new RegExp(`^${name} `, 'm'));
  });

  it('SLA warnings and breaches the escalation job records are counted', async () => {
    const count = async (type: string) => value((await scrape(bearer(TOKEN))).text, 'kefu_sla_escalations_total', { type });
    const before = { warning: await count('warning'), breach: await count('breach') };
    await k.admin.post('/api/v1/presets/tiered-support/apply', {});
    const plan = (await k.admin.get('/api/v1/plans')).body.data.find((p: { name: string }) => p.name === 'Enterprise').id;
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Metrics Co', plan_id: plan })).body.id;
    const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    // P1 = 2 h: one due in 10 minutes (inside the warning), one breached an hour ago.
    for (const [i, min] of [
      [1, 110],
      [2, 180],
    ])
      expect(
        (
          await k.admin.post('/api/v1/tickets', {
            subject: `sla ${i}`,
            body: 'b',
            organization_id: org,
            requester_email: `sla${i}@x.test`,
            priority: 'P1',
            created_at: ago(min),
          })
        ).status,
      ).toBe(201);
    await jobDefinition('sla.escalate')!.handler({}, { db: k.db, now: () => new Date(), log: { info() {}, error() {} } });
    expect(await count('warning')).toBeGreaterThan(before.warning);
    expect(await count('breach')).toBeGreaterThan(before.breach);
  });

  it('every metric name starts with kefu_', async () => {
    const text = (await scrape(bearer(TOKEN))).text;
    const names = new Set([...samples(text).map((s) => s.name), ...[...text.matchAll(/^# (?:HELP|TYPE) (\S+)/gm)].map((m) => m[1])]);
    expect(names.size).toBeGreaterThan(20);
    expect([...names].filter((n) => !n.startsWith('kefu_'))).toEqual([]);
  });
});

describe('two apps in one process', () => {
  it('keep their own request counts', async () => {
    const other = await testKefu({ KEFU_METRICS_TOKEN: TOKEN });
    try {
      await other.anon.get('/api/v1/tickets/5');
      const mine = (await scrape(bearer(TOKEN))).text;
      const theirs = (await other.kefu.app.inject({ method: 'GET', url: '/metrics', headers: bearer(TOKEN) })).body;
      const posts = (t: string) => value(t, 'kefu_http_requests_total', { method: 'POST', route: '/api/v1/tickets' });
      expect(posts(mine)).toBeGreaterThanOrEqual(1);
      expect(posts(theirs)).toBe(0);
    } finally {
      await other.stop();
    }
  });
});
