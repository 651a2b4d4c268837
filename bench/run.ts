/**
 * Kefu benchmark: `npm run bench -- [--tickets N | --million] [--only pglite|pg] [--pg-url URL]
 * [--parts reads,create,sockets,reports] [--sockets N]` (KEFU_BENCH_SCALE, KEFU_BENCH_BASELINE: see --help).
 *
 * For each engine (PGlite in a temporary data dir; PostgreSQL in a database this script creates
 * and drops): seed N tickets straight into SQL, start the real server as a child process, and
 * measure queue pages, search and ticket creation over HTTP with an API token (creation also
 * against a recorded baseline); then, on a restarted server, idle live WebSockets and event fan-out
 * (bench/socketsBench.ts); then the business calendar's due() throughput (bench/calendarBench.ts,
 * when present). Figures are printed against the targets; a missed target is reported, not fatal.
 * See docs/BENCHMARKS.md.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDb, type Db } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { clientCost, fetchClient, nodeHttpClient, runLoad, percentile, type Client, type LoadResult, type Req } from './http.ts';
import { rng, seed, SEARCH_TERMS, ticketText, type SeedResult } from './seed.ts';
import { reportsPart, seedReportData } from './reportsBench.ts';
import { cpuMeter, killAllSync, startServer, type Cpu, type ServerHandle } from './serverProcess.ts';
import { runSocketsBench, type Mem } from './socketsBench.ts';
import { EMAIL_TARGET_PER_SECOND, runEmailBench } from './emailBench.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_EMAIL = 'admin@kefu-bench.test';
const ADMIN_PASSWORD = 'bench-Passw0rd-kefu';

// Request counts (bounded loops everywhere). KEFU_BENCH_SCALE (default 1) multiplies them, e.g. 0.2
// for a quick look; the figures in docs/BENCHMARKS.md are at 1.
const SCALE = (() => {
  const v = Number(process.env.KEFU_BENCH_SCALE ?? '1');
  if (!Number.isFinite(v) || v <= 0 || v > 10) {
    console.error('KEFU_BENCH_SCALE must be a number in (0, 10]');
    process.exit(2);
  }
  return v;
})();
const scaled = (n: number, min = 10) => Math.max(min, Math.round(n * SCALE));
const CREATE_C1 = scaled(500);
const CREATE_WARMUP = scaled(200);
const CREATE_C32 = scaled(3000, 100); // 5,000 until 2026-12-03 (run time); a steady rate either way
const READ_WARMUP = scaled(30);
const QUEUE_REQUESTS = scaled(300);
const QUEUE_WALKS = scaled(20, 2);
const QUEUE_WALK_PAGES = 5;
const STATUS_REQUESTS = scaled(300);
const SEARCH_REQUESTS = scaled(300);
const REPORT_REQUESTS = scaled(30);
const VIEWS_REQUESTS = scaled(300);
// Live sockets (bench/socketsBench.ts): replies timed for the fan-out, creations while all listen.
const FANOUT_ROUNDS = scaled(20, 3);
const CREATE_WITH_SOCKETS = scaled(300, 50);
const LIVE_HEARTBEAT_MS = 25_000; // DEFAULT_LIVE_OPTIONS.heartbeatMs in server/channels/live/gateway.ts

/**
 * Creation throughput recorded in docs/BENCHMARKS.md before the ticket_events trigger and the live
 * endpoint (e4555c8): "Results of 2026-11-22", 100,000 tickets, commit 64bf80b, on a 2-core AMD EPYC
 * machine. A baseline applies to the same ticket count and machine only: on another machine, measure
 * the commit before the trigger with this harness and pass it as KEFU_BENCH_BASELINE (see the doc).
 */
const BASELINE = (() => {
  const b = { label: '2026-11-22 in docs/BENCHMARKS.md', tickets: 100_000, pglite: { c1: 57, c32: 72 }, pg: { c1: 121, c32: 354 } };
  // KEFU_BENCH_BASELINE="pglite:57/72,pg:121/354" (req/s at c=1 / c=32, 100,000 tickets): a baseline
  // measured on this machine, e.g. the commit before the trigger run with this harness (docs/BENCHMARKS.md).
  const env = process.env.KEFU_BENCH_BASELINE;
  if (env) {
    for (const part of env.split(',')) {
      const m = /^\s*(pglite|pg):(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)\s*$/.exec(part);
      if (!m) {
        console.error('KEFU_BENCH_BASELINE must look like "pglite:57/72,pg:121/354" (c=1/c=32 req/s)');
        process.exit(2);
      }
      b[m[1] as 'pglite' | 'pg'] = { c1: Number(m[2]), c32: Number(m[3]) };
    }
    b.label = `KEFU_BENCH_BASELINE (${env})`;
  }
  return b;
})();

// Targets from the spec (they apply to PostgreSQL at 1,000,000 tickets).
const TARGET = { queueP99Ms: 25, searchP99Ms: 200, createC32Rps: 1200, calendarCallsPerSecond: 1_000_000 };
/** The embedded database's own targets (issue 16): creation at c=32, and the server's memory when idle after start. */
const PGLITE_TARGET = { createC32Rps: 150, idleRssMb: 250 };
const createTarget = (engine: 'pglite' | 'pg') => (engine === 'pglite' ? PGLITE_TARGET.createC32Rps : TARGET.createC32Rps);

type Engine = 'pglite' | 'pg';

interface Row {
  metric: string;
  value: string;
  target?: string;
  ok?: boolean | null;
}
interface EngineResult {
  engine: Engine;
  label: string;
  tickets: number;
  rows: Row[];
  createC1?: LoadResult;
  createC32?: LoadResult;
  queue?: LoadResult;
  queueDeep?: LoadResult;
  status?: LoadResult;
  search?: LoadResult;
  /** The console: GET /views (every view's count in one call), a view's first page, header search (GET /search). */
  views?: LoadResult;
  limitedViews?: LoadResult;
  viewPage?: LoadResult;
  consoleSearch?: LoadResult;
  non2xx: number;
  rssMb: number | null;
  idleRssMb?: number | null;
  /** Mail intake (`--parts mail`, bench/emailBench.ts): mails per second from SMTP to a ticket in the API. */
  mailPerSecond?: number;
}

// ---------------------------------------------------------------------------------------------
// Arguments

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string' },
    million: { type: 'boolean', default: false },
    years: { type: 'string' },
    only: { type: 'string' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/kefu_bench' },
    client: { type: 'string' },
    'keep-db': { type: 'boolean', default: false },
    'reuse-db': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    sockets: { type: 'string' },
    parts: { type: 'string', default: 'reads,create,sockets,reports,mail' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (args.help) {
  console.log(`npm run bench -- [--tickets N] [--million] [--only pglite|pg] [--pg-url URL] [--client http|fetch] [--keep-db]
  --tickets N   tickets to seed (default 100000); --million = 1000000
  --only        run one engine (default: both)
  --pg-url      PostgreSQL database to create, use and drop (default postgres://postgres@127.0.0.1:5432/kefu_bench)
  --client      HTTP client for the load (default: whichever costs less client CPU, measured first)
  --keep-db     leave the PostgreSQL database in place afterwards (to look at query plans with psql)
  --reuse-db    measure a database a run with --keep-db left (PostgreSQL only, implies --keep-db): no seeding,
                so ten million tickets are seeded once and measured again on a quiet machine
  --cpu-prof DIR  run the HTTP server with node --cpu-prof into DIR (read it with npx tsx bench/cpuProfileTop.ts FILE)
  --sockets N   idle live WebSockets to open (default 1000, or KEFU_BENCH_SOCKETS; 0 skips that part)
  --parts LIST  comma-separated: reads, create, sockets, reports, mail (default all five); e.g. --parts create
  --years N     the seeded tickets' created_at spans N years up to now (default 3); --years 1 puts them all in the reports' year
  KEFU_BENCH_SCALE=0.2  multiplies every request count (default 1; the documented figures use 1)
  KEFU_BENCH_BASELINE="pglite:60/112,pg:67/280"  creation baseline, req/s at c=1/c=32 (default: docs/BENCHMARKS.md, 2026-11-22)`);
  process.exit(0);
}
const YEARS = args.years ? Number(args.years) : 3;
if (!(YEARS > 0 && YEARS <= 20)) {
  console.error('--years must be a number of years between 0 and 20');
  process.exit(2);
}
const N = args.million ? 1_000_000 : args.tickets ? Number(args.tickets.replace(/[_,]/g, '')) : 100_000;
if (!Number.isInteger(N) || N < 1000 || N > 20_000_000) {
  console.error('--tickets must be an integer between 1000 and 20000000');
  process.exit(2);
}
if (args.only && args.only !== 'pglite' && args.only !== 'pg') {
  console.error('--only must be pglite or pg');
  process.exit(2);
}
if (args.client && args.client !== 'http' && args.client !== 'fetch') {
  console.error('--client must be http or fetch');
  process.exit(2);
}
if (args['reuse-db'] && args.only !== 'pg') {
  console.error('--reuse-db needs --only pg (an embedded data directory lives only as long as its run)');
  process.exit(2);
}
if (args['reuse-db']) args['keep-db'] = true;
const engines: Engine[] = args.only ? [args.only as Engine] : ['pglite', 'pg'];
const pgUrl = args['pg-url']!;
const SOCKETS = Number(args.sockets ?? process.env.KEFU_BENCH_SOCKETS ?? '1000');
if (!Number.isInteger(SOCKETS) || SOCKETS < 0 || SOCKETS > 10_000) {
  console.error('--sockets must be an integer between 0 and 10000');
  process.exit(2);
}
const PARTS = new Set(
  args
    .parts!.split(',')
    .map((p) => p.trim())
    .filter(Boolean),
);
for (const p of PARTS)
  if (!['reads', 'create', 'sockets', 'reports', 'mail'].includes(p)) {
    console.error(`--parts: unknown part "${p}" (reads, create, sockets, reports, mail)`);
    process.exit(2);
  }
if (SOCKETS === 0) PARTS.delete('sockets');

// ---------------------------------------------------------------------------------------------
// Formatting

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n)} ms` : 'n/a');
const pct = (r: LoadResult) => `${ms(r.p50)} / ${ms(r.p99)}`;
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

function table(title: string, rows: Row[], note?: string): string {
  const head: Row = { metric: 'metric', value: 'value', target: 'target' };
  const okText = (r: Row) => (r === head ? 'ok?' : r.ok == null ? '' : r.ok ? 'yes' : 'NO');
  const w = [
    Math.max(...[head, ...rows].map((r) => r.metric.length)),
    Math.max(...[head, ...rows].map((r) => r.value.length)),
    Math.max(...[head, ...rows].map((r) => (r.target ?? '').length)),
  ];
  const line = (r: Row) =>
    `${r.metric.padEnd(w[0])} | ${r.value.padStart(w[1])} | ${(r.target ?? '').padEnd(w[2])} | ${okText(r)}`.trimEnd();
  const rule = `${'-'.repeat(w[0])}-+-${'-'.repeat(w[1])}-+-${'-'.repeat(w[2])}-+-----`;
  return [``, `== ${title} ==`, line(head), rule, ...rows.map(line), ...(note ? [note] : [])].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Databases

async function maintenance<T>(url: string, fn: (c: import('pg').Client) => Promise<T>): Promise<T> {
  const pg = (await import('pg')).default;
  const u = new URL(url);
  u.pathname = '/postgres';
  const c = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: 5_000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function dbName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`--pg-url: the database name "${name}" must be a plain lower-case identifier`);
  if (name === 'postgres' || name === 'template0' || name === 'template1')
    throw new Error(`--pg-url: refusing to use the "${name}" database`);
  return name;
}

async function recreatePgDatabase(url: string): Promise<string> {
  const name = dbName(url);
  return maintenance(url, async (c) => {
    const version = (
      await c.query<{ server_version_num: string; server_version: string }>(
        `select current_setting('server_version_num') as server_version_num, current_setting('server_version') as server_version`,
      )
    ).rows[0];
    const force = Number(version.server_version_num) >= 130000 ? ' with (force)' : '';
    await c.query(`drop database if exists "${name}"${force}`);
    await c.query(`create database "${name}"`);
    return version.server_version.split(' ')[0];
  });
}

async function pgVersion(url: string): Promise<string> {
  return maintenance(url, async (c) => {
    const v = (await c.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0].v;
    const exists = await c.query(`select 1 from pg_database where datname = $1`, [dbName(url)]);
    if (!exists.rowCount) throw new Error(`--reuse-db: the database ${dbName(url)} does not exist (seed it once with --keep-db)`);
    return v.split(' ')[0];
  });
}

/** --reuse-db: what `seed` returned, read back from a database an earlier run seeded and kept. */
async function seededBefore(db: Db): Promise<SeedResult> {
  const people = await db.query<{ id: number; role: string }>(
    `select id, role from people where role in ('customer', 'agent') order by id`,
  );
  const customerIds = people.filter((p) => p.role === 'customer').map((p) => Number(p.id));
  const agentIds = people.filter((p) => p.role === 'agent').map((p) => Number(p.id));
  const [n] = await db.query<{ tickets: number; organizations: number }>(
    `select (select count(*) from tickets)::int as tickets, (select count(*) from organizations)::int as organizations`,
  );
  if (n.tickets < N) throw new Error(`--reuse-db: the database holds ${n.tickets} tickets, fewer than --tickets ${N}`);
  return {
    organizations: n.organizations,
    customers: customerIds.length,
    agents: agentIds.length,
    tickets: n.tickets,
    messages: 0,
    events: 0,
    seconds: 0,
    ticketsPerSecond: 0,
    rowsPerSecond: 0,
    analyzeSeconds: 0,
    customerIds,
    agentIds,
  };
}

async function dropPgDatabase(url: string) {
  const name = dbName(url);
  await maintenance(url, async (c) => {
    const force = Number((await c.query(`select current_setting('server_version_num') as v`)).rows[0].v) >= 130000 ? ' with (force)' : '';
    await c.query(`drop database if exists "${name}"${force}`);
  });
}

async function relationSizes(db: Db): Promise<{ tickets: number; total: number }> {
  const r = await db.query<{ tickets: number; total: number }>(
    `select pg_total_relation_size('tickets')::bigint as tickets, (select sum(pg_total_relation_size(c.oid)) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r')::bigint as total`,
  );
  return { tickets: Number(r[0].tickets), total: Number(r[0].total) };
}

// ---------------------------------------------------------------------------------------------
// One engine

let chosenClient: 'http' | 'fetch' | null = (args.client as 'http' | 'fetch' | undefined) ?? null;
const clientReport: Row[] = [];

async function chooseClient(url: string, token: string): Promise<void> {
  if (chosenClient) return;
  const auth = { authorization: `Bearer ${token}` };
  const loads: Array<{ name: string; o: { requests: number; concurrency: number; make: (i: number) => Req } }> = [
    { name: 'GET /health ×3000, c=8', o: { requests: 3000, concurrency: 8, make: () => ({ method: 'GET', path: '/api/v1/health' }) } },
    {
      name: 'GET /tickets?status=open&limit=25 ×300, c=4',
      o: { requests: 300, concurrency: 4, make: () => ({ method: 'GET', path: '/api/v1/tickets?status=open&limit=25' }) },
    },
  ];
  const totals: Record<string, number> = { http: 0, fetch: 0 };
  for (const { name, o } of loads) {
    for (const make of [() => nodeHttpClient(url, auth), () => fetchClient(url, auth)]) {
      const c = make();
      await runLoad(c, { ...o, requests: Math.min(300, o.requests) }); // warm-up
      const r = await clientCost(c, o);
      await c.close();
      totals[c.name] += r.cpuUsPerRequest;
      clientReport.push({ metric: `${c.name.padEnd(5)} ${name}`, value: `${r.cpuUsPerRequest.toFixed(0)} µs CPU/req` });
    }
  }
  chosenClient = totals.http <= totals.fetch ? 'http' : 'fetch';
  clientReport.push({ metric: 'chosen client', value: chosenClient === 'http' ? 'node:http (keep-alive Agent)' : 'fetch (undici)' });
}

/**
 * Signs in as the admin and answers a function that makes API tokens (for the admin, or for `personId`):
 * tokens are made from a signed-in session only (docs/security.md).
 */
async function tokenMaker(
  url: string,
  as: { email: string; password: string } = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
): Promise<{ make: (name: string, personId?: number) => Promise<string>; close: () => Promise<void> }> {
  const c = nodeHttpClient(url);
  const login = await c.request({ method: 'POST', path: '/api/v1/auth/login', body: as });
  if (login.status !== 200) {
    await c.close();
    throw new Error(`sign-in failed: ${login.status} ${login.body}`);
  }
  const setCookie = login.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie : [setCookie ?? '']).map((s) => s.split(';')[0]).join('; ');
  return {
    async make(name, personId) {
      const body = personId == null ? { name } : { name, person_id: personId };
      const tok = await c.request({ method: 'POST', path: '/api/v1/tokens', body, headers: { cookie, origin: url } }); // a cookie needs the desk's own Origin
      if (tok.status !== 201) throw new Error(`token creation failed: ${tok.status} ${tok.body}`);
      return (JSON.parse(tok.body) as { token: string }).token;
    },
    close: () => c.close(),
  };
}

async function signIn(url: string, as?: { email: string; password: string }): Promise<string> {
  const m = await tokenMaker(url, as);
  try {
    return await m.make('bench');
  } finally {
    await m.close();
  }
}

/** A new agent in the desk's first group, limited to its tickets (ticket_access 'groups'), signed in with a token. */
async function limitedAgent(admin: Client, url: string): Promise<Client> {
  const json = async (req: Req) => {
    const r = await admin.request(req);
    if (r.status >= 300) throw new Error(`${req.method} ${req.path}: ${r.status} ${r.body.slice(0, 200)}`);
    return JSON.parse(r.body);
  };
  const email = `limited-${Date.now()}@kefu-bench.test`;
  const password = 'bench-Limited-1234';
  const person = await json({ method: 'POST', path: '/api/v1/people', body: { name: 'Limited Agent', email, role: 'agent', password } });
  await json({ method: 'PATCH', path: `/api/v1/people/${person.id}`, body: { ticket_access: 'groups' } });
  const group = (await json({ method: 'GET', path: '/api/v1/groups?limit=1' })).data[0];
  await json({ method: 'PATCH', path: `/api/v1/groups/${group.id}`, body: { member_ids: [...group.member_ids, person.id] } });
  const token = await signIn(url, { email, password });
  const auth = { authorization: `Bearer ${token}` };
  return chosenClient === 'fetch' ? fetchClient(url, auth) : nodeHttpClient(url, auth);
}

const cpuText = (c: Cpu, engine: Engine) =>
  engine === 'pg'
    ? `${c.server.toFixed(2)} + ${c.pg.toFixed(2)} + ${c.client.toFixed(2)} ms`
    : `${c.server.toFixed(2)} + ${c.client.toFixed(2)} ms`;
/** Throughput the measured CPU cost allows on this many otherwise idle cores. */
const cpuBound = (c: Cpu, cores: number) => `${int((cores * 1000) / (c.server + c.pg + c.client))} req/s`;

async function measure(server: ServerHandle, s: SeedResult, res: EngineResult): Promise<void> {
  const token = await signIn(server.url);
  await chooseClient(server.url, token);
  const auth = { authorization: `Bearer ${token}` };
  const client: Client = chosenClient === 'fetch' ? fetchClient(server.url, auth) : nodeHttpClient(server.url, auth);
  const count = (r: LoadResult) => {
    res.non2xx += r.non2xx + r.errors;
    if (r.firstFailure) log(`non-2xx: ${r.firstFailure}`);
    return r;
  };
  try {
    const pgDb = res.engine === 'pg' ? dbName(pgUrl) : null;
    const cpu: Record<string, Cpu> = {};
    let meter = cpuMeter(server, pgDb);
    const byKind = new Map<string, number[]>();
    const byTerm = new Map<string, number[]>();
    // Reads first, on the data as seeded.
    if (PARTS.has('reads')) {
      const terms = Object.entries(SEARCH_TERMS).flatMap(([kind, qs]) => qs.map((q) => ({ kind, q })));
      const searchPath = (i: number) => `/api/v1/tickets?q=${encodeURIComponent(terms[i % terms.length].q)}&limit=25`;
      log('reads: warm-up');
      count(
        await runLoad(client, {
          requests: READ_WARMUP,
          concurrency: 1,
          make: () => ({ method: 'GET', path: '/api/v1/tickets?sort=queue&limit=25' }),
        }),
      );
      count(
        await runLoad(client, {
          requests: READ_WARMUP,
          concurrency: 1,
          make: () => ({ method: 'GET', path: '/api/v1/tickets?status=open&limit=25' }),
        }),
      );
      count(await runLoad(client, { requests: terms.length, concurrency: 1, make: (i) => ({ method: 'GET', path: searchPath(i) }) }));

      log(`queue: ${QUEUE_REQUESTS} first pages, ${QUEUE_WALKS} walks of ${QUEUE_WALK_PAGES} pages`);
      meter = cpuMeter(server, pgDb);
      res.queue = count(
        await runLoad(client, {
          requests: QUEUE_REQUESTS,
          concurrency: 1,
          make: () => ({ method: 'GET', path: '/api/v1/tickets?sort=queue&limit=25' }),
        }),
      );
      // Deeper pages: follow next_cursor. Each walk is sequential; pages 2…N are measured.
      cpu.queue = meter(QUEUE_REQUESTS);
      const deep: number[] = [];
      let deepBad = 0;
      for (let w = 0; w < QUEUE_WALKS; w++) {
        let cursor: string | null = null;
        for (let p = 0; p < QUEUE_WALK_PAGES; p++) {
          const path = `/api/v1/tickets?sort=queue&limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const t = performance.now();
          const r = await client.request({ method: 'GET', path });
          const took = performance.now() - t;
          if (r.status !== 200) {
            deepBad++;
            log(`non-2xx: GET ${path} → ${r.status} ${r.body.slice(0, 200)}`);
            break;
          }
          if (p > 0) deep.push(took);
          cursor = (JSON.parse(r.body) as { next_cursor: string | null }).next_cursor;
          if (!cursor) break;
        }
      }
      res.non2xx += deepBad;
      const deepSorted = Float64Array.from(deep).sort();
      res.queueDeep = {
        ...res.queue,
        requests: deep.length,
        p50: percentile(deepSorted, 50),
        p99: percentile(deepSorted, 99),
        latencies: deepSorted,
      };

      log(`status=open: ${STATUS_REQUESTS} requests`);
      res.status = count(
        await runLoad(client, {
          requests: STATUS_REQUESTS,
          concurrency: 1,
          make: () => ({ method: 'GET', path: '/api/v1/tickets?status=open&limit=25' }),
        }),
      );

      log(`search: ${SEARCH_REQUESTS} requests over ${terms.length} terms`);
      meter = cpuMeter(server, pgDb);
      res.search = count(
        await runLoad(client, { requests: SEARCH_REQUESTS, concurrency: 1, make: (i) => ({ method: 'GET', path: searchPath(i) }) }),
      );
      cpu.search = meter(SEARCH_REQUESTS);
      res.search.latencies.forEach((l, i) => {
        const t = terms[i % terms.length];
        if (!byKind.has(t.kind)) byKind.set(t.kind, []);
        byKind.get(t.kind)!.push(l);
        if (!byTerm.has(t.q)) byTerm.set(t.q, []);
        byTerm.get(t.q)!.push(l);
      });

      // The console: the sidebar's counts (all built-in views, one statement, each capped at 1,000),
      // a view's first page, and the header search (tickets with snippets, people, organizations).
      log(`console: ${VIEWS_REQUESTS} × GET /views, GET /views/open/tickets, GET /search`);
      count(await runLoad(client, { requests: READ_WARMUP, concurrency: 1, make: () => ({ method: 'GET', path: '/api/v1/views' }) }));
      meter = cpuMeter(server, pgDb);
      res.views = count(
        await runLoad(client, { requests: VIEWS_REQUESTS, concurrency: 1, make: () => ({ method: 'GET', path: '/api/v1/views' }) }),
      );
      cpu.views = meter(VIEWS_REQUESTS);
      // The same counts for an agent limited to one group (docs/access.md): the limit is one more condition.
      const limited = await limitedAgent(client, server.url);
      res.limitedViews = count(
        await runLoad(limited, { requests: VIEWS_REQUESTS, concurrency: 1, make: () => ({ method: 'GET', path: '/api/v1/views' }) }),
      );
      await limited.close();
      res.viewPage = count(
        await runLoad(client, {
          requests: VIEWS_REQUESTS,
          concurrency: 1,
          make: () => ({ method: 'GET', path: '/api/v1/views/open/tickets?limit=25' }),
        }),
      );
      const consolePath = (i: number) => `/api/v1/search?q=${encodeURIComponent(terms[i % terms.length].q)}&limit=25`;
      count(await runLoad(client, { requests: terms.length, concurrency: 1, make: (i) => ({ method: 'GET', path: consolePath(i) }) }));
      meter = cpuMeter(server, pgDb);
      res.consoleSearch = count(
        await runLoad(client, { requests: SEARCH_REQUESTS, concurrency: 1, make: (i) => ({ method: 'GET', path: consolePath(i) }) }),
      );
      cpu.consoleSearch = meter(SEARCH_REQUESTS);
    }

    // Creation: mixed-language tickets for seeded customers.
    const r = rng(7);
    const prios = ['P1', 'P2', 'P3', 'P3', 'P3', 'P4'];
    const newTicket = (): Req => {
      const { subject, body } = ticketText(r);
      return {
        method: 'POST',
        path: '/api/v1/tickets',
        body: {
          subject,
          body,
          requester_id: s.customerIds[Math.floor(r() * s.customerIds.length)],
          priority: prios[Math.floor(r() * prios.length)],
        },
      };
    };
    if (PARTS.has('create')) {
      log(`create: ${CREATE_C1} at c=1`);
      meter = cpuMeter(server, pgDb);
      res.createC1 = count(await runLoad(client, { requests: CREATE_C1, concurrency: 1, make: newTicket }));
      cpu.createC1 = meter(CREATE_C1);
      log(`create: warm-up ${CREATE_WARMUP} at c=32, then ${CREATE_C32} at c=32`);
      count(await runLoad(client, { requests: CREATE_WARMUP, concurrency: 32, make: newTicket }));
      meter = cpuMeter(server, pgDb);
      res.createC32 = count(await runLoad(client, { requests: CREATE_C32, concurrency: 32, make: newTicket }));
      cpu.createC32 = meter(CREATE_C32);
    }

    const rss = server.rss();
    res.rssMb = rss.serverKb == null ? null : rss.serverKb / 1024;

    const atScale = res.engine === 'pg' && res.tickets >= 1_000_000;
    const rows = res.rows;
    if (res.createC1 && res.createC32)
      rows.push(
        { metric: 'create, c=1: throughput', value: `${int(res.createC1.rps)} req/s` },
        { metric: 'create, c=1: p50 / p99', value: pct(res.createC1) },
        {
          metric: 'create, c=32: throughput',
          value: `${int(res.createC32.rps)} req/s`,
          target: `≥ ${int(createTarget(res.engine))} req/s`,
          ok: res.createC32.rps >= createTarget(res.engine),
        },
        { metric: 'create, c=32: p50 / p99', value: pct(res.createC32) },
        { metric: 'create, c=32 / c=1 throughput ratio', value: `${(res.createC32.rps / res.createC1.rps).toFixed(2)}×` },
      );
    if (res.createC1 && res.createC32) {
      const base = BASELINE[res.engine];
      const comparable = res.tickets === BASELINE.tickets && SCALE === 1;
      for (const [k, r] of [
        ['c32', res.createC32],
        ['c1', res.createC1],
      ] as const) {
        const line = `creation (${res.label}, ${k === 'c32' ? 'c=32' : 'c=1'}): ${int(r.rps)}/s, baseline ${base[k]}/s, ratio ${(r.rps / base[k]).toFixed(2)} [baseline: ${BASELINE.label}]`;
        console.log(
          `${line}${comparable ? '' : ` (baseline taken at ${int(BASELINE.tickets)} tickets and KEFU_BENCH_SCALE=1: not comparable)`}`,
        );
        rows.push({
          metric: `create, ${k === 'c32' ? 'c=32' : 'c=1'}: vs baseline (${base[k]} req/s${comparable ? '' : ', other size'})`,
          value: `${(r.rps / base[k]).toFixed(2)}×`,
          target: '≥ 0.90× (±10 % is noise)',
          ok: comparable ? r.rps >= base[k] * 0.9 : null,
        });
      }
    }
    if (res.queue && res.queueDeep && res.status && res.search)
      rows.push(
        {
          metric: `queue page 1 (sort=queue): p50 / p99`,
          value: pct(res.queue),
          target: `p99 < ${TARGET.queueP99Ms} ms`,
          ok: res.queue.p99 < TARGET.queueP99Ms,
        },
        {
          metric: `queue pages 2–${QUEUE_WALK_PAGES} (next_cursor): p50 / p99`,
          value: pct(res.queueDeep),
          target: `p99 < ${TARGET.queueP99Ms} ms`,
          ok: res.queueDeep.p99 < TARGET.queueP99Ms,
        },
        {
          metric: 'status=open page: p50 / p99',
          value: pct(res.status),
          target: `p99 < ${TARGET.queueP99Ms} ms`,
          ok: res.status.p99 < TARGET.queueP99Ms,
        },
        {
          metric: `search, all ${SEARCH_REQUESTS}: p50 / p99`,
          value: pct(res.search),
          target: `p99 < ${TARGET.searchP99Ms} ms`,
          ok: res.search.p99 < TARGET.searchP99Ms,
        },
      );
    if (res.views && res.viewPage && res.consoleSearch)
      rows.push(
        {
          metric: `console: GET /views, 6 counts (≤ 1,000 each): p50 / p99`,
          value: pct(res.views),
          target: `p99 < ${TARGET.queueP99Ms} ms`,
          ok: res.views.p99 < TARGET.queueP99Ms,
        },
        ...(res.limitedViews
          ? [
              {
                metric: 'console: GET /views as an agent limited to one group: p50 / p99',
                value: pct(res.limitedViews),
                target: `p99 < ${TARGET.queueP99Ms} ms`,
                ok: res.limitedViews.p99 < TARGET.queueP99Ms,
              },
            ]
          : []),
        {
          metric: "console: a view's first page (open): p50 / p99",
          value: pct(res.viewPage),
          target: `p99 < ${TARGET.queueP99Ms} ms`,
          ok: res.viewPage.p99 < TARGET.queueP99Ms,
        },
        {
          metric: `console: header search GET /search: p50 / p99`,
          value: pct(res.consoleSearch),
          target: `p99 < ${TARGET.searchP99Ms} ms`,
          ok: res.consoleSearch.p99 < TARGET.searchP99Ms,
        },
      );
    if (res.search)
      for (const [kind, ls] of byKind) {
        const sorted = Float64Array.from(ls).sort();
        rows.push({ metric: `  search ${kind}: p50 / p99`, value: `${ms(percentile(sorted, 50))} / ${ms(percentile(sorted, 99))}` });
      }
    const slowest = [...byTerm]
      .map(([t, ls]) => [t, Float64Array.from(ls).sort()] as const)
      .sort((a, b) => percentile(b[1], 50) - percentile(a[1], 50))
      .slice(0, 3);
    if (res.search)
      rows.push({ metric: '  slowest terms (p50)', value: slowest.map(([t, ls]) => `${t} ${ms(percentile(ls, 50))}`).join(', ') });
    const parts = res.engine === 'pg' ? 'server + PostgreSQL + client' : 'server + client';
    const cores = cpus().length;
    if (cpu.createC32)
      rows.push(
        { metric: `CPU per request (${parts}): create c=32`, value: cpuText(cpu.createC32, res.engine) },
        {
          metric: `  → create throughput if ${cores} cores were ours alone`,
          value: cpuBound(cpu.createC32, cores),
          target: `≥ ${int(createTarget(res.engine))} req/s`,
          ok: (cores * 1000) / (cpu.createC32.server + cpu.createC32.pg + cpu.createC32.client) >= createTarget(res.engine),
        },
        { metric: `CPU per request (${parts}): create c=1`, value: cpuText(cpu.createC1, res.engine) },
      );
    if (cpu.queue)
      rows.push(
        { metric: `CPU per request (${parts}): queue page 1`, value: cpuText(cpu.queue, res.engine) },
        { metric: `CPU per request (${parts}): search`, value: cpuText(cpu.search, res.engine) },
        { metric: `CPU per request (${parts}): GET /views`, value: cpuText(cpu.views, res.engine) },
        { metric: `CPU per request (${parts}): GET /search`, value: cpuText(cpu.consoleSearch, res.engine) },
      );
    rows.push(
      { metric: 'server RSS after the run (VmRSS)', value: res.rssMb == null ? 'n/a' : `${int(res.rssMb)} MiB` },
      { metric: 'non-2xx responses / errors', value: int(res.non2xx), target: '= 0', ok: res.non2xx === 0 },
    );
    // The embedded database's targets hold at any size (its desks are small); the others are PostgreSQL's at 1,000,000.
    const own = (row: Row) =>
      res.engine === 'pglite' && (row.metric === 'create, c=32: throughput' || row.metric.startsWith('server RSS idle'));
    if (!atScale) for (const row of rows) if (row.target && row.metric !== 'non-2xx responses / errors' && !own(row)) row.target += ' *';
  } finally {
    await client.close();
  }
}

const mib = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const msList = (xs: number[]) => {
  const v = Float64Array.from(xs.filter(Number.isFinite)).sort();
  return { p50: percentile(v, 50), p90: percentile(v, 90), max: v[v.length - 1] ?? NaN };
};

async function socketsPart(server: ServerHandle, s: SeedResult, res: EngineResult): Promise<void> {
  const token = await signIn(server.url);
  const r = rng(11);
  const prios = ['P1', 'P2', 'P3', 'P3', 'P3', 'P4'];
  const newTicket = (): Req => {
    const { subject, body } = ticketText(r);
    return {
      method: 'POST',
      path: '/api/v1/tickets',
      body: {
        subject,
        body,
        requester_id: s.customerIds[Math.floor(r() * s.customerIds.length)],
        priority: prios[Math.floor(r() * prios.length)],
      },
    };
  };
  const maker = await tokenMaker(server.url);
  const x = await runSocketsBench({
    server,
    adminToken: token,
    makeToken: maker.make,
    sockets: SOCKETS,
    heartbeatMs: LIVE_HEARTBEAT_MS,
    fanoutRounds: FANOUT_ROUNDS,
    createRequests: CREATE_WITH_SOCKETS,
    requesterId: s.customerIds[0],
    newTicket,
    log,
    pgDb: res.engine === 'pg' ? dbName(pgUrl) : null,
  });
  await maker.close();
  const n = x.sockets;
  const per = (a: number | null, b: number | null, unit: 'kb' | 'b') =>
    a == null || b == null ? 'n/a' : unit === 'kb' ? kib(((b - a) * 1024) / n) : kib((b - a) / n);
  const memText = (m: Mem) => `${m.rssKb == null ? 'n/a' : mib(m.rssKb)} / ${m.heapUsed == null ? 'n/a' : mib(m.heapUsed / 1024)}`;
  const fanAll = msList(x.fanout.allMs);
  const fanFirst = msList(x.fanout.firstMs);
  const fanP50 = msList(x.fanout.p50Ms);
  const post = msList(x.fanout.postMs);
  const perSocketRss = x.before.rssKb != null && x.after.rssKb != null ? ((x.after.rssKb - x.before.rssKb) * 1024) / n : null;
  const perSocketHeap = x.before.heapUsed != null && x.after.heapUsed != null ? (x.after.heapUsed - x.before.heapUsed) / n : null;
  console.log(
    `idle sockets (${res.label}): ${n} open; memory per socket: RSS ${perSocketRss == null ? 'n/a' : kib(perSocketRss)}, heap ${perSocketHeap == null ? 'n/a' : kib(perSocketHeap)}; fan-out to all ${n}: p50 ${ms(fanAll.p50)}, max ${ms(fanAll.max)}`,
  );
  res.rows.push(
    { metric: `live: agents + tokens created (10 sockets each)`, value: `${x.agents} in ${x.agentsSeconds.toFixed(1)} s` },
    { metric: `live: ${n} sockets open (ready) / idle wait`, value: `${x.openSeconds.toFixed(1)} s / ${x.settleSeconds.toFixed(0)} s` },
    { metric: 'live: server RSS / heap used, before (after GC)', value: memText(x.before) },
    { metric: `live: server RSS / heap used, ${n} idle sockets`, value: memText(x.after) },
    { metric: 'live: server RSS / heap used, all closed again', value: x.afterClose ? memText(x.afterClose) : 'n/a' },
    {
      metric: 'live: memory per idle socket: RSS / heap used',
      value: `${per(x.before.rssKb, x.after.rssKb, 'kb')} / ${per(x.before.heapUsed, x.after.heapUsed, 'b')}`,
    },
    {
      metric: 'live: per socket: external / array buffers',
      value: `${per(x.before.external, x.after.external, 'b')} / ${per(x.before.arrayBuffers, x.after.arrayBuffers, 'b')}`,
    },
    {
      metric: `live: CPU while idle ${x.settleSeconds.toFixed(0)} s (one heartbeat): server${x.idleCpuMs.pg == null ? '' : ' + PostgreSQL'}`,
      value: `${int(x.idleCpuMs.server)}${x.idleCpuMs.pg == null ? '' : ` + ${int(x.idleCpuMs.pg)}`} ms`,
    },
    {
      metric: `  the same with no socket open (10 s, scaled)`,
      value: `${int(x.controlCpuMs.server)}${x.controlCpuMs.pg == null ? '' : ` + ${int(x.controlCpuMs.pg)}`} ms`,
    },
    { metric: 'live: sockets closed by the server while idle', value: int(x.lostWhileIdle), target: '= 0', ok: x.lostWhileIdle === 0 },
    { metric: `live: reply POST → 201 (${x.fanout.rounds} replies): p50 / max`, value: `${ms(post.p50)} / ${ms(post.max)}` },
    { metric: 'live: reply → first socket hears it: p50 / max', value: `${ms(fanFirst.p50)} / ${ms(fanFirst.max)}` },
    { metric: 'live: reply → half the sockets: p50 / max', value: `${ms(fanP50.p50)} / ${ms(fanP50.max)}` },
    { metric: `live: reply → all ${n} sockets: p50 / p90 / max`, value: `${ms(fanAll.p50)} / ${ms(fanAll.p90)} / ${ms(fanAll.max)}` },
    { metric: 'live: messages missed (not within 10 s)', value: int(x.fanout.missing), target: '= 0', ok: x.fanout.missing === 0 },
  );
  const c = x.createWithSockets;
  if (c) {
    res.rows.push(
      { metric: `live: create, c=32, ${n} sockets listening: throughput`, value: `${int(c.rps)} req/s` },
      { metric: `live: create, c=32, ${n} sockets listening: p50 / p99`, value: pct(c) },
      { metric: '  server CPU per creation (with the fan-out)', value: `${c.serverCpuMsPerReq.toFixed(2)} ms` },
      {
        metric: '  ticket.created messages delivered / expected',
        value: `${int(c.delivered)} / ${int(c.expected)}`,
        ok: c.delivered === c.expected,
        target: '= expected',
      },
    );
    res.non2xx += c.non2xx + c.errors;
    if (c.firstFailure) log(`non-2xx: ${c.firstFailure}`);
  }
}

async function runEngine(engine: Engine): Promise<EngineResult | null> {
  let dataDir: string | null = null;
  let label: string;
  if (engine === 'pg') {
    try {
      label = `PostgreSQL ${args['reuse-db'] ? await pgVersion(pgUrl) : await recreatePgDatabase(pgUrl)}`;
    } catch (e) {
      console.log(`\n== PostgreSQL: skipped — cannot prepare ${pgUrl.replace(/\/\/[^@]*@/, '//…@')}: ${(e as Error).message}`);
      return null;
    }
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'kefu-bench-'));
    let version = '';
    try {
      version = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string })
        .version;
    } catch {
      /* unknown */
    }
    label = `PGlite ${version}`.trim();
  }
  const res: EngineResult = { engine, label, tickets: N, rows: [], non2xx: 0, rssMb: null };
  let server: ServerHandle | null = null;
  try {
    log(`${label}: seeding ${int(N)} tickets`);
    const db = await openDb(engine === 'pg' ? { databaseUrl: pgUrl, poolSize: 2 } : { dataDir: dataDir! });
    let s: SeedResult;
    let sizes: { tickets: number; total: number };
    try {
      await migrate(db);
      let lastPct = -1;
      if (args['reuse-db']) {
        s = await seededBefore(db);
        log(`${label}: reusing ${int(s.tickets)} seeded tickets`);
      } else
        s = await seed(db, {
          tickets: N,
          batchSize: engine === 'pg' ? 10_000 : 5_000,
          years: YEARS,
          onProgress: (done, total) => {
            const p = Math.floor((done / total) * 10);
            if (p !== lastPct) {
              lastPct = p;
              log(`  ${int(done)} / ${int(total)}`);
            }
          },
        });
      sizes = await relationSizes(db);
      if (PARTS.has('reports')) {
        log(`${label}: SLA outcomes and satisfaction ratings for the reports`);
        const r = await seedReportData(db);
        res.rows.push({
          metric: 'reports: SLA outcomes / ratings derived from the seed',
          value: `${int(r.outcomes)} / ${int(r.ratings)} in ${r.seconds.toFixed(1)} s`,
        });
      }
    } finally {
      await db.close();
    }
    const mib = (b: number) => `${int(b / 1024 / 1024)} MiB`;
    res.rows.push(
      { metric: 'tickets seeded (each + 1 message, 1 event)', value: int(s.tickets) },
      { metric: 'organizations / customers / agents', value: `${s.organizations} / ${int(s.customers)} / ${s.agents}` },
      ...(args['reuse-db']
        ? [{ metric: 'seeded by an earlier run (--reuse-db)', value: 'yes' }]
        : [
            { metric: 'seed time (bulk INSERT … unnest)', value: `${s.seconds.toFixed(1)} s` },
            { metric: 'seed rate', value: `${int(s.ticketsPerSecond)} tickets/s (${int(s.rowsPerSecond)} rows/s)` },
            { metric: 'VACUUM ANALYZE after seeding', value: `${s.analyzeSeconds.toFixed(1)} s` },
          ]),
      { metric: 'size: tickets (+ indexes, TOAST) / all tables', value: `${mib(sizes.tickets)} / ${mib(sizes.total)}` },
    );

    log(`${label}: starting the server`);
    const t0 = performance.now();
    const serverEnv = {
      ...(engine === 'pg' ? { DATABASE_URL: pgUrl, KEFU_DATA_DIR: '' } : { KEFU_DATA_DIR: dataDir!, DATABASE_URL: '' }),
      KEFU_ADMIN_EMAIL: ADMIN_EMAIL,
      KEFU_ADMIN_PASSWORD: ADMIN_PASSWORD,
      KEFU_LOG_LEVEL: 'warn',
      KEFU_WORKER: 'on',
      KEFU_PUBLIC_URL: '',
    };
    const http = PARTS.has('reads') || PARTS.has('create') || PARTS.has('reports');
    // The sockets get a server of their own, with the inspector on (a full GC and
    // process.memoryUsage() from outside); the server code is unchanged.
    const inspect = { cwd: ROOT, nodeArgs: ['--inspect=127.0.0.1:0'], env: serverEnv };
    const profile = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(args['cpu-prof'])}`] : [];
    server = await startServer(
      http
        ? {
            cwd: ROOT,
            env: profile.length ? { ...serverEnv, KEFU_DRAIN_MS: '500' } : serverEnv,
            nodeArgs: profile,
            stopTimeoutMs: profile.length ? 180_000 : undefined,
          }
        : inspect,
    );
    res.rows.push({ metric: 'server start → healthy', value: `${((performance.now() - t0) / 1000).toFixed(1)} s` });
    // Idle memory: the server as it sits after start (jobs scheduled, caches warm), before any load.
    await new Promise((r) => setTimeout(r, 5_000));
    const idleKb = server.rss().serverKb;
    res.idleRssMb = idleKb == null ? null : idleKb / 1024;
    res.rows.push({
      metric: 'server RSS idle, 5 s after start (VmRSS)',
      value: idleKb == null ? 'n/a' : `${int(idleKb / 1024)} MiB`,
      ...(engine === 'pglite'
        ? { target: `< ${PGLITE_TARGET.idleRssMb} MiB`, ok: idleKb == null ? null : idleKb / 1024 < PGLITE_TARGET.idleRssMb }
        : {}),
    });
    const loadBefore = loadavg()[0];
    if (http) {
      if (PARTS.has('reads') || PARTS.has('create')) await measure(server, s, res);
      if (PARTS.has('reports')) {
        const r = await reportsPart({
          url: server.url,
          token: await signIn(server.url),
          serverPid: server.serverPid(),
          requests: REPORT_REQUESTS,
          log,
        });
        res.rows.push(...r.rows);
        res.non2xx += r.non2xx;
      }
      res.rows.push({
        metric: 'machine load average (1 min), HTTP start / end',
        value: `${loadBefore.toFixed(1)} / ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
      });
    }
    if (PARTS.has('sockets')) {
      if (http) {
        log(`${label}: restarting the server for the live sockets (with --inspect)`);
        await server.stop();
        server = null;
        server = await startServer(inspect);
      }
      const loadSockets = loadavg()[0];
      await socketsPart(server, s, res);
      res.rows.push({
        metric: 'machine load average (1 min), sockets start / end',
        value: `${loadSockets.toFixed(1)} / ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
      });
    }
    return res;
  } finally {
    if (server) {
      log(`${label}: stopping the server`);
      await server.stop();
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (engine === 'pg' && !args['keep-db'])
      await dropPgDatabase(pgUrl).catch((e) => log(`could not drop the database: ${(e as Error).message}`));
  }
}

// ---------------------------------------------------------------------------------------------

async function calendarSection(): Promise<string> {
  const path = join(ROOT, 'bench', 'calendarBench.ts');
  if (!existsSync(path)) return `\n== Calendar ==\nbench/calendarBench.ts is not there yet: no calendar figures.`;
  log('calendar: due() throughput');
  const mod = (await import(pathToFileURL(path).href)) as {
    runCalendarBench?: () => Promise<Array<{ case: string; callsPerSecond: number }>>;
  };
  if (typeof mod.runCalendarBench !== 'function')
    return `\n== Calendar ==\nbench/calendarBench.ts does not export runCalendarBench(): no calendar figures.`;
  const rows = await mod.runCalendarBench();
  return table(
    'Calendar: due() calls per second (one core)',
    rows.map((r) => ({
      metric: r.case,
      value: `${int(r.callsPerSecond)} calls/s`,
      target: `≥ ${int(TARGET.calendarCallsPerSecond)}/s`,
      ok: r.callsPerSecond >= TARGET.calendarCallsPerSecond,
    })),
  );
}

/** Mail intake on each engine (bench/emailBench.ts): 1,000 mails over 8 SMTP connections, each its own server and database. */
const mailRates: Partial<Record<Engine, number>> = {};
async function mailSection(): Promise<string> {
  const rows: Row[] = [];
  for (const engine of engines) {
    log(`mail intake: ${engine}`);
    const u = new URL(pgUrl);
    u.pathname = '/postgres';
    const r = await runEmailBench({ databaseUrl: engine === 'pg' ? u.toString() : undefined, count: scaled(1000, 100) });
    mailRates[engine] = r.messagesPerSecond;
    rows.push(
      {
        metric: `mail intake, ${engine === 'pg' ? 'PostgreSQL' : 'PGlite'} (SMTP → ticket in the API, 8 connections)`,
        value: `${r.messagesPerSecond.toFixed(1)} mails/s`,
        ...(engine === 'pg' ? { target: `≥ ${EMAIL_TARGET_PER_SECOND}/s`, ok: r.messagesPerSecond >= EMAIL_TARGET_PER_SECOND } : {}),
      },
      {
        metric: `  CPU per mail (server + ${engine === 'pg' ? 'PostgreSQL + ' : ''}client)`,
        value: cpuText(r.cpu, engine),
      },
    );
  }
  return table(`Mail intake (${int(scaled(1000, 100))} mails)`, rows);
}

/**
 * The speed the production issue asks for, one row each, from whatever this run measured: a figure
 * not measured says which run measures it (they take from minutes to an hour).
 */
function speedTargets(): string {
  const pg = results.find((r) => r.engine === 'pg');
  const lite = results.find((r) => r.engine === 'pglite');
  const notRun = (how: string, target: string) => ({ value: `not measured here (${how})`, target });
  const rows: Row[] = [];
  rows.push(
    pg?.createC32 && pg.tickets >= 1_000_000
      ? {
          metric: `PostgreSQL, ${int(pg.tickets)} tickets: creation at c=32`,
          value: `${int(pg.createC32.rps)} req/s`,
          target: `≥ ${int(TARGET.createC32Rps)} req/s`,
          ok: pg.createC32.rps >= TARGET.createC32Rps,
        }
      : {
          metric: 'PostgreSQL, 1,000,000 tickets: creation at c=32',
          ...notRun('--million --only pg --parts create', `≥ ${int(TARGET.createC32Rps)} req/s`),
        },
  );
  rows.push(
    mailRates.pg != null
      ? {
          metric: 'PostgreSQL: mail intake at 8 connections',
          value: `${mailRates.pg.toFixed(1)} mails/s`,
          target: `≥ ${EMAIL_TARGET_PER_SECOND}/s`,
          ok: mailRates.pg >= EMAIL_TARGET_PER_SECOND,
        }
      : { metric: 'PostgreSQL: mail intake at 8 connections', ...notRun('--only pg --parts mail', `≥ ${EMAIL_TARGET_PER_SECOND}/s`) },
  );
  if (pg?.queue && pg.search && pg.tickets >= 10_000_000)
    rows.push(
      {
        metric: `PostgreSQL, ${int(pg.tickets)} tickets: queue page p99`,
        value: ms(pg.queue.p99),
        target: `< ${TARGET.queueP99Ms} ms`,
        ok: pg.queue.p99 < TARGET.queueP99Ms,
      },
      {
        metric: `PostgreSQL, ${int(pg.tickets)} tickets: search p99`,
        value: ms(pg.search.p99),
        target: `< ${TARGET.searchP99Ms} ms`,
        ok: pg.search.p99 < TARGET.searchP99Ms,
      },
    );
  else
    rows.push({
      metric: 'PostgreSQL, 10,000,000 tickets: queue and search p99',
      ...notRun('--tickets 10000000 --only pg --parts reads', `p99 < ${TARGET.queueP99Ms} / ${TARGET.searchP99Ms} ms`),
    });
  rows.push(
    lite?.createC32
      ? {
          metric: `PGlite, ${int(lite.tickets)} tickets: creation at c=32`,
          value: `${int(lite.createC32.rps)} req/s`,
          target: `≥ ${PGLITE_TARGET.createC32Rps} req/s`,
          ok: lite.createC32.rps >= PGLITE_TARGET.createC32Rps,
        }
      : { metric: 'PGlite: creation at c=32', ...notRun('--only pglite --parts create', `≥ ${PGLITE_TARGET.createC32Rps} req/s`) },
    lite?.idleRssMb != null
      ? {
          metric: `PGlite, ${int(lite.tickets)} tickets: server memory idle`,
          value: `${int(lite.idleRssMb)} MiB`,
          target: `< ${PGLITE_TARGET.idleRssMb} MiB`,
          ok: lite.idleRssMb < PGLITE_TARGET.idleRssMb,
        }
      : { metric: 'PGlite: server memory idle', ...notRun('--only pglite', `< ${PGLITE_TARGET.idleRssMb} MiB`) },
  );
  return table('The speed targets (docs/BENCHMARKS.md)', rows);
}

function comparison(results: EngineResult[]): string | null {
  const a = results.find((r) => r.engine === 'pglite');
  const b = results.find((r) => r.engine === 'pg');
  if (!a?.createC32 || !b?.createC32) return null;
  const x = (pgV: number, liteV: number) => `${(pgV / liteV).toFixed(2)}×`;
  const rows: Row[] = [
    { metric: 'create c=1 throughput (PG / PGlite)', value: x(b.createC1!.rps, a.createC1!.rps) },
    { metric: 'create c=32 throughput (PG / PGlite)', value: x(b.createC32.rps, a.createC32.rps) },
    { metric: 'create c=32 / c=1, PGlite', value: `${(a.createC32.rps / a.createC1!.rps).toFixed(2)}×` },
    { metric: 'create c=32 / c=1, PostgreSQL', value: `${(b.createC32.rps / b.createC1!.rps).toFixed(2)}×` },
    ...(a.queue && b.queue && a.status && b.status && a.search && b.search
      ? [
          { metric: 'queue page p50 (PG / PGlite)', value: x(b.queue.p50, a.queue.p50) },
          { metric: 'status=open page p50 (PG / PGlite)', value: x(b.status.p50, a.status.p50) },
          { metric: 'search p50 (PG / PGlite)', value: x(b.search.p50, a.search.p50) },
          { metric: 'search p99 (PG / PGlite)', value: x(b.search.p99, a.search.p99) },
        ]
      : []),
    { metric: 'server RSS (PG / PGlite)', value: a.rssMb && b.rssMb ? x(b.rssMb, a.rssMb) : 'n/a' },
  ];
  return table('Ratios (throughput: higher is better for PG; latency: lower is better for PG)', rows);
}

let failed = false;
const cleanExit = (code: number) => {
  killAllSync();
  process.exit(code);
};
process.on('SIGINT', () => cleanExit(130));
process.on('SIGTERM', () => cleanExit(143));

console.log(
  `Kefu bench — ${int(N)} tickets; engines: ${engines.join(', ')}; ${new Date().toISOString()}; Node ${process.version}; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
const results: EngineResult[] = [];
// The mail part brings its own server and database: it needs no seeded tickets.
const seededParts = [...PARTS].some((p) => p !== 'mail');
for (const engine of engines) {
  if (!seededParts) break;
  try {
    const r = await runEngine(engine);
    if (!r) continue;
    results.push(r);
    if (clientReport.length && results.length === 1) console.log(table('HTTP client cost (client process CPU per request)', clientReport));
    console.log(
      table(
        `${r.label} — ${int(r.tickets)} tickets`,
        r.rows,
        r.engine === 'pg' && r.tickets >= 1_000_000
          ? undefined
          : '* targets are defined for PostgreSQL at 1,000,000 tickets; shown for reference',
      ),
    );
  } catch (e) {
    failed = true;
    console.log(`\n== ${engine}: failed — ${(e as Error).stack ?? e}`);
  }
}
if (PARTS.has('mail')) {
  try {
    console.log(await mailSection());
  } catch (e) {
    failed = true;
    console.log(`\n== Mail intake: failed — ${(e as Error).stack ?? e}`);
  }
}
try {
  console.log(await calendarSection());
} catch (e) {
  console.log(`\n== Calendar: failed — ${(e as Error).message}`);
}
const cmp = comparison(results);
if (cmp) console.log(cmp);
console.log(speedTargets());
console.log('');
killAllSync();
process.exit(failed ? 1 : 0);
