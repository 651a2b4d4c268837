import type { Queryable } from '../db/client.ts';

export interface JobRow {
  id: number;
  name: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

export interface EnqueueOptions {
  runAt?: Date;
  singletonKey?: string;
  maxAttempts?: number;
}

/** Enqueue inside the caller's transaction: the job exists only if the change committed. */
export async function enqueue(q: Queryable, name: string, payload: unknown, o: EnqueueOptions = {}): Promise<void> {
  await q.query(
    `insert into jobs (name, payload, run_at, singleton_key, max_attempts) values ($1, $2, coalesce($3, now()), $4, $5)
     on conflict (singleton_key) where status = 'queued' do nothing`,
    [name, JSON.stringify(payload ?? {}), o.runAt ?? null, o.singletonKey ?? null, o.maxAttempts ?? 8],
  );
}

/**
 * Claims up to `limit` due jobs with one statement. SKIP LOCKED keeps several instances from
 * taking the same job; the lease (locked_until) lets another instance retry a job whose worker died.
 * `complete` marks this worker's finished jobs done in the same statement, only while `worker` still
 * owns them (a worker that lost its lease changes nothing): a lane that finishes one job and takes
 * the next costs one round trip, not two.
 */
export async function claimJobs(
  q: Queryable,
  worker: string,
  limit: number,
  leaseSeconds = 60,
  complete: number[] = [],
): Promise<JobRow[]> {
  return q.query<JobRow>(
    `with done as (
       update jobs set status = 'done', finished_at = now(), locked_until = null, singleton_key = null
        where id = any($4::bigint[]) and locked_by = $1)
     update jobs set status = 'running', attempts = attempts + 1, locked_by = $1, locked_until = now() + make_interval(secs => $3::int)
      where id in (
        select id from jobs
         where run_at <= now() and (status = 'queued' or (status = 'running' and locked_until < now())) and id <> all($4::bigint[])
         order by run_at, id limit $2 for update skip locked)
      returning id, name, payload, attempts, max_attempts`,
    [worker, limit, leaseSeconds, complete],
    { prepare: true },
  );
}

/**
 * Extends a running job's lease while its worker still owns it (the heartbeat of a long job). False when
 * the lease was lost: another worker took the job over after it expired.
 */
export async function extendLease(q: Queryable, id: number, worker: string, leaseSeconds: number): Promise<boolean> {
  const rows = await q.query(
    `update jobs set locked_until = now() + make_interval(secs => $3::int) where id = $1 and locked_by = $2 and status = 'running' returning id`,
    [id, worker, leaseSeconds],
    { prepare: true },
  );
  return rows.length > 0;
}

/**
 * Exponential backoff: 2^attempts seconds (capped at 1 h), then failed for good. A retried job gives
 * up its singleton key: the next scheduled copy may already be queued.
 */
export async function failJob(q: Queryable, job: JobRow, error: string, worker?: string): Promise<void> {
  const final = job.attempts >= job.max_attempts;
  const delay = Math.min(3600, 2 ** job.attempts);
  await q.query(
    `update jobs set status = $2, last_error = $3, locked_until = null, run_at = now() + make_interval(secs => $4::int),
       finished_at = case when $2 = 'failed' then now() end, singleton_key = null
     where id = $1 and ($5::text is null or locked_by = $5)`,
    [job.id, final ? 'failed' : 'queued', error.slice(0, 2000), delay, worker ?? null],
  );
}

export async function nextRunAt(q: Queryable): Promise<Date | null> {
  const rows = await q.query<{ run_at: Date }>(`select run_at from jobs where status = 'queued' order by run_at, id limit 1`);
  return rows[0]?.run_at ?? null;
}
