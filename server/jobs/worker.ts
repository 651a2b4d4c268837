import { hostname } from 'node:os';
import type { Db } from '../db/client.ts';
import { claimJobs, extendLease, failJob, type JobRow } from './queue.ts';
import { jobDefinition, type JobContext } from './registry.ts';

export interface Worker {
  stop(): Promise<void>;
  wake(): void;
  drain(): Promise<number>;
}

export interface WorkerOptions {
  pollMs?: number;
  /** Jobs run at once (PostgreSQL commits them in parallel; PGlite serializes anyway). */
  concurrency?: number;
  /** How long a claimed job is ours without a heartbeat; the heartbeat renews it every third of that. */
  leaseSeconds?: number;
}

/**
 * One in-process worker: `concurrency` lanes, a claim filling the free ones with due jobs,
 * retrying failures with backoff. A worker claims only what it runs now and renews the lease of
 * every running job, so another instance takes a job over only when its worker died or stalled past
 * the lease (docs/ARCHITECTURE.md, Jobs).
 */
export function startWorker(db: Db, ctx: Omit<JobContext, 'db'>, o: WorkerOptions = {}): Worker {
  const id = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const pollMs = o.pollMs ?? 1000;
  const leaseSeconds = Math.max(1, Math.round(o.leaseSeconds ?? 60));
  const lanes = Math.max(1, o.concurrency ?? 1);
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  /** Jobs that ran to the end and are not yet marked done. */
  const finished: number[] = [];

  async function runJob(job: JobRow) {
    const def = jobDefinition(job.name);
    // One renewal at a time, and the job is marked done or failed only after the last one answered:
    // a renewal still on its way when the done-marking ran first would find the job no longer
    // running and report a lease lost that was not.
    let beating: Promise<void> | null = null;
    const beat = setInterval(
      () => {
        if (beating) return;
        beating = extendLease(db, job.id, id, leaseSeconds)
          .then(
            (held) => {
              if (!held) ctx.log.error({ job: job.name, id: job.id }, 'job lease lost: another worker took the job over');
            },
            (e) => ctx.log.error({ job: job.name, id: job.id, err: (e as Error).message }, 'job heartbeat failed'),
          )
          .finally(() => (beating = null));
      },
      (leaseSeconds * 1000) / 3,
    );
    beat.unref();
    const stopBeat = async () => {
      clearInterval(beat);
      if (beating) await beating;
    };
    try {
      if (!def) throw new Error(`No handler for job ${job.name}`);
      await def.handler(job.payload, { ...ctx, db, owner: id, attempt: job.attempts, maxAttempts: job.max_attempts });
      await stopBeat();
      // Marked done by the next claim, in the same statement (claimJobs), at once.
      finished.push(job.id);
    } catch (e) {
      await stopBeat();
      ctx.log.error({ job: job.name, id: job.id, attempt: job.attempts, err: (e as Error).message }, 'job failed');
      await failJob(db, job, (e as Error).message ?? String(e), id);
    }
  }

  /**
   * Runs due jobs until none is left. One statement claims a job for every free lane (never more:
   * a worker claims only what it runs now) and marks the finished ones done, again each time a
   * lane frees up. Lanes do not claim one by one: a wake-up with two due jobs costs one claim, not
   * one per lane.
   */
  async function runOnce(): Promise<number> {
    let done = 0;
    const active = new Set<Promise<void>>();
    try {
      for (;;) {
        const free = stopped ? 0 : lanes - active.size;
        const doneIds = finished.splice(0);
        const jobs = free > 0 || doneIds.length ? await claimJobs(db, id, free, leaseSeconds, doneIds) : [];
        for (const job of jobs) {
          const p: Promise<void> = runJob(job)
            .then(() => void done++)
            .catch((e) => ctx.log.error({ job: job.name, id: job.id, err: (e as Error).message }, 'job bookkeeping failed'))
            .finally(() => active.delete(p));
          active.add(p);
        }
        // A job that finished while the claim was on its way is marked done by the next claim, at once:
        // waiting for another lane first could outlast its lease (its heartbeat stopped with it).
        if (finished.length) continue;
        if (!active.size) return done;
        await Promise.race(active);
      }
    } finally {
      // A failed claim (the database went away) still lets the running jobs finish before the next poll.
      await Promise.allSettled(active);
    }
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
