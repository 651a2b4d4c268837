/**
 * Load generator: a fixed number of requests at a fixed concurrency over keep-alive connections,
 * with latency percentiles. Two clients with the same interface: node:http with a keep-alive Agent,
 * and the global fetch (undici). The bench measures which costs the client less CPU and uses it,
 * since the client shares the machine's cores with the server and the database.
 */
import http from 'node:http';

export interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}
export interface Req {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Client {
  readonly name: 'http' | 'fetch';
  request(req: Req): Promise<Reply>;
  close(): Promise<void>;
}

/** node:http with a keep-alive Agent (one socket per concurrent request). */
export function nodeHttpClient(base: string, defaults: Record<string, string> = {}, maxSockets = 64): Client {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  return {
    name: 'http',
    request(req) {
      const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
      const headers: Record<string, string | number> = { ...defaults, ...req.headers };
      if (payload) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = payload.length;
      }
      return new Promise<Reply>((resolve, reject) => {
        const r = http.request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
          res.on('error', reject);
        });
        r.setTimeout(60_000, () => r.destroy(new Error(`timeout: ${req.method} ${req.path}`)));
        r.on('error', reject);
        r.end(payload);
      });
    },
    async close() {
      agent.destroy();
    },
  };
}

/** The global fetch (undici; its dispatcher keeps connections alive). */
export function fetchClient(base: string, defaults: Record<string, string> = {}): Client {
  return {
    name: 'fetch',
    async request(req) {
      const headers: Record<string, string> = { ...defaults, ...req.headers };
      let body: string | undefined;
      if (req.body !== undefined) {
        body = JSON.stringify(req.body);
        headers['content-type'] = 'application/json';
      }
      const res = await fetch(base + req.path, { method: req.method, headers, body, signal: AbortSignal.timeout(60_000) });
      const text = await res.text();
      const h: Record<string, string | string[] | undefined> = {};
      res.headers.forEach((v, k) => {
        h[k] = v;
      });
      const cookies = res.headers.getSetCookie();
      if (cookies.length) h['set-cookie'] = cookies;
      return { status: res.status, body: text, headers: h };
    },
    async close() {
      /* the global dispatcher's idle sockets close on their own */
    },
  };
}

export interface LoadResult {
  requests: number;
  concurrency: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
  firstFailure?: string;
  /** Latency of request i (ms), in request order. */
  latencies: Float64Array;
}

/** Nearest-rank percentile of an ascending array (ms). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function summarize(
  latencies: Float64Array,
  seconds: number,
  concurrency: number,
  non2xx: number,
  errors: number,
  statuses: Record<string, number>,
  firstFailure?: string,
): LoadResult {
  const sorted = Float64Array.from(latencies).sort();
  let sum = 0;
  for (const x of sorted) sum += x;
  return {
    requests: sorted.length,
    concurrency,
    seconds,
    rps: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
    non2xx,
    errors,
    statuses,
    firstFailure,
    latencies,
  };
}

/**
 * Sends `requests` requests, `concurrency` at a time (each worker sends its next request as soon as
 * its previous reply arrived). `make(i)` builds request i. Bounded: exactly `requests` are sent.
 */
export async function runLoad(
  client: Client,
  o: { requests: number; concurrency: number; make: (i: number) => Req; onReply?: (i: number, r: Reply) => void },
): Promise<LoadResult> {
  const lat = new Float64Array(o.requests);
  const statuses: Record<string, number> = {};
  let next = 0;
  let non2xx = 0;
  let errors = 0;
  let firstFailure: string | undefined;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= o.requests) return;
      const req = o.make(i);
      const t = performance.now();
      try {
        const r = await client.request(req);
        lat[i] = performance.now() - t;
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (r.status < 200 || r.status > 299) {
          non2xx++;
          firstFailure ??= `${req.method} ${req.path} → ${r.status} ${r.body.slice(0, 300)}`;
        } else o.onReply?.(i, r);
      } catch (e) {
        lat[i] = performance.now() - t;
        errors++;
        statuses.error = (statuses.error ?? 0) + 1;
        firstFailure ??= `${req.method} ${req.path} → ${(e as Error).message}`;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(o.concurrency, o.requests) }, worker));
  return summarize(lat, (performance.now() - t0) / 1000, o.concurrency, non2xx, errors, statuses, firstFailure);
}

/** Client CPU (user + system) per request, in µs, for the same load: the cheaper client is used for the bench. */
export async function clientCost(
  client: Client,
  o: { requests: number; concurrency: number; make: (i: number) => Req },
): Promise<{ cpuUsPerRequest: number; rps: number; non2xx: number }> {
  const c0 = process.cpuUsage();
  const r = await runLoad(client, o);
  const c = process.cpuUsage(c0);
  return { cpuUsPerRequest: (c.user + c.system) / o.requests, rps: r.rps, non2xx: r.non2xx + r.errors };
}
