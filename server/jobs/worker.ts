import { hostname } from 'node:os';
import type { Db } from '../db/client.ts';
import { claimJobs, completeJob, failJob, type JobRow } from './queue.ts';
import { jobDefinition, type JobContext } from './registry.ts';

export interface Worker {
  stop(): Promise<void>;
  wake(): void;
  drain(): Promise<number>;
}

/** One in-process worker: claims due jobs, runs them, retries failures with backoff. */
/** `concurrency` runs that many of a claimed batch at once (PostgreSQL commits them in parallel; PGlite serializes anyway). */
export function startWorker(
  db: Db,
  ctx: Omit<JobContext, 'db'>,
  o: { pollMs?: number; batch?: number; concurrency?: number } = {},
): Worker {
  const id = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const pollMs = o.pollMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function runJob(job: JobRow) {
    const def = jobDefinition(job.name);
    try {
      if (!def) throw new Error(`No handler for job ${job.name}`);
      await def.handler(job.payload, { ...ctx, db });
      await completeJob(db, job.id);
    } catch (e) {
      ctx.log.error({ job: job.name, id: job.id, attempt: job.attempts, err: (e as Error).message }, 'job failed');
      await failJob(db, job, (e as Error).message ?? String(e));
    }
  }

  async function runOnce(): Promise<number> {
    const jobs = await claimJobs(db, id, o.batch ?? 20);
    let next = 0;
    const lanes = Math.min(Math.max(1, o.concurrency ?? 1), jobs.length);
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < jobs.length) await runJob(jobs[next++]);
      }),
    );
    return jobs.length;
  }

  function schedule(ms: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
  }

  async function tick() {
    if (stopped || running) return;
    let n = 0;
    running = runOnce().catch((e) => {
      ctx.log.error({ err: (e as Error).message }, 'job poll failed');
      return 0;
    });
    try {
      n = await running;
    } finally {
      running = null;
    }
    schedule(n > 0 ? 0 : pollMs);
  }

  schedule(50);
  return {
    wake: () => schedule(0),
    async drain() {
      let total = 0;
      for (;;) {
        const n = await runOnce();
        total += n;
        if (!n) return total;
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}
