import { readFileSync, rmSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, seededDataDir, startServer, type RunningServer } from '../helpers/serverProcess.ts';

/**
 * What `npm start` runs (scripts/start.mjs): the server built into one file by
 * scripts/build-server.mjs, under plain node. It must find what ships beside the code (migrations,
 * translations, the web app, the mail workers) from its own place in dist/.
 */
// @ts-expect-error -- a plain JavaScript build script without type declarations
const { buildServer, SERVER_ENV, SERVER_NODE_ARGS } = (await import('../../scripts/build-server.mjs')) as {
  buildServer(o?: { force?: boolean }): Promise<string>;
  SERVER_ENV: Record<string, string>;
  SERVER_NODE_ARGS: string[];
};

const dir = await seededDataDir('kefu-built-');
let server: RunningServer;
let built: string;
let smtpPort: number;
const ADMIN = { email: 'admin@built.test', password: 'Built-server-pass-1' };
const login = () =>
  fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });

beforeAll(async () => {
  built = await buildServer();
  smtpPort = await freePort();
  server = await startServer(
    {
      KEFU_DATA_DIR: dir,
      DATABASE_URL: '',
      KEFU_ADMIN_EMAIL: ADMIN.email,
      KEFU_ADMIN_PASSWORD: ADMIN.password,
      KEFU_SMTP_PORT: String(smtpPort),
      KEFU_SMTP_HOST: '127.0.0.1',
      KEFU_SUPPORT_EMAIL: 'support@built.test',
      ...SERVER_ENV,
    },
    { entry: built, nodeArgs: SERVER_NODE_ARGS },
  );
}, 120_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the built server', () => {
  it('runs without a TypeScript loader and migrates a new embedded database', async () => {
    expect(built).toMatch(/dist\/server\/main\.mjs$/);
    const cmdline = readFileSync(`/proc/${server.proc.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).not.toContain('tsx');
    expect(cmdline.some((a) => a.endsWith('dist/server/main.mjs'))).toBe(true);
    const ready = await fetch(`${server.url}/api/v1/ready`);
    expect(ready.status).toBe(200);
  });

  it('answers in the caller’s language (translations found) and signs the admin in', async () => {
    const zh = await fetch(`${server.url}/api/v1/tickets`, { headers: { 'accept-language': 'zh-CN' } });
    expect(zh.status).toBe(401);
    expect(((await zh.json()) as { error: { message: string } }).error.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await login()).status).toBe(200);
  });

  it('turns a mail into a ticket (the built mail worker threads parse it)', async () => {
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    await t.sendMail({
      from: '"Li Lei" <li.lei@customer.test>',
      to: 'support@built.test',
      subject: '=?UTF-8?B?5Y+R56Wo6K+35rGC?=',
      html: '<p>Please send the <b>invoice</b> for order 42.</p><script>alert(1)</script>',
    });
    t.close();
    const cookie = (await login()).headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    let tickets: Array<{ id: number; subject: string }> = [];
    for (let i = 0; i < 100 && !tickets.length; i++) {
      const r = await fetch(`${server.url}/api/v1/tickets?channel=email`, { headers: { cookie } });
      tickets = ((await r.json()) as { data: typeof tickets }).data;
      if (!tickets.length) await new Promise((res) => setTimeout(res, 200));
    }
    expect(tickets.map((x) => x.subject)).toEqual(['发票请求']);
    const messages = await fetch(`${server.url}/api/v1/tickets/${tickets[0].id}/messages`, { headers: { cookie } });
    const [first] = ((await messages.json()) as { data: Array<{ body: string; html: string | null }> }).data;
    expect(first.body).toContain('invoice for order 42');
    expect(first.html).toContain('<b>invoice</b>');
    expect(first.html).not.toContain('script');
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await server.stop()).toBe(0);
  });
});
