import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort, runServerToExit, seededDataDir, startServer, type RunningServer } from '../helpers/serverProcess.ts';

const dir = await seededDataDir('kefu-restart-');
const running: RunningServer[] = [];
afterAll(async () => {
  for (const s of running) await s.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const env = { KEFU_DATA_DIR: dir, KEFU_ADMIN_EMAIL: 'admin@restart.test', KEFU_ADMIN_PASSWORD: 'Restart-pass-1' };

async function signIn(url: string) {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: env.KEFU_ADMIN_EMAIL, password: env.KEFU_ADMIN_PASSWORD }),
  });
  expect(r.status).toBe(200);
  return r.headers.get('set-cookie')!.split(';')[0];
}

it('stops cleanly on SIGTERM, refuses a second server on the same data directory, and keeps every ticket across a restart', async () => {
  const first = await startServer({ ...env, PORT: String(await freePort()) });
  running.push(first);
  expect(first.output()).toMatch(/serving on http:\/\/localhost:\d+/);
  const cookie = await signIn(first.url);
  const created: number[] = [];
  for (const subject of ['第一张工单', 'second ticket']) {
    const r = await fetch(`${first.url}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: first.url },
      body: JSON.stringify({ subject, body: '内容 body', requester_email: 'r@restart.test' }),
    });
    expect(r.status).toBe(201);
    created.push(((await r.json()) as { id: number }).id);
  }

  const second = await runServerToExit({ ...env, PORT: String(await freePort()) });
  expect(second.code).not.toBe(0);
  expect(second.output).toMatch(/in use by another Kefu process/);

  expect(await first.stop('SIGTERM')).toBe(0);

  const again = await startServer({ ...env, PORT: String(await freePort()) });
  running.push(again);
  const cookie2 = await signIn(again.url);
  const list = (await (await fetch(`${again.url}/api/v1/tickets`, { headers: { cookie: cookie2 } })).json()) as {
    data: Array<{ id: number; subject: string }>;
  };
  expect(list.data.map((t: { id: number }) => t.id).sort()).toEqual(created.sort());
  expect(list.data.map((t: { subject: string }) => t.subject)).toContain('第一张工单');
  expect(await again.stop('SIGTERM')).toBe(0);
}, 120_000);

it('start-up problems are one line and exit 2 when a setting must change: a taken port (no setup link to the other server), a short secret key', async () => {
  const holder = await startServer({ ...env, KEFU_DATA_DIR: await seededDataDir('kefu-holder-'), PORT: String(await freePort()) });
  running.push(holder);
  const taken = await runServerToExit({ ...env, KEFU_DATA_DIR: join(dir, 'second'), PORT: String(holder.port) });
  expect(taken.code).toBe(2);
  expect(taken.output).toMatch(new RegExp(`kefu: port ${holder.port} is in use by another program`));
  expect(taken.output).not.toMatch(/setup\?token=/);
  expect(taken.output).not.toMatch(/\n\s+at /);

  const key = await runServerToExit({
    ...env,
    KEFU_DATA_DIR: join(dir, 'third'),
    KEFU_SECRET_KEY: 'tooshort',
    PORT: String(await freePort()),
  });
  expect(key.code).toBe(2);
  expect(key.output).toMatch(/kefu: KEFU_SECRET_KEY: must be at least 32 characters/);
  expect(key.output).not.toMatch(/\n\s+at /);
  expect(await holder.stop('SIGTERM')).toBe(0);
  expect(holder.output()).toMatch(/Stopped after \d+ ms\./);
}, 120_000);
