import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import { checkNotAbandoned } from './cancellation.ts';
import { privateDir } from './lock.ts';
import { isDatabaseUnavailable } from './unavailable.ts';
import { pgliteStatements } from './pgliteStatements.ts';

/** Anything that can run a query: the pool, or an open transaction. */
export interface Queryable {
  /**
   * `prepare`: keep a server-side prepared statement per connection (node-postgres; on PGlite, one
   * per database, server/db/pgliteStatements.ts), saving the parsing and planning of hot, fixed
   * statements (lookups by key, inserts). Not for lists whose best plan depends on the values.
   */
  query<T = Record<string, unknown>>(text: string, params?: unknown[], opts?: { prepare?: boolean }): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'pg';
  /** Runs `fn` in a transaction. Pass the handle down: never query `db` inside `fn` (PGlite would hang). */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * Calls `handler` with the payload of every `NOTIFY` on `channel` (sent by any instance on this
   * database; a notification inside a transaction arrives only after it commits). Resolves once the
   * `LISTEN` is in place; the returned function stops listening. node-postgres listens on one
   * dedicated connection (not a pooled one) that reconnects with backoff if it drops; `onReconnect`
   * then runs, since notifications sent while it was down are lost. `close()` ends it too.
   * Optional so wrappers of a Db (imports, tests) need not forward it; both drivers have it.
   */
  listen?(channel: string, handler: (payload: string) => void, opts?: { onReconnect?: () => void }): Promise<() => Promise<void>>;
  /** Set by `within`: this handle is a caller's open transaction (a failed statement has aborted all of it). */
  readonly bound?: boolean;
  /** PGlite only: the data directory as a tarball (tests clone a migrated template). */
  dumpDataDir?(): Promise<Blob>;
  /** node-postgres only: the pool's connections now (total, idle), callers waiting for one, and its size (metrics). */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
}

/**
 * A `Db` bound to an open transaction: use cases that open their own transaction run inside the
 * caller's instead (an import line is all or nothing; the email channel records its source mail with
 * the ticket it became).
 */
export function within(db: Db, q: Queryable): Db {
  return { kind: db.kind, bound: true, query: (t, p, o) => q.query(t, p, o), tx: (fn) => fn(q), close: async () => undefined };
}

// int8 (20) as number: ids and counts stay far below 2^53.
const INT8 = 20;

export interface OpenDbOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** A PGlite data dir tarball to start from (tests clone a migrated template). */
  loadDataDir?: Blob;
  /** PGlite only: its buffer cache (shared_buffers), e.g. '32MB'; PGlite's own default (128MB) when absent. */
  sharedBuffers?: string;
  poolSize?: number;
}

export async function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) return openPg(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts.dataDir, opts.loadDataDir, opts.sharedBuffers);
}

async function openPg(url: string, max: number): Promise<Db> {
  const pg = (await import('pg')).default;
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'),
  };
  const pool = new pg.Pool({ connectionString: url, max, types: types as never });
  const listener = pgListener(() => new pg.Client({ connectionString: url, types: types as never }));
  pool.on('error', () => {
    /* idle client lost: the pool replaces it */
  });
  // A connection checked out of the pool has no 'error' listener of the pool's: when PostgreSQL ends it
  // between two statements (a restart, a failover, pg_terminate_backend: 57P01), node-postgres emits
  // 'error' on the client, and without a listener that ends the process. The statement in flight, or the
  // next one, fails on its own and is answered 503; the connection is retired (see `query` and `tx`).
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let n = names.get(text);
    if (!n) {
      n = `k${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      names.set(text, n);
    }
    return n;
  };
  type Client = { query: (c: { text: string; values?: unknown[]; name?: string }) => Promise<{ rows: unknown[] }> };
  const run = async <T>(c: Client, text: string, params?: unknown[], opts?: { prepare?: boolean }) =>
    (await c.query({ text, values: params, name: opts?.prepare ? nameOf(text) : undefined })).rows as T[];
  /**
   * A transaction's first statement with its BEGIN in front, in one write and one round trip:
   * BEGIN goes as an extended-protocol statement before the statement's own messages, under one
   * Sync, so it opens the transaction block and the statement runs in it (an explicit block
   * outlives the Sync). Its answers come in one batch: BEGIN's, then the statement's.
   */
  type Connection = { parse(m: object): void; bind(m: object): void; execute(m: object): void };
  class AfterBegin extends (pg.Query as unknown as new (
    config: object,
    values: undefined,
    cb: (err: Error | null, r: unknown) => void,
  ) => {
    prepare(c: Connection): void;
  }) {
    requiresPreparation() {
      return true;
    }
    prepare(c: Connection) {
      c.parse({ text: 'BEGIN', name: '' });
      c.bind({});
      c.execute({});
      super.prepare(c);
    }
  }
  const runAfterBegin = <T>(c: Client, text: string, params?: unknown[], opts?: { prepare?: boolean }) =>
    new Promise<T[]>((resolve, reject) => {
      const query = new AfterBegin({ text, values: params ?? [], name: opts?.prepare ? nameOf(text) : undefined }, undefined, (err, r) => {
        if (err) return reject(err);
        const results = (Array.isArray(r) ? r : [r]) as Array<{ rows: unknown[] }>;
        resolve(results[results.length - 1].rows as T[]);
      });
      (c as unknown as { query(q: object): void }).query(query);
    });
  return {
    kind: 'pg',
    // Acquired here rather than by pool.query so that a request's first statement checks, once a
    // connection is free, that its client still waits for it (server/db/cancellation.ts).
    async query(text, params, opts) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        checkNotAbandoned();
        return await run<never>(client as unknown as Client, text, params, opts);
      } catch (e) {
        // A failure that is not the server's answer (no SQLSTATE: a dropped connection, a socket error)
        // retires the connection, as pool.query would; our own errors (AppError) leave it healthy.
        const code = (e as { code?: unknown }).code;
        if (
          e instanceof Error &&
          !(e instanceof AppError) &&
          (!(typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) || isDatabaseUnavailable(e))
        )
          broken = e;
        throw e;
      } finally {
        client.release(broken);
      }
    },
    async tx(fn) {
      const client = await pool.connect();
      try {
        checkNotAbandoned();
      } catch (e) {
        client.release();
        throw e;
      }
      // BEGIN goes with the first statement (runAfterBegin); a transaction that runs none sends nothing.
      let begun = false;
      let broken: Error | undefined;
      const c = client as unknown as Client;
      try {
        const result = await fn({
          query: (t, p, o) => {
            if (begun) return run(c, t, p, o);
            begun = true;
            return runAfterBegin(c, t, p, o);
          },
        });
        if (begun) await client.query('COMMIT');
        return result;
      } catch (err) {
        // A lost connection is retired, not given back to the pool (its ROLLBACK would fail anyway).
        if (isDatabaseUnavailable(err)) broken = err as Error;
        else if (begun) await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release(broken);
      }
    },
    listen: (channel, handler, o) => listener.listen(channel, handler, o?.onReconnect),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

const quoteIdent = (name: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Not a channel name: ${name}`);
  return `"${name}"`;
};

type Listening = { channel: string; handler: (payload: string) => void; onReconnect?: () => void };

/**
 * The node-postgres side of `Db.listen`: one dedicated client for all channels of this Db, opened on
 * the first listen. If it drops (server restart, network), it reconnects with backoff (0.5 s doubling
 * to 15 s), listens again and tells each subscriber (`onReconnect`), so they can catch up.
 */
function pgListener(makeClient: () => import('pg').Client) {
  const subs = new Set<Listening>();
  let client: import('pg').Client | null = null;
  let connecting: Promise<import('pg').Client> | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  let delay = 500;

  const connect = async (): Promise<import('pg').Client> => {
    const c = makeClient();
    c.on('notification', (n) => {
      for (const s of subs) if (s.channel === n.channel) s.handler(n.payload ?? '');
    });
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    try {
      await c.connect();
      for (const ch of new Set([...subs].map((s) => s.channel))) await c.query(`LISTEN ${quoteIdent(ch)}`);
    } catch (e) {
      await c.end().catch(() => undefined);
      throw e;
    }
    return c;
  };
  const lost = (c: import('pg').Client) => {
    if (client !== c) return;
    client = null;
    c.end().catch(() => undefined);
    if (!closed && subs.size) schedule();
  };
  const schedule = () => {
    if (retry || closed) return;
    retry = setTimeout(async () => {
      retry = null;
      try {
        client = await (connecting = connect());
        delay = 500;
        for (const s of subs) s.onReconnect?.();
      } catch {
        delay = Math.min(delay * 2, 15_000);
        schedule();
      } finally {
        connecting = null;
      }
    }, delay);
    retry.unref();
  };
  const ready = async () => {
    if (client) return client;
    if (connecting) return connecting;
    try {
      client = await (connecting = connect());
      return client;
    } finally {
      connecting = null;
    }
  };
  return {
    async listen(channel: string, handler: (payload: string) => void, onReconnect?: () => void) {
      if (closed) throw new Error('The database is closed');
      const sub: Listening = { channel, handler, onReconnect };
      const fresh = ![...subs].some((s) => s.channel === channel);
      subs.add(sub);
      try {
        const c = await ready();
        if (fresh && c === client) await c.query(`LISTEN ${quoteIdent(channel)}`).catch(() => undefined);
      } catch (e) {
        subs.delete(sub);
        throw e;
      }
      return async () => {
        subs.delete(sub);
        if (client && ![...subs].some((s) => s.channel === channel))
          await client.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => undefined);
      };
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      subs.clear();
      const c = client ?? (connecting ? await connecting.catch(() => null) : null);
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}

async function openPglite(dataDir: string | undefined, loadDataDir?: Blob, sharedBuffers?: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) privateDir(dataDir);
  // PostgreSQL touches all of shared_buffers when it starts: that much resident memory from the first
  // second. PGlite's files are read through the operating system, whose page cache keeps what the
  // smaller buffer cache drops (docs/operations.md, Memory).
  const startParams = sharedBuffers ? [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`] : undefined;
  const pg = await PGlite.create({ dataDir, loadDataDir, startParams, parsers: { [INT8]: (v: string) => Number(v) } });
  const statements = pgliteStatements(pg);
  // Under PGlite's own locks, as its `query` runs: a transaction's statements hold only the query lock.
  const runQuery = async <T>(text: string, params?: unknown[], opts?: { prepare?: boolean }) => {
    await pg._checkReady(); // "PGlite is closed" after close(), as its own query says
    return pg._runExclusiveQuery(() => statements.query<T>(text, params, opts?.prepare));
  };
  // One statement or transaction at a time, in arrival order (as PGlite runs them anyway), so a
  // request's first statement can check, once it is its turn, that its client still waits for it.
  let tail: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(() => {
      checkNotAbandoned();
      return work();
    });
    tail = run.catch(() => undefined);
    return run;
  };
  return {
    kind: 'pglite',
    query: (text, params, opts) => inTurn(() => pg._runExclusiveTransaction(() => runQuery<never>(text, params, opts))),
    tx: (fn) => inTurn(() => pg.transaction(() => fn({ query: (text, params, opts) => runQuery<never>(text, params, opts) }))),
    async listen(channel, handler) {
      // In-process: the one connection delivers notifications after each commit; it cannot drop.
      const stop = await pg.listen(channel, handler);
      return async () => {
        if (!pg.closed) await stop();
      };
    },
    close: () => pg.close(),
    dumpDataDir: async () => (await pg.dumpDataDir('none')) as Blob,
  };
}
