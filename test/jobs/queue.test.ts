import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../server/db/client.ts';
import { enqueue } from '../../server/jobs/queue.ts';
import { defineJob } from '../../server/jobs/registry.ts';
import { startWorker } from '../../server/jobs/worker.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

const log = { info() {}, error() {} };

it('two workers on one database run every job exactly once', async () => {
  const seen: number[] = [];
  defineJob({
    name: 'test.record',
    async handler(p) {
      seen.push(Number(p.n));
      await new Promise((r) => setTimeout(r, 1));
    },
  });
  for (let n = 0; n < 200; n++) await enqueue(k.db, 'test.record', { n });
  const a = startWorker(k.db, { now: () => new Date(), log }, { pollMs: 20, concurrency: 4 });
  const b = startWorker(k.db, { now: () => new Date(), log }, { pollMs: 20, concurrency: 4 });
  const deadline = Date.now() + 30_000;
  while (seen.length < 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await a.stop();
  await b.stop();
  expect(seen.length).toBe(200);
  expect(new Set(seen).size).toBe(200);
  const left = await k.db.query<{ n: number }>(`select count(*)::int as n from jobs where name = 'test.record' and status <> 'done'`);
  expect(left[0].n).toBe(0);
});

it('a job running longer than its lease is not taken over by another worker (claim only what runs, heartbeat)', async () => {
  const runs: number[] = [];
  defineJob({
    name: 'test.slow',
    async handler(p) {
      runs.push(Number(p.n));
      await new Promise((r) => setTimeout(r, 2_500));
    },
  });
  for (let n = 0; n < 6; n++) await enqueue(k.db, 'test.slow', { n });
  // A one-second lease: a job runs 2.5 s, and six jobs on two lanes per worker wait up to 5 s for a lane.
  const errors: string[] = [];
  const quiet = { info() {}, error: (_o: object, m?: string) => void errors.push(String(m)) };
  const a = startWorker(k.db, { now: () => new Date(), log: quiet }, { pollMs: 20, concurrency: 2, leaseSeconds: 1 });
  const b = startWorker(k.db, { now: () => new Date(), log: quiet }, { pollMs: 20, concurrency: 2, leaseSeconds: 1 });
  const done = async () =>
    (await k.db.query<{ n: number }>(`select count(*)::int as n from jobs where name = 'test.slow' and status = 'done'`))[0].n;
  const deadline = Date.now() + 30_000;
  while ((await done()) < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await a.stop();
  await b.stop();
  expect(await done()).toBe(6);
  expect(runs.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  expect(errors).toEqual([]);
});

it('a renewal still on its way when the job ends is not reported as a lost lease', async () => {
  defineJob({
    name: 'test.renewed',
    async handler() {
      await new Promise((r) => setTimeout(r, 450));
    },
  });
  await enqueue(k.db, 'test.renewed', {});
  // A slow database for renewals only: the one sent at a third of the lease (333 ms) reaches it at
  // 733 ms, after the job ended (450 ms). Marking the job done before that renewal answered made the
  // renewal find the job no longer running: "lease lost" although nobody took it over.
  const slowRenewals: Db = Object.create(k.db, {
    query: {
      value: async (sql: string, params?: unknown[]) => {
        if (sql.includes('set locked_until = now()')) await new Promise((r) => setTimeout(r, 400));
        return k.db.query(sql, params);
      },
    },
  });
  const errors: string[] = [];
  const w = startWorker(
    slowRenewals,
    { now: () => new Date(), log: { info() {}, error: (_o: object, m?: string) => void errors.push(String(m)) } },
    { pollMs: 20, leaseSeconds: 1 },
  );
  const done = async () =>
    (await k.db.query<{ n: number }>(`select count(*)::int as n from jobs where name = 'test.renewed' and status = 'done'`))[0].n;
  const deadline = Date.now() + 10_000;
  while ((await done()) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 500));
  await w.stop();
  expect(await done()).toBe(1);
  expect(errors).toEqual([]);
});

it('retries a failing job with backoff and gives up after max attempts', async () => {
  let calls = 0;
  defineJob({
    name: 'test.flaky',
    async handler() {
      calls++;
      throw new Error('boom');
    },
  });
  await enqueue(k.db, 'test.flaky', {}, { maxAttempts: 3 });
  const w = startWorker(k.db, { now: () => new Date(), log }, { pollMs: 10_000 });
  await w.drain();
  expect(calls).toBe(1);
  let job = (
    await k.db.query<{ status: string; attempts: number; last_error: string; run_at: Date }>(
      `select status, attempts, last_error, run_at from jobs where name = 'test.flaky'`,
    )
  )[0];
  expect(job).toMatchObject({ status: 'queued', attempts: 1, last_error: 'boom' });
  expect(job.run_at.getTime()).toBeGreaterThan(Date.now());
  for (let i = 0; i < 2; i++) {
    await k.db.query(`update jobs set run_at = now() where name = 'test.flaky'`);
    await w.drain();
  }
  job = (
    await k.db.query<{ status: string; attempts: number; last_error: string; run_at: Date }>(
      `select status, attempts, last_error, run_at from jobs where name = 'test.flaky'`,
    )
  )[0];
  expect(job.status).toBe('failed');
  expect(calls).toBe(3);
  await w.stop();
});

it('a job enqueued in a rolled-back transaction never runs', async () => {
  await k.db
    .tx(async (q) => {
      await enqueue(q, 'test.record', { n: -1 });
      throw new Error('rollback');
    })
    .catch(() => undefined);
  expect((await k.db.query(`select 1 from jobs where payload->>'n' = '-1'`)).length).toBe(0);
});

it('a recurring job enqueues its next run while it runs, and only one copy waits', async () => {
  defineJob({
    name: 'test.recurring',
    async handler(_p, ctx) {
      await enqueue(ctx.db, 'test.recurring', {}, { runAt: new Date(Date.now() + 60_000), singletonKey: 'test.recurring' });
    },
  });
  await enqueue(k.db, 'test.recurring', {}, { singletonKey: 'test.recurring' });
  await enqueue(k.db, 'test.recurring', {}, { singletonKey: 'test.recurring' });
  const w = startWorker(k.db, { now: () => new Date(), log }, { pollMs: 10_000 });
  await w.drain();
  await w.stop();
  const rows = await k.db.query<{ status: string }>(`select status from jobs where name = 'test.recurring' order by id`);
  expect(rows.map((r) => r.status)).toEqual(['done', 'queued']);
});
