import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { bootKefu, type Kefu } from '../../server/boot.ts';
import { loadConfig } from '../../server/config.ts';
import { openDb, type Db } from '../../server/db/client.ts';
import { bootstrapAdmin } from '../../server/modules/auth/setup.ts';

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}
export interface Caller {
  get<T = any>(url: string): Promise<Res<T>>;
  post<T = any>(url: string, body?: unknown): Promise<Res<T>>;
  patch<T = any>(url: string, body?: unknown): Promise<Res<T>>;
  put<T = any>(url: string, body?: unknown): Promise<Res<T>>;
  del<T = any>(url: string, body?: unknown): Promise<Res<T>>;
}

export interface TestKefu {
  kefu: Kefu;
  db: Db;
  /** Calls as the admin (bearer API token). */
  admin: Caller;
  /** Calls as the admin signed in (what only a session may do: make API tokens, 2FA, the password). */
  adminSession: Caller;
  anon: Caller;
  as(token: string): Caller;
  /** Creates a person with a password and returns a caller signed in with a session cookie. */
  signIn(email: string, password: string): Promise<Caller>;
  stop(): Promise<void>;
}

export const ADMIN_EMAIL = 'admin@kefu.test';
export const ADMIN_PASSWORD = 'Admin-pass-1';

/** A fresh Kefu on a copy of the migrated template database (PGlite, or PostgreSQL with TEST_DATABASE_URL); `env` adds configuration. */
export async function testKefu(env: Record<string, string> = {}): Promise<TestKefu> {
  const { db, drop } = await openTestDb();
  const config = loadConfig({ KEFU_DATA_DIR: '/nonexistent', KEFU_WORKER: 'off', PORT: '8080', ...env });
  const kefu = await bootKefu(config, { db, worker: false });
  await bootstrapAdmin(db, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  const caller = (headers: Record<string, string>): Caller => {
    const call = async (method: string, url: string, body?: unknown) => {
      const r = await kefu.app.inject({
        method: method as 'GET',
        url,
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      let parsed: unknown = r.body;
      try {
        parsed = JSON.parse(r.body);
      } catch {
        /* not JSON */
      }
      return { status: r.statusCode, body: parsed as any, headers: r.headers };
    };
    return {
      get: (u) => call('GET', u),
      post: (u, b) => call('POST', u, b ?? {}),
      patch: (u, b) => call('PATCH', u, b ?? {}),
      put: (u, b) => call('PUT', u, b ?? {}),
      del: (u, b?: unknown) => call('DELETE', u, b),
    };
  };
  const anon = caller({});
  const signIn = async (email: string, password: string) => {
    const r = await kefu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (r.statusCode !== 200) throw new Error(`sign in failed for ${email}: ${r.body}`);
    const c = r.cookies.find((x) => x.name === 'kefu_session')!;
    return caller({ cookie: `kefu_session=${c.value}`, origin: 'http://localhost' });
  };
  const adminSession = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  const token = (await adminSession.post('/api/v1/tokens', { name: 'tests' })).body.token as string;
  return {
    kefu,
    db,
    admin: caller({ authorization: `Bearer ${token}` }),
    adminSession,
    anon,
    as: (t) => caller({ authorization: `Bearer ${t}` }),
    signIn,
    async stop() {
      await kefu.stop();
      await drop();
    },
  };
}

/** Each instance drops its own database (several may be open in one test file). */
export async function openTestDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  const tpl = inject('pgTemplate');
  if (url && tpl) {
    const name = `kefu_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = await openDb({ databaseUrl: url, poolSize: 1 });
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${tpl}`);
        break;
      } catch (e) {
        // Two files copying the template at the same moment: wait and retry.
        if (attempt > 50 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    const u = new URL(url);
    u.pathname = `/${name}`;
    const drop = async () => {
      await admin.query(`drop database if exists ${name}`).catch(() => undefined);
      await admin.close();
    };
    return { db: await openDb({ databaseUrl: u.toString() }), drop };
  }
  const file = inject('pgliteTemplate')!;
  return { db: await openDb({ loadDataDir: new Blob([readFileSync(file)]) }), drop: async () => {} };
}
