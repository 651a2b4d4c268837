import { request, Agent } from 'node:http';
import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { type RunningServer, seededDataDir, startServer } from '../helpers/serverProcess.ts';

const dir = await seededDataDir('kefu-sigterm-');
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const email = 'admin@sigterm.test';
const password = 'Sigterm-pass-1';

interface Outcome {
  status?: number;
  error?: string;
  closed?: boolean;
  /** The request went on a kept-alive connection (not a new one). */
  reused?: boolean;
  afterSignal: boolean;
}

it('SIGTERM under load: readiness says no, requests already sent are answered, new connections are refused, exit 0', async () => {
  server = await startServer({ KEFU_DATA_DIR: dir, KEFU_ADMIN_EMAIL: email, KEFU_ADMIN_PASSWORD: password, KEFU_DRAIN_MS: '3000' });
  const url = new URL(server.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; closed: boolean; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method, path, agent, headers }, (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, closed: res.headers.connection === 'close', body: data, headers: res.headers }),
        );
        res.on('error', reject);
      });
      req.on('error', (e) => reject(Object.assign(e, { reused: req.reusedSocket })));
      req.end(body);
    });
  const login = await send('POST', '/api/v1/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ email, password }));
  expect(login.status).toBe(200);
  const cookie = String((login.headers['set-cookie'] as string[])[0]).split(';')[0];
  const json = { cookie, origin: server.url, 'content-type': 'application/json' };

  let signalled = false;
  const outcomes: Outcome[] = [];
  let readyDuringDrain: number | null = null;
  const lane = async (i: number) => {
    for (let n = 0; ; n++) {
      const afterSignal = signalled;
      try {
        const r =
          n % 3 === 0
            ? await send(
                'POST',
                '/api/v1/tickets',
                json,
                JSON.stringify({ subject: `load ${i}-${n}`, body: 'b', requester_email: `l${i}@sigterm.test` }),
              )
            : await send('GET', '/api/v1/tickets?limit=25', { cookie });
        outcomes.push({ status: r.status, closed: r.closed, afterSignal });
        if (afterSignal && readyDuringDrain === null)
          readyDuringDrain = (await send('GET', '/api/v1/ready', {}).catch(() => ({ status: -1 }))).status;
      } catch (e) {
        const err = e as NodeJS.ErrnoException & { reused?: boolean };
        outcomes.push({ error: err.code ?? err.message, reused: err.reused, afterSignal });
        if ((e as NodeJS.ErrnoException).code === 'ECONNREFUSED') return;
      }
    }
  };
  const lanes = Array.from({ length: 12 }, (_, i) => lane(i));
  await new Promise((r) => setTimeout(r, 1_500));
  const exited = server.stop('SIGTERM');
  signalled = true;
  await Promise.all(lanes);
  expect(await exited).toBe(0);
  agent.destroy();

  const before = outcomes.filter((o) => !o.afterSignal);
  const after = outcomes.filter((o) => o.afterSignal);
  expect(before.length).toBeGreaterThan(20);
  // Every request sent before the signal was answered. After it, a request is answered, or — on a new
  // connection to an instance that already said it is not ready — refused (or reset while the listener closes).
  expect(before.filter((o) => o.error)).toEqual([]);
  expect(after.filter((o) => o.error && (o.reused || !['ECONNREFUSED', 'ECONNRESET'].includes(o.error)))).toEqual([]);
  expect(outcomes.filter((o) => o.status !== undefined && (o.status < 200 || o.status >= 300))).toEqual([]);
  // Requests sent after the signal on open connections were answered, each closing its connection.
  expect(after.some((o) => o.status === 200 && o.closed)).toBe(true);
  expect([503, -1]).toContain(readyDuringDrain);
  expect(server.output()).toMatch(/SIGTERM received: draining/);
}, 120_000);
