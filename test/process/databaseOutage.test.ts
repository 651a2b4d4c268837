import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDb } from '../../server/db/client.ts';
import { isDatabaseUnavailable } from '../../server/db/unavailable.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/privatePostgres.ts';
import { startServer, type RunningServer } from '../helpers/serverProcess.ts';

let pg: PrivatePostgres | undefined;
let server: RunningServer | undefined;
const dir = mkdtempSync(join(tmpdir(), 'kefu-outage-'));
afterAll(async () => {
  await server?.stop('SIGKILL');
  pg?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const email = 'admin@outage.test';
const password = 'Outage-pass-1';

it('during a PostgreSQL outage: liveness answers, readiness and every database route answer 503 with Retry-After, and the server recovers by itself', async () => {
  pg = await startPrivatePostgres();
  server = await startServer({ DATABASE_URL: pg.url, KEFU_DATA_DIR: dir, KEFU_ADMIN_EMAIL: email, KEFU_ADMIN_PASSWORD: password });
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const get = (path: string) => fetch(`${server!.url}${path}`, { headers: { cookie } });
  expect((await get('/api/v1/ready')).status).toBe(200);
  expect((await get('/api/v1/tickets')).status).toBe(200);

  pg.stop();
  const health = await get('/api/v1/health');
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  const ready = await get('/api/v1/ready');
  expect(ready.status).toBe(503);
  expect(ready.headers.get('retry-after')).toBe('5');
  expect(((await ready.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');
  for (const path of ['/api/v1/tickets', '/api/v1/me', '/api/v1/kb/search?q=x', '/api/v1/status']) {
    const r = await get(path);
    expect(r.status, path).toBe(503);
    expect(r.headers.get('retry-after'), path).toBe('5');
    expect(((await r.json()) as { error: { code: string } }).error.code, path).toBe('service_unavailable');
  }

  pg.start();
  const deadline = Date.now() + 30_000;
  while ((await get('/api/v1/ready')).status !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  expect((await get('/api/v1/ready')).status).toBe(200);
  const list = await get('/api/v1/tickets');
  expect(list.status).toBe(200);
  expect(server.output()).not.toMatch(/unhandled error/);
}, 120_000);

it('connections dropped under load (a restart or failover, pg_terminate_backend) and a database refusing connections: 503s, no crash, back by itself', async () => {
  // Uses the first test's server and database.
  const admin = await openDb({ databaseUrl: pg!.url, poolSize: 1 });
  const login = await fetch(`${server!.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const headers = { cookie, origin: server!.url, 'content-type': 'application/json' };
  const statuses = new Map<number, number>();
  let stop = false;
  // Eight writers creating tickets (each a transaction) for as long as the test runs.
  const writers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; !stop; i++) {
      const r = await fetch(`${server!.url}/api/v1/tickets`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ subject: `load ${w}-${i}`, body: 'while the connections drop' }),
      }).catch(() => null);
      const s = r?.status ?? 0;
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
      await r?.arrayBuffer().catch(() => undefined);
    }
  });
  try {
    const terminate = () =>
      admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = 'postgres' and pid <> pg_backend_pid()`);
    for (let round = 0; round < 5; round++) {
      await new Promise((r) => setTimeout(r, 300));
      await terminate();
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(server!.proc.exitCode, server!.output()).toBeNull();
    expect((await fetch(`${server!.url}/api/v1/health`)).status).toBe(200);

    // A database that refuses connections (allow_connections false) is an outage too: 503, not 500.
    await admin.query(`create database kefu_closed`);
    await admin.query(`alter database kefu_closed allow_connections false`);
    const closedUrl = pg!.url.replace(/\/postgres$/, '/kefu_closed');
    const refused = await openDb({ databaseUrl: closedUrl, poolSize: 1 });
    const err = await refused.query('select 1').catch((e: unknown) => e);
    await refused.close();
    expect(isDatabaseUnavailable(err), String(err)).toBe(true);
  } finally {
    stop = true;
    await Promise.all(writers);
    await admin.close();
  }
  // Every answer was a ticket or a 503; none was a 500 or a reset connection.
  const bad = [...statuses].filter(([s]) => s !== 201 && s !== 503);
  expect(bad, JSON.stringify([...statuses])).toEqual([]);
  expect(statuses.get(201) ?? 0).toBeGreaterThan(0);
  const deadline = Date.now() + 30_000;
  while ((await fetch(`${server!.url}/api/v1/ready`)).status !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  expect((await fetch(`${server!.url}/api/v1/ready`)).status).toBe(200);
  expect(server!.proc.exitCode).toBeNull();
}, 120_000);
