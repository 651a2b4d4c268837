import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { t } from '../i18n/index.ts';
import { isAdmin } from '../modules/auth/principal.ts';
import { escalationCounts } from '../modules/sla/escalationCounts.ts';
import { bearerOf, requestLocale } from './auth.ts';
import { who, type AppContext } from './context.ts';
import type { LoadStats } from './loadShedding.ts';
import { errorResponse, fileResponse } from './responseSchemas.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** GET /metrics: also answers the `KEFU_METRICS_TOKEN` bearer secret (see installMetrics). */
    metrics?: boolean;
  }
}

/** Label of requests that matched no route (404s, malformed URLs): never the raw URL. */
export const UNMATCHED = '(unmatched)';
/** Failed jobs are counted with a scan of the jobs table (no index has them): at most once a minute. */
const FAILED_JOBS_TTL_MS = 60_000;

/**
 * Process-wide metrics (CPU, memory, event-loop lag, GC, handles) are one set per process, so one
 * registry for every app built in it; the app's own metrics live in a registry per app (tests build
 * several apps in one process). Created on the first scrape.
 */
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'kefu_' });
  }
  return processRegistry;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();
/** Constant-time: both sides are hashed to 32 bytes first, so neither length nor content leaks. */
export const sameSecret = (a: string, b: string) => timingSafeEqual(sha256(a), sha256(b));

const statusClass = (code: number) => `${Math.floor(code / 100)}xx`;

interface JobRow {
  name: string;
  ready: number;
  scheduled: number;
  running: number;
  retrying: number;
  oldest_s: number | null;
}

/**
 * `GET /metrics` in the Prometheus text format (docs/operations.md, Metrics): request counts and
 * latency by route pattern, in-flight requests, the job queue, mail, SLA escalations, the database
 * pool and the process. Readable by admins (session or API token) and by `Authorization: Bearer
 * <KEFU_METRICS_TOKEN>`; everyone else gets 401/403 in the one error shape.
 *
 * Access is decided from the matched route, like everywhere (server/http/auth.ts): `/%6Detrics`
 * reaches the same route and the same checks; `/metrics/` and `/METRICS` match no route. The
 * metrics token is not a person, so authentication (which would refuse it as an unknown API token)
 * cannot take it: a hook that runs before authentication answers a request carrying it, on this one
 * route only. Anything else on the route goes through authentication as usual, and the handler
 * requires an admin. Not counted against KEFU_MAX_PENDING (not an /api route).
 *
 * Must be installed before installAuth (hook order).
 */
export function installMetrics(app: FastifyInstance, ctx: AppContext, load: LoadStats) {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status_class'] as const;
  const requests = new Counter({
    name: 'kefu_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status class (2xx, 4xx, 5xx…)',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'kefu_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, by method, route pattern and status class',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    const labels = { method: req.method, route: req.routeOptions.url ?? UNMATCHED, status_class: statusClass(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });

  new Gauge({
    name: 'kefu_http_requests_in_flight',
    help: 'API requests being worked on now (those counted against KEFU_MAX_PENDING)',
    registers: [registry],
    collect() {
      this.set(load.inFlight());
    },
  });
  new Gauge({
    name: 'kefu_http_max_pending',
    help: 'KEFU_MAX_PENDING: API requests worked on at once before answering 503 (0: no bound)',
    registers: [registry],
    collect() {
      this.set(load.max);
    },
  });
  new Counter({
    name: 'kefu_http_requests_shed_total',
    help: 'Requests answered 503 at once because KEFU_MAX_PENDING requests were already in flight',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(load.shed());
    },
  });

  new Counter({
    name: 'kefu_sla_escalations_total',
    help: 'SLA warnings and breaches the escalation job recorded in this process, by type (warning, breach)',
    labelNames: ['type'],
    registers: [registry],
    collect() {
      const c = escalationCounts();
      this.reset();
      this.inc({ type: 'warning' }, c.warning);
      this.inc({ type: 'breach' }, c.breached);
    },
  });

  const dbGauges = databaseMetrics(registry, ctx.db);
  if (ctx.db.poolStats) {
    const pool = ctx.db.poolStats.bind(ctx.db);
    for (const [key, help] of [
      ['total', 'PostgreSQL connections open in the pool'],
      ['idle', 'PostgreSQL connections open and idle in the pool'],
      ['waiting', 'Queries waiting for a free PostgreSQL connection'],
      ['max', 'The size of the PostgreSQL pool'],
    ] as const)
      new Gauge({
        name: `kefu_db_pool_${key}`,
        help,
        registers: [registry],
        collect() {
          this.set(pool()[key]);
        },
      });
  }

  const scrape = async (reply: FastifyReply) => {
    await dbGauges.refresh();
    const text = (await registry.metrics()) + (await processMetrics().metrics());
    return reply.header('cache-control', 'no-store').type(registry.contentType).send(text);
  };

  const token = ctx.config.metricsToken;
  app.addHook('onRequest', async (req, reply) => {
    if (!token || req.routeOptions.config?.metrics !== true) return;
    const header = req.headers.authorization;
    const bearer = bearerOf(header) ?? '';
    if (bearer && sameSecret(bearer, token)) return scrape(reply);
  });

  app.get(
    '/metrics',
    {
      config: { metrics: true },
      schema: {
        tags: ['system'],
        summary: 'Metrics in the Prometheus text format (admins, or Authorization: Bearer <KEFU_METRICS_TOKEN>)',
        description: 'Metric names start with `kefu_`; see docs/operations.md, Metrics.',
        response: { 200: fileResponse('The Prometheus text format, version 0.0.4', 'text/plain'), '4xx': errorResponse },
      },
    },
    async (req: FastifyRequest, reply) => {
      if (!isAdmin(who(req))) throw new AppError('forbidden', t(requestLocale(req), 'http.metrics_admin_only'));
      return scrape(reply);
    },
  );
}

/**
 * Gauges read from the database, refreshed once per scrape (before the registry is read, so a
 * failed query leaves `kefu_db_up 0` and the rest of the answer intact). Each query stays cheap on
 * millions of rows: the queue reads only queued and running jobs (the partial index
 * jobs_claim_idx; done jobs are not touched); mail is counted over the last 24 h through the
 * created_at indexes; failed jobs, which no index covers, are counted at most once a minute.
 */
function databaseMetrics(registry: Registry, db: Db) {
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });
  const up = gauge('kefu_db_up', 'Whether the last scrape could read the database (1) or not (0)');
  const queued = gauge('kefu_jobs_queued', 'Jobs due now and waiting for a worker (queue depth), by kind', ['kind']);
  const scheduled = gauge('kefu_jobs_scheduled', 'Jobs queued to run later (recurring tasks, retries in backoff), by kind', ['kind']);
  const running = gauge('kefu_jobs_running', 'Jobs a worker holds now, by kind', ['kind']);
  const retrying = gauge('kefu_jobs_retrying', 'Queued jobs that already failed at least once and wait for a retry, by kind', ['kind']);
  const oldest = gauge('kefu_jobs_oldest_queued_age_seconds', 'How long the oldest job due now has waited past its run time, by kind', [
    'kind',
  ]);
  const failed = gauge('kefu_jobs_failed', 'Jobs that failed for good (all attempts used), by kind; counted at most once a minute', [
    'kind',
  ]);
  const outbound = gauge('kefu_mail_outbound_last_24h', 'Outgoing mail created in the last 24 hours, by status', ['status']);
  const inbound = gauge('kefu_mail_inbound_last_24h', 'Incoming mail received in the last 24 hours, by status and outcome', [
    'status',
    'outcome',
  ]);

  const hooks = gauge('kefu_webhook_deliveries_last_24h', 'Webhook deliveries created in the last 24 hours, by status', ['status']);

  const all = [queued, scheduled, running, retrying, oldest, failed, outbound, inbound, hooks];
  let failedAt = 0;
  let failedRows: Array<{ name: string; n: number }> = [];
  let running$: Promise<void> | null = null;

  async function read() {
    const jobs = await db.query<JobRow>(
      `select name,
              count(*) filter (where status = 'queued' and run_at <= now())::int as ready,
              count(*) filter (where status = 'queued' and run_at > now())::int as scheduled,
              count(*) filter (where status = 'running')::int as running,
              count(*) filter (where status = 'queued' and attempts > 0)::int as retrying,
              extract(epoch from now() - min(run_at) filter (where status = 'queued' and run_at <= now()))::float8 as oldest_s
         from jobs where status in ('queued', 'running') group by name`,
    );
    if (Date.now() - failedAt > FAILED_JOBS_TTL_MS) {
      failedRows = await db.query(`select name, count(*)::int as n from jobs where status = 'failed' group by name`);
      failedAt = Date.now();
    }
    const out = await db.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from outbound_emails where created_at > now() - interval '24 hours' group by status`,
    );
    const inb = await db.query<{ status: string; outcome: string | null; n: number }>(
      `select status, outcome, count(*)::int as n from inbound_emails where created_at > now() - interval '24 hours' group by status, outcome`,
    );
    const wh = await db.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from webhook_deliveries where created_at > now() - interval '24 hours' group by status`,
    );
    for (const g of all) g.reset();
    for (const r of jobs) {
      queued.set({ kind: r.name }, r.ready);
      scheduled.set({ kind: r.name }, r.scheduled);
      running.set({ kind: r.name }, r.running);
      retrying.set({ kind: r.name }, r.retrying);
      oldest.set({ kind: r.name }, Math.max(0, Number(r.oldest_s ?? 0)));
    }
    for (const r of failedRows) failed.set({ kind: r.name }, r.n);
    for (const r of out) outbound.set({ status: r.status }, r.n);
    for (const r of inb) inbound.set({ status: r.status, outcome: r.outcome ?? 'none' }, r.n);
    for (const r of wh) hooks.set({ status: r.status }, r.n);
  }

  return {
    /** Concurrent scrapes share one read. */
    async refresh() {
      running$ ??= read()
        .then(() => void up.set(1))
        .catch(() => {
          // Drop the figures of the last good read rather than show them as current.
          for (const g of all) g.reset();
          up.set(0);
        })
        .finally(() => (running$ = null));
      await running$;
    },
  };
}
