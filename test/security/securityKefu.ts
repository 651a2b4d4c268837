import { execFileSync } from 'node:child_process';
import { bootKefu, type Kefu } from '../../server/boot.ts';
import { loadConfig } from '../../server/config.ts';
import type { Db } from '../../server/db/client.ts';
import { bootstrapAdmin } from '../../server/modules/auth/setup.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, openTestDb, type Caller, type Res } from '../helpers/testKefu.ts';

/**
 * Like test/helpers/testKefu.ts, plus what the security tests need: the security routes (registered
 * here until server/http/routes/index.ts does), sign-in with a chosen IP and OTP, and oathtool.
 */
export interface SecurityKefu {
  kefu: Kefu;
  db: Db;
  admin: Caller;
  /** The admin signed in (what only a session may do: make API tokens, 2FA, the password). */
  adminSession: Caller;
  anon: Caller;
  as(token: string): Caller;
  /** POST /api/v1/auth/login from `ip`; answers the raw response and a caller with the session cookie on success. */
  login(body: { email: string; password: string; otp?: string }, ip?: string): Promise<Res & { caller: Caller | null }>;
  signIn(email: string, password: string, otp?: string): Promise<Caller>;
  /** A person with a password, created by the admin; answers their id. */
  person(o: {
    name: string;
    email: string;
    password: string;
    role?: 'customer' | 'agent' | 'admin';
    locale?: string;
    organization_id?: number;
  }): Promise<number>;
  stop(): Promise<void>;
}

/** The current code for a Base32 secret, from the real oathtool (RFC 6238, SHA-1, 30 s, 6 digits). */
export function oathtool(secret: string, at?: Date): string {
  const args = ['--totp', '-b', secret];
  if (at)
    args.push(
      '--now',
      at
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC'),
    );
  return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}

type Headers = Record<string, string>;

export async function securityKefu(): Promise<SecurityKefu> {
  const { db, drop } = await openTestDb();
  const config = loadConfig({ KEFU_DATA_DIR: '/nonexistent', KEFU_WORKER: 'off', PORT: '8080' });
  const kefu = await bootKefu(config, { db, worker: false });
  await bootstrapAdmin(db, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });

  const caller = (headers: Headers): Caller => {
    const call = async (method: string, url: string, body?: unknown) => {
      const r = await kefu.app.inject({
        method: method as 'GET',
        url,
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        payload: body === undefined ? undefined : JSON.stringify(body),
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
      del: (u, b?: unknown) => call('DELETE', u, b),
    } as Caller;
  };
  const login: SecurityKefu['login'] = async (body, ip = '127.0.0.1') => {
    const r = await kefu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body, remoteAddress: ip });
    const c = r.cookies.find((x) => x.name === 'kefu_session');
    let parsed: any = r.body;
    try {
      parsed = JSON.parse(r.body);
    } catch {
      /* not JSON */
    }
    return {
      status: r.statusCode,
      body: parsed,
      headers: r.headers,
      caller: r.statusCode === 200 && c ? caller({ cookie: `kefu_session=${c.value}`, origin: 'http://localhost' }) : null,
    };
  };
  const signIn = async (email: string, password: string, otp?: string) => {
    const r = await login({ email, password, otp }, `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`);
    if (!r.caller) throw new Error(`sign in failed for ${email}: ${JSON.stringify(r.body)}`);
    return r.caller;
  };
  const adminSession = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  const token = (await adminSession.post('/api/v1/tokens', { name: 'tests' })).body.token as string;
  const admin = caller({ authorization: `Bearer ${token}` });
  return {
    kefu,
    db,
    admin,
    adminSession,
    anon: caller({}),
    as: (t) => caller({ authorization: `Bearer ${t}` }),
    login,
    signIn,
    async person(o) {
      const r = await admin.post('/api/v1/people', { role: 'customer', ...o });
      if (r.status !== 201) throw new Error(`create person failed: ${JSON.stringify(r.body)}`);
      return r.body.id as number;
    },
    async stop() {
      await kefu.stop();
      await drop();
    },
  };
}

/** Waits, when needed, so at least 5 s remain in the current 30 s step (codes made now stay current meanwhile). */
export async function freshStep(): Promise<void> {
  const left = 30 - ((Date.now() / 1000) % 30);
  if (left < 5) await new Promise((r) => setTimeout(r, left * 1000 + 250));
}

/** A six-digit code that is not `code`. */
export const wrongCode = (code: string) => String((Number(code) + 500_001) % 1_000_000).padStart(6, '0');
