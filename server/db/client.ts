import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';

/** Anything that can run a query: the pool, or an open transaction. */
export interface Queryable {
  /**
   * `prepare`: keep a server-side prepared statement per connection (node-postgres), saving the
   * planning on hot, fixed statements (lookups by key, inserts). Not for lists whose best plan
   * depends on the values.
   */
  query<T = Record<string, unknown>>(text: string, params?: unknown[], opts?: { prepare?: boolean }): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'pg';
  /** Runs `fn` in a transaction. Pass the handle down: never query `db` inside `fn` (PGlite would hang). */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball (tests clone a migrated template). */
  dumpDataDir?(): Promise<Blob>;
}

// int8 (20) as number: ids and counts stay far below 2^53.
const INT8 = 20;

export interface OpenDbOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** A PGlite data dir tarball to start from (tests clone a migrated template). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) return openPg(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts.dataDir, opts.loadDataDir);
}

async function openPg(url: string, max: number): Promise<Db> {
  const pg = (await import('pg')).default;
  const types = { getTypeParser: (oid: number, format?: string) => (oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) };
  const pool = new pg.Pool({ connectionString: url, max, types: types as never });
  pool.on('error', () => { /* idle client lost: the pool replaces it */ });
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let n = names.get(text);
    if (!n) { n = `k${createHash('sha1').update(text).digest('hex').slice(0, 16)}`; names.set(text, n); }
    return n;
  };
  type Client = { query: (c: { text: string; values?: unknown[]; name?: string }) => Promise<{ rows: unknown[] }> };
  const run = async <T>(c: Client, text: string, params?: unknown[], opts?: { prepare?: boolean }) =>
    (await c.query({ text, values: params, name: opts?.prepare ? nameOf(text) : undefined })).rows as T[];
  return {
    kind: 'pg',
    query: (text, params, opts) => run(pool as unknown as Client, text, params, opts),
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (t, p, o) => run(client as unknown as Client, t, p, o) });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create({ dataDir, loadDataDir, parsers: { [INT8]: (v: string) => Number(v) } });
  return {
    kind: 'pglite',
    query: async (text, params) => (await pg.query(text, params)).rows as never,
    tx: (fn) => pg.transaction(async (t) => fn({ query: async (text, params) => (await t.query(text, params)).rows as never })),
    close: () => pg.close(),
    dumpDataDir: async () => (await pg.dumpDataDir('none')) as Blob,
  };
}
