import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
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
