import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kefu } from '../boot.ts';
import type { Config } from '../config.ts';
import { DataDirInUseError, readLock, type LockInfo } from '../db/lock.ts';
import { CliError } from './args.ts';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}
export interface ApiStream {
  status: number;
  headers: Record<string, string | undefined>;
  body: Readable;
}

/** The CLI's one way to Kefu: its HTTP API, over the network to a running server or injected into an in-process app. */
export interface ApiClient {
  readonly target: { kind: 'server'; port: number; pid: number } | { kind: 'in-process'; migrationsApplied: string[] };
  /** A JSON request; `body` is sent as JSON. */
  request<T = any>(method: string, url: string, body?: unknown): Promise<ApiResponse<T>>;
  /** A response body as a byte stream (exports). */
  download(url: string): Promise<ApiStream>;
  /** A raw text body with its content type, answered with JSON (imports). */
  upload<T = any>(url: string, contentType: string, text: string): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** Talks to a Kefu server on this machine with the local operator secret from its lock file. */
export function httpClient(info: { pid: number; port: number; secret: string }): ApiClient {
  const base = `http://127.0.0.1:${info.port}`;
  const call = async (method: string, url: string, o: { contentType?: string; body?: string }) => {
    try {
      return await fetch(base + url, {
        method,
        body: o.body,
        headers: { authorization: `Bearer ${info.secret}`, ...(o.contentType ? { 'content-type': o.contentType } : {}) },
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(
        `could not reach the Kefu server (pid ${info.pid}) on ${base}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
      );
    }
  };
  return {
    target: { kind: 'server', port: info.port, pid: info.pid },
    async request(method, url, body) {
      const res = await call(method, url, body === undefined ? {} : { contentType: 'application/json', body: JSON.stringify(body) });
      return { status: res.status, body: parse(await res.text()) as any };
    },
    async download(url) {
      const res = await call('GET', url, {});
      const headers = Object.fromEntries(res.headers.entries());
      const body = res.body ? Readable.fromWeb(res.body as import('node:stream/web').ReadableStream) : Readable.from([]);
      return { status: res.status, headers, body };
    },
    async upload(url, contentType, text) {
      const res = await call('POST', url, { contentType, body: text });
      return { status: res.status, body: parse(await res.text()) as any };
    },
    async close() {
      /* nothing held */
    },
  };
}

/** Runs Kefu inside this process (it holds the data-dir lock meanwhile) and injects requests into its app. */
export function injectClient(kefu: Kefu): ApiClient {
  const auth = { authorization: `Bearer ${kefu.localSecret}` };
  return {
    target: { kind: 'in-process', migrationsApplied: kefu.migrationsApplied },
    async request(method, url, body) {
      const r = await kefu.app.inject({
        method: method as 'GET',
        url,
        headers: { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        payload: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.statusCode, body: parse(r.body) as any };
    },
    async download(url) {
      const r = await kefu.app.inject({ method: 'GET', url, headers: auth, payloadAsStream: true });
      return { status: r.statusCode, headers: r.headers as Record<string, string | undefined>, body: r.stream() };
    },
    async upload(url, contentType, text) {
      const r = await kefu.app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': contentType }, payload: text });
      return { status: r.statusCode, body: parse(r.body) as any };
    },
    close: () => kefu.stop(),
  };
}

/**
 * The server on this data dir if one is running (its lock names the port and the local secret), else Kefu in-process.
 * With DATABASE_URL (PostgreSQL) several processes may share the database, so the CLI always runs in-process.
 */
export async function connect(config: Config, o: { waitMs?: number; onWait?: (busy: LockInfo) => void } = {}): Promise<ApiClient> {
  const started = Date.now();
  const deadline = started + (o.waitMs ?? 30_000);
  let busy: LockInfo | null = null;
  let told = false;
  for (;;) {
    const info = config.databaseUrl ? null : readLock(config.dataDir);
    if (info?.port && info.secret) return httpClient({ pid: info.pid, port: info.port, secret: info.secret });
    if (!info) {
      try {
        const { bootKefu } = await import('../boot.ts');
        return injectClient(await bootKefu(config, { worker: false }));
      } catch (e) {
        if (!(e instanceof DataDirInUseError) || e.foreign) throw e; // a copied lock: waiting will not help
        busy = e.info; // a server took the lock just now: ask it again
      }
    } else {
      busy = info; // locked but not serving (yet): a server starting up, or another CLI command running
    }
    if (Date.now() >= deadline) throw new DataDirInUseError(config.dataDir, busy!);
    if (!told && Date.now() - started > 1000) {
      told = true;
      o.onWait?.(busy!);
    }
    await sleep(200);
  }
}
