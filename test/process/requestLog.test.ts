import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { prettyLine } from '../../server/http/requestLog.ts';
import { freePort, type RunningServer, seededDataDir, startServer } from '../helpers/serverProcess.ts';

/** The server process writes one JSON line per request, with no secret in it (docs/operations.md, Logs). */
const dir = await seededDataDir('kefu-reqlog-');
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const email = 'admin@reqlog.test';
const password = 'Reqlog-pass-1';
const METRICS_TOKEN = 'reqlog-metrics-secret-42';

type Line = Record<string, unknown>;
const requestLines = (out: string): Line[] =>
  out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line)
    .filter((l) => l.msg === 'request');

it('one JSON line per request: method, route pattern, status, duration, request id, principal; no token, cookie or query', async () => {
  server = await startServer({
    KEFU_DATA_DIR: dir,
    KEFU_ADMIN_EMAIL: email,
    KEFU_ADMIN_PASSWORD: password,
    KEFU_METRICS_TOKEN: METRICS_TOKEN,
  });
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith('kefu_session='))!
    .split(';')[0];
  const sessionSecret = cookie.split('=')[1];
  const made = await fetch(`${server.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { cookie, origin: server.url, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'reqlog' }),
  });
  expect(made.status).toBe(201);
  const token = ((await made.json()) as { token: string }).token;
  const me = (await (await fetch(`${server.url}/api/v1/me`, { headers: { cookie } })).json()) as { id: number };

  const list = await fetch(`${server.url}/api/v1/tickets?token=secret-in-query&limit=5`, { headers: { authorization: `Bearer ${token}` } });
  expect(list.status).toBe(200);
  const requestId = list.headers.get('x-request-id');
  const missing = await fetch(`${server.url}/api/v1/tickets/987654?access_token=secret-in-query`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(missing.status).toBe(404);
  const anon = await fetch(`${server.url}/api/v1/tickets`);
  expect(anon.status).toBe(401);
  expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
  expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
  // A proxy's well-formed X-Request-Id is kept; a malformed one is replaced.
  const proxied = await fetch(`${server.url}/api/v1/me`, { headers: { cookie, 'x-request-id': 'proxy-id-123' } });
  expect(proxied.headers.get('x-request-id')).toBe('proxy-id-123');
  const forged = await fetch(`${server.url}/api/v1/me`, { headers: { cookie, 'x-request-id': 'bad id"\\n{' } });
  expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);

  // The line is written when the answer has gone out: wait for the last one.
  const deadline = Date.now() + 10_000;
  while (requestLines(server.output()).length < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const lines = requestLines(server.output());
  // Exactly one per request: 8 at info (the health probe and the scrape are at debug).
  expect(lines).toHaveLength(8);

  for (const l of lines) {
    expect(typeof l.method).toBe('string');
    expect(typeof l.status).toBe('number');
    expect(typeof l.duration_ms).toBe('number');
    expect(typeof l.reqId).toBe('string');
    expect(l.level).toBe(30);
  }
  const byRoute = (method: string, route: string, status: number) =>
    lines.filter((l) => l.method === method && l.route === route && l.status === status);
  expect(byRoute('POST', '/api/v1/auth/login', 200)).toHaveLength(1);
  expect(byRoute('POST', '/api/v1/tokens', 201)).toHaveLength(1);
  const listed = byRoute('GET', '/api/v1/tickets', 200);
  expect(listed).toHaveLength(1);
  expect(listed[0].reqId).toBe(requestId);
  expect(listed[0].principal).toBe(me.id);
  expect(byRoute('GET', '/api/v1/tickets/:id', 404)).toHaveLength(1);
  const anonLine = byRoute('GET', '/api/v1/tickets', 401);
  expect(anonLine).toHaveLength(1);
  expect(anonLine[0].principal).toBeUndefined();
  expect(lines.filter((l) => l.reqId === 'proxy-id-123')).toHaveLength(1);
  // Probes and successful scrapes are at debug: not at the default level.
  expect(lines.filter((l) => l.route === '/api/v1/health' || l.route === '/metrics')).toEqual([]);

  // Nothing secret anywhere in the output: not the API token, the session, the metrics token, the query.
  const out = server.output();
  for (const secret of [token, sessionSecret, METRICS_TOKEN, 'secret-in-query', password, '987654'])
    expect(out.includes(secret), `log contains ${secret.slice(0, 12)}…`).toBe(false);
});

it('KEFU_LOG_FORMAT=pretty: the same line, readable', () => {
  const line = JSON.stringify({
    level: 30,
    time: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
    pid: 1,
    hostname: 'h',
    reqId: 'abc123',
    msg: 'request',
    method: 'GET',
    route: '/api/v1/tickets/:id',
    status: 404,
    duration_ms: 3.2,
    principal: 7,
  });
  expect(prettyLine(line)).toBe('03:04:05.678 INFO  GET /api/v1/tickets/:id 404 3.2 ms req=abc123 principal=7');
  expect(prettyLine(JSON.stringify({ level: 40, time: 0, msg: 'job failed', job: 'x' }))).toBe('00:00:00.000 WARN  job failed {"job":"x"}');
  expect(prettyLine('not json')).toBe('not json');
});

it('on a terminal (someone ran npm start) the lines are readable, the setup link among them; KEFU_LOG_FORMAT=json keeps JSON', async () => {
  // A real pseudo-terminal: util-linux `script` runs the server with its stdout on one.
  const onTerminal = async (env: Record<string, string>) => {
    const dataDir = await seededDataDir('kefu-tty-');
    const port = await freePort();
    const cmd = `${JSON.stringify(process.execPath)} --import tsx server/main.ts`;
    const proc = spawn('script', ['-qfec', cmd, '/dev/null'], {
      env: { ...process.env, KEFU_LOG_LEVEL: 'info', KEFU_SMTP_PORT: '0', KEFU_DATA_DIR: dataDir, PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    try {
      const deadline = Date.now() + 60_000;
      while (!/setup\?token=\S+/.test(out) && Date.now() < deadline && proc.exitCode === null) await new Promise((r) => setTimeout(r, 200));
      return out.replace(/\r/g, '');
    } finally {
      process.kill(-proc.pid!, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  const readable = await onTerminal({});
  const link = readable.split('\n').find((l) => l.includes('setup?token='));
  expect(link).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN {2}No admin yet\. Open this one-time setup link/);
  expect(readable.split('\n').filter((l) => l.startsWith('{"level"'))).toEqual([]);

  const json = await onTerminal({ KEFU_LOG_FORMAT: 'json' });
  const jsonLink = json.split('\n').find((l) => l.includes('setup?token='));
  expect(JSON.parse(jsonLink!)).toMatchObject({ level: 40, msg: expect.stringContaining('No admin yet') });
});
