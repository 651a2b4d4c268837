import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const ADMIN_EMAIL = 'admin@kefu.test';
export const ADMIN_PASSWORD = 'Admin-pass-1234';

export interface ApiResult<T = any> {
  status: number;
  body: T;
}
export interface Api {
  get<T = any>(path: string): Promise<ApiResult<T>>;
  post<T = any>(path: string, body?: unknown): Promise<ApiResult<T>>;
  patch<T = any>(path: string, body?: unknown): Promise<ApiResult<T>>;
  put<T = any>(path: string, body?: unknown): Promise<ApiResult<T>>;
}
export interface RunningKefu {
  base: string;
  port: number;
  admin: Api;
  /** The admin signed in: what only a session may do (make API tokens). */
  adminSession: Api;
  as(email: string, password: string): Promise<Api>;
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

function api(base: string, headers: Record<string, string>): Api {
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: r.status, body: parsed as any };
  };
  return {
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b ?? {}),
    patch: (p, b) => call('PATCH', p, b ?? {}),
    put: (p, b) => call('PUT', p, b ?? {}),
  };
}

async function signIn(base: string, email: string, password: string): Promise<Api> {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`sign in as ${email} failed: ${r.status} ${await r.text()}`);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
  return api(base, { cookie, origin: base });
}

/** A real Kefu: its own data directory, a free port, a first admin; the web app served at `/`. `env` adds or overrides variables. */
export async function startKefu(o: { env?: Record<string, string> } = {}): Promise<RunningKefu> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-e2e-'));
  // A copy of the migrated database e2e/globalSetup.ts made: a new data directory costs 10–15 s to create.
  const template = process.env.KEFU_E2E_TEMPLATE_DIR;
  if (template) cpSync(template, dataDir, { recursive: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      KEFU_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      KEFU_PUBLIC_URL: base,
      KEFU_ADMIN_EMAIL: ADMIN_EMAIL,
      KEFU_ADMIN_PASSWORD: ADMIN_PASSWORD,
      KEFU_LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      KEFU_SMTP_PORT: '0',
      // The browser keeps connections alive: a short drain keeps stopping quick (the drain has its own spec).
      KEFU_DRAIN_MS: '300',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => {
    output += d;
  });
  child.stderr!.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Kefu exited (${child.exitCode}) while starting:\n${output}`);
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Kefu did not start in 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const session = await signIn(base, ADMIN_EMAIL, ADMIN_PASSWORD);
  const token = (await session.post('/tokens', { name: 'e2e' })).body.token as string;
  return {
    base,
    port,
    admin: api(base, { authorization: `Bearer ${token}` }),
    adminSession: session,
    as: (email, password) => signIn(base, email, password),
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The newest link carrying `token=` in a message to `email` from the outbox (read as admin). */
export async function linkFromOutbox(k: RunningKefu, email: string, pathHint: RegExp): Promise<string> {
  const deadline = Date.now() + 20_000;
  let last: unknown = null;
  while (Date.now() < deadline) {
    const r = await k.admin.get('/outbox?limit=100');
    last = r.body;
    if (r.status === 200) {
      const items: unknown[] = Array.isArray(r.body) ? r.body : (r.body?.data ?? []);
      for (const item of items) {
        // newest first
        const text = JSON.stringify(item);
        if (!text.toLowerCase().includes(email.toLowerCase())) continue;
        const links = [
          ...text
            .replace(/\\n/g, ' ')
            .replace(/&amp;/g, '&')
            .matchAll(/https?:\/\/[^\s"'<>\\)]+token=[A-Za-z0-9_\-.~%]+(?:&[a-z_]+=[A-Za-z0-9_\-.~%]+)*/g),
        ].map((m) => m[0]);
        const hit = links.find((l) => pathHint.test(l));
        if (hit) {
          const u = new URL(hit);
          return `${k.base}${u.pathname}${u.search}`;
        }
      }
    } else if (r.status === 404) {
      throw new Error(`GET /api/v1/outbox answered 404: the outbox endpoint does not exist yet (${JSON.stringify(r.body)})`);
    }
    await new Promise((r2) => setTimeout(r2, 500));
  }
  throw new Error(`No link matching ${pathHint} to ${email} in the outbox; last answer: ${JSON.stringify(last).slice(0, 500)}`);
}
