import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../server/db/client.ts';
import { inOneSnapshot } from '../../server/db/snapshot.ts';

/**
 * Two queries over one snapshot (server/db/snapshot.ts; the response-time report's business and
 * calendar percentiles): on PostgreSQL on two connections at once, both seeing exactly the same rows
 * even when a write commits between them, and never stuck when the second finds no free connection.
 */
const url = process.env.TEST_DATABASE_URL;
const table = `snapshot_probe_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
let db: Db;

describe.runIf(url)('inOneSnapshot on PostgreSQL', () => {
  beforeAll(async () => {
    db = await openDb({ databaseUrl: url!, poolSize: 4 });
    await db.query(`create table ${table} (n int)`);
    await db.query(`insert into ${table} select generate_series(1, 10)`);
  });
  afterAll(async () => {
    await db?.query(`drop table if exists ${table}`);
    await db?.close();
  });

  const count = async (q: { query: Db['query'] }) => Number((await q.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n);

  it('runs both at once, in one snapshot: a row committed in between is seen by neither', async () => {
    let running = 0;
    let both = false;
    let inserted!: () => void;
    const written = new Promise<void>((r) => (inserted = r));
    const [a, b] = await inOneSnapshot(
      db,
      async (q) => {
        running++;
        await count(q); // the snapshot is taken by the first statement
        // Another connection commits a row while both transactions are open.
        await db.query(`insert into ${table} values (11)`);
        inserted();
        // Wait until the second query runs too: they are concurrent, on two connections.
        for (let i = 0; i < 200 && running < 2; i++) await new Promise((r) => setTimeout(r, 10));
        both = running === 2;
        return count(q);
      },
      async (q) => {
        running++;
        await written;
        return count(q);
      },
    );
    expect(both).toBe(true);
    expect([a, b]).toEqual([10, 10]);
    expect(await count(db)).toBe(11);
    await db.query(`delete from ${table} where n = 11`);
  });

  it('with one connection only, the first runs the second query itself (no deadlock)', async () => {
    const one = await openDb({ databaseUrl: url!, poolSize: 1 });
    try {
      const [a, b] = await inOneSnapshot(one, count, async (q) => (await count(q)) + 100);
      expect([a, b]).toEqual([10, 110]);
    } finally {
      await one.close();
    }
  });

  it('an error in either query is the caller’s error, and leaves the pool usable', async () => {
    await expect(inOneSnapshot(db, count, (q) => q.query('select 1/0'))).rejects.toThrow(/division by zero/);
    await expect(inOneSnapshot(db, (q) => q.query('select 1/0'), count)).rejects.toThrow(/division by zero/);
    expect(await count(db)).toBe(10);
  });
});

describe.skipIf(url)('inOneSnapshot on the embedded database', () => {
  it('runs both, one after the other, in one transaction', async () => {
    const pg = await openDb({});
    try {
      await pg.query(`create table probe (n int)`);
      await pg.query(`insert into probe select generate_series(1, 3)`);
      const n = async (q: { query: Db['query'] }) => Number((await q.query<{ n: number }>(`select count(*)::int as n from probe`))[0].n);
      expect(await inOneSnapshot(pg, n, n)).toEqual([3, 3]);
    } finally {
      await pg.close();
    }
  });
});
