/**
 * Both drivers answer a statement alike, prepared or not (on PGlite, server/db/pgliteStatements.ts
 * runs them in one or two calls instead of PGlite's six), and a table that grew gets fresh
 * statistics, so a prepared statement stops using the plan it chose while the table was empty
 * (server/db/analyze.ts). On PostgreSQL a transaction's BEGIN travels with its first statement
 * (server/db/client.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/client.ts';
import { analyzeChangedTables, needsOwnAnalyze } from '../../server/db/analyze.ts';
import { enqueue } from '../../server/jobs/queue.ts';
import { openTestDb } from '../helpers/testKefu.ts';

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await openTestDb());
  await db.query(`create table probe (
    id bigint generated always as identity primary key, n int, big bigint, t text unique, tags text[], doc jsonb,
    at timestamptz, ok boolean)`);
});
afterAll(async () => {
  await db?.close();
  await drop?.();
});

const insert = `insert into probe (n, big, t, tags, doc, at, ok) values ($1, $2, $3, $4, $5, $6, $7)
  returning id, n, big, t, tags, doc, at, ok`;
const at = new Date('2026-12-06T08:00:00.123Z');

describe.each([
  ['prepared', true],
  ['not prepared', false],
])('a statement %s', (label, prepare) => {
  it('writes and reads numbers, text, arrays, json, times, booleans and nulls', async () => {
    // More runs than PostgreSQL needs before it tries a generic plan (five).
    for (let i = 0; i < 8; i++) {
      const t = `${label} ${i} 客服 'quoted' \\ back`;
      const [row] = await db.query(insert, [i, 2 ** 40 + i, t, ['a', 'b c', '"q"'], { k: [1, 'x'], i }, at, i % 2 === 0], { prepare });
      expect(row).toMatchObject({ n: i, big: 2 ** 40 + i, t, tags: ['a', 'b c', '"q"'], doc: { k: [1, 'x'], i }, ok: i % 2 === 0 });
      expect(typeof row.id).toBe('number');
      expect((row.at as Date).toISOString()).toBe(at.toISOString());
      const [back] = await db.query(`select n, t, tags, doc from probe where id = $1`, [row.id], { prepare });
      expect(back).toEqual({ n: i, t, tags: ['a', 'b c', '"q"'], doc: { k: [1, 'x'], i } });
    }
    const [nulls] = await db.query(insert, [null, null, null, null, null, null, null], { prepare });
    expect(nulls).toMatchObject({ n: null, big: null, t: null, tags: null, doc: null, at: null, ok: null });
    expect(await db.query(`select id from probe where t = $1`, ['nobody'], { prepare })).toEqual([]);
  });

  it('reports a failed statement by its SQLSTATE, and the next statement runs, in and out of a transaction', async () => {
    const t = `unique ${label}`;
    await db.query(insert, [1, 1, t, [], {}, at, true], { prepare });
    await expect(db.query(insert, [1, 1, t, [], {}, at, true], { prepare })).rejects.toMatchObject({ code: '23505' });
    await expect(db.query(`select * from no_such_table where id = $1`, [1], { prepare })).rejects.toMatchObject({ code: '42P01' });
    await expect(
      db.tx(async (q) => {
        await q.query(`update probe set n = 99 where t = $1`, [t], { prepare });
        await q.query(insert, [1, 1, t, [], {}, at, true], { prepare });
      }),
    ).rejects.toMatchObject({ code: '23505' });
    // The transaction's update was rolled back with it.
    expect(await db.query(`select n from probe where t = $1`, [t], { prepare })).toEqual([{ n: 1 }]);
    const inTx = await db.tx(async (q) => {
      await q.query(`update probe set n = n + 1 where t = $1`, [t], { prepare });
      return q.query<{ n: number }>(`select n from probe where t = $1`, [t], { prepare });
    });
    expect(inTx).toEqual([{ n: 2 }]);
  });
});

it("runs a transaction's first statement inside it (PostgreSQL sends BEGIN with it): one time, unseen until commit, undone on failure", async () => {
  const t = 'first statement';
  let seenOutside: unknown[] = ['not read'];
  const times = await db.tx(async (q) => {
    const [a] = await q.query<{ now: Date }>(`insert into probe (n, t) values ($1, $2) returning now() as now`, [1, t], { prepare: true });
    // Another connection (on PGlite: the one connection, after this transaction) does not see it yet.
    if (db.kind === 'pg') seenOutside = await db.query(`select n from probe where t = $1`, [t]);
    await new Promise((r) => setTimeout(r, 20));
    const [b] = await q.query<{ now: Date }>(`select now() as now`);
    return [a.now, b.now];
  });
  // now() is the transaction's start time: the same in both statements, 20 ms apart.
  expect(times[0].getTime()).toBe(times[1].getTime());
  if (db.kind === 'pg') expect(seenOutside).toEqual([]);
  expect(await db.query(`select n from probe where t = $1`, [t])).toEqual([{ n: 1 }]);
  // The first statement fails: nothing is written, and the connection's next transaction starts clean.
  await expect(db.tx((q) => q.query(`insert into probe (n, t) values ($1, $2)`, [2, t], { prepare: true }))).rejects.toMatchObject({
    code: '23505',
  });
  expect(await db.tx(async () => 'no statement')).toBe('no statement');
  for (let i = 0; i < 3; i++)
    expect(await db.tx((q) => q.query<{ n: number }>(`select n from probe where t = $1`, [t], { prepare: true }))).toEqual([{ n: 1 }]);
});

it('keeps answering after more distinct prepared statements than it keeps', async () => {
  for (let i = 0; i < 300; i++) {
    const [row] = await db.query<{ v: number }>(`select $1::int + ${i} as v`, [1], { prepare: true });
    expect(row.v).toBe(1 + i);
  }
  const [first] = await db.query<{ v: number }>(`select $1::int + 0 as v`, [5], { prepare: true });
  expect(first.v).toBe(5);
});

it('on the embedded database, a prepared statement whose table gained a column is parsed again', async () => {
  if (db.kind !== 'pglite') return; // node-postgres keeps its own prepared statements; Kefu's use explicit columns.
  const read = `select * from probe where t = $1`;
  const t = 'schema change';
  await db.query(insert, [7, 7, t, [], {}, at, true]);
  expect(Object.keys((await db.query(read, [t], { prepare: true }))[0])).not.toContain('extra');
  await db.query(`alter table probe add column extra text not null default 'x'`);
  const [row] = await db.query(read, [t], { prepare: true });
  expect(row).toMatchObject({ n: 7, extra: 'x' });
});

it('analyzes a table that grew, so the job claim stops scanning the whole table', async () => {
  await db.query('analyze jobs');
  const claimPlan = async () =>
    (
      await db.query<{ 'QUERY PLAN': string }>(
        `explain select id from jobs where run_at <= now() and (status = 'queued' or (status = 'running' and locked_until < now()))
          order by run_at, id limit 4`,
      )
    )
      .map((r) => r['QUERY PLAN'])
      .join('\n');
  // Finished jobs, as a desk that has run for a while has, and a few waiting.
  await db.query(`insert into jobs (name, status, finished_at) select 'probe.done', 'done', now() from generate_series(1, 5000)`);
  for (let i = 0; i < 3; i++) await enqueue(db, 'probe.waiting', { i });
  // Each connection hands its counts of changed rows to the statistics at most once a second.
  let analyzed: string[] = [];
  for (const deadline = Date.now() + 20_000; !analyzed.includes('jobs') && Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 500));
    analyzed = await analyzeChangedTables(db);
  }
  expect(analyzed).toContain('jobs');
  const [stats] = await db.query<{ reltuples: number }>(`select reltuples::int as reltuples from pg_class where relname = 'jobs'`);
  expect(stats.reltuples).toBeGreaterThanOrEqual(5000);
  expect(await claimPlan()).toMatch(/jobs_claim_idx/);
  // Nothing changed since: nothing to analyze.
  expect(await analyzeChangedTables(db)).not.toContain('jobs');
});

it('analyzes tables itself on the embedded database, and on PostgreSQL only when autovacuum is off', async () => {
  const [row] = await db.query<{ on: boolean }>(`select current_setting('autovacuum') = 'on' as on`);
  expect(await needsOwnAnalyze(db, db.kind)).toBe(db.kind === 'pglite' || !row.on);
});
