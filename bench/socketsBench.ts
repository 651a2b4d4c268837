/**
 * Idle live sockets and event fan-out (docs/live.md, docs/BENCHMARKS.md).
 *
 * Against a server started for this part alone (with `--inspect=127.0.0.1:0`, so that the bench can
 * force a full GC and read `process.memoryUsage()` of the server through the inspector protocol;
 * nothing is added to the server): create ceil(sockets / 10) agents and an API token each (the
 * server allows 10 live connections per person), open `sockets` WebSockets to `/api/v1/live`
 * (`Authorization: Bearer …`), wait until every one has had `ready` and one heartbeat (ping/pong)
 * has passed, and compare the server's memory before and after (after a full GC both times).
 * Then, with all of them connected: time from `POST /api/v1/tickets/:id/messages` to the
 * `message.added` message on every socket (staff sockets hear every event), and ticket creation at
 * concurrency 32 while every creation is pushed to all the sockets.
 */
import WebSocket from 'ws';
import { cpuMs, pgBackendsCpu, rssKb, type ServerHandle } from './serverProcess.ts';
import { nodeHttpClient, percentile, runLoad, type Client, type LoadResult, type Req } from './http.ts';

export interface Mem {
  rssKb: number | null;
  heapUsed: number | null;
  heapTotal: number | null;
  external: number | null;
  arrayBuffers: number | null;
}

export interface SocketsResult {
  sockets: number;
  agents: number;
  agentsSeconds: number;
  openSeconds: number;
  settleSeconds: number;
  before: Mem;
  after: Mem;
  afterClose: Mem | null;
  /** Sockets closed by the server during the idle wait (should be 0). */
  lostWhileIdle: number;
  /** CPU used while the sockets sat idle (one heartbeat: pings and credential re-checks), in ms: server, PostgreSQL backends. */
  idleCpuMs: { server: number; pg: number | null };
  /** The same, measured over 10 s before any socket was open and scaled to the idle window (background work: the job worker). */
  controlCpuMs: { server: number; pg: number | null };
  fanout: { rounds: number; postMs: number[]; firstMs: number[]; p50Ms: number[]; allMs: number[]; missing: number };
  createWithSockets?: LoadResult & { serverCpuMsPerReq: number; delivered: number; expected: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A minimal Chrome DevTools Protocol client over the inspector's WebSocket. */
export class Inspector {
  private nextId = 1;
  private waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private constructor(private ws: WebSocket) {
    ws.on('message', (data: unknown) => {
      const m = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      const w = m.id == null ? undefined : this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id!);
      if (m.error) w.reject(new Error(m.error.message));
      else w.resolve(m.result);
    });
  }
  /** Finds "Debugger listening on ws://…" in the server's output (the last one: the server, not a launcher). */
  static async attach(output: () => string, timeoutMs = 10_000): Promise<Inspector | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const urls = [...output().matchAll(/Debugger listening on (ws:\/\/\S+)/g)].map((m) => m[1]);
      if (urls.length) {
        const ws = new WebSocket(urls[urls.length - 1]);
        await new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        });
        return new Inspector(ws);
      }
      if (Date.now() > deadline) return null;
      await sleep(100);
    }
  }
  call(method: string, params: object = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
      setTimeout(() => {
        if (this.waiting.delete(id)) reject(new Error(`inspector: ${method} timed out`));
      }, 30_000).unref();
    });
  }
  async gc() {
    await this.call('HeapProfiler.collectGarbage');
  }
  async memoryUsage(): Promise<NodeJS.MemoryUsage> {
    const r = (await this.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as {
      result: { value: string };
    };
    return JSON.parse(r.result.value) as NodeJS.MemoryUsage;
  }
  close() {
    this.ws.terminate();
  }
}

/**
 * Full collections, then the server's memory once RSS has settled: freed pages go back to the
 * system some time after a GC (and PGlite's memory moves on its own), so read until two readings a
 * second apart differ by less than 1 MiB (at most 8 s).
 */
async function memory(server: ServerHandle, insp: Inspector | null): Promise<Mem> {
  let mu: NodeJS.MemoryUsage | null = null;
  const pid = server.serverPid();
  const rss = () => (pid == null ? null : rssKb(pid));
  const collect = async () => {
    if (!insp) return;
    try {
      await insp.gc();
      await sleep(200);
      await insp.gc();
      await sleep(300);
      mu = await insp.memoryUsage();
    } catch {
      mu = null;
    }
  };
  await collect();
  let last = rss();
  for (let i = 0; i < 8; i++) {
    await sleep(1000);
    await collect();
    const now = rss();
    if (last == null || now == null || Math.abs(now - last) < 1024) {
      last = now;
      break;
    }
    last = now;
  }
  const m = mu as NodeJS.MemoryUsage | null;
  return {
    rssKb: last,
    heapUsed: m?.heapUsed ?? null,
    heapTotal: m?.heapTotal ?? null,
    external: m?.external ?? null,
    arrayBuffers: m?.arrayBuffers ?? null,
  };
}

interface Sock {
  ws: WebSocket;
  ready: boolean;
  closed: boolean;
  onTicket: ((m: { event: string; ticket_id?: number }) => void) | null;
}

function open(url: string, token: string): Promise<Sock> {
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
  const s: Sock = { ws, ready: false, closed: false, onTicket: null };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('no ready within 30 s'));
    }, 30_000);
    ws.on('message', (data: unknown) => {
      const text = String(data);
      // Cheap filter first: the bench's own parsing must not dominate the fan-out timing.
      if (!s.ready) {
        if (text.includes('"ready"')) {
          s.ready = true;
          clearTimeout(timer);
          resolve(s);
        }
        return;
      }
      if (s.onTicket && text.includes('"ticket_id"')) s.onTicket(JSON.parse(text) as { event: string; ticket_id?: number });
    });
    ws.on('close', (code: number) => {
      s.closed = true;
      if (!s.ready) {
        clearTimeout(timer);
        reject(new Error(`closed with ${code} before ready`));
      }
    });
    ws.on('error', (e: Error) => {
      if (!s.ready) {
        clearTimeout(timer);
        reject(e);
      }
    });
  });
}

export async function runSocketsBench(o: {
  server: ServerHandle;
  adminToken: string;
  /** Makes an API token for a person (from the admin's signed-in session). */
  makeToken: (name: string, personId: number) => Promise<string>;
  sockets: number;
  heartbeatMs: number;
  fanoutRounds: number;
  createRequests: number;
  requesterId: number;
  newTicket: () => Req;
  log: (s: string) => void;
  /** PostgreSQL database name, to count its backends' CPU (null on PGlite). */
  pgDb?: string | null;
}): Promise<SocketsResult> {
  const { server, log } = o;
  const auth = { authorization: `Bearer ${o.adminToken}` };
  const api: Client = nodeHttpClient(server.url, auth, 8);
  const insp = await Inspector.attach(server.output).catch(() => null);
  if (!insp) log('sockets: no inspector in the server output; heap figures will be n/a');
  const socks: Sock[] = [];
  try {
    const ok = async (r: Promise<{ status: number; body: string }>, what: string) => {
      const x = await r;
      if (x.status < 200 || x.status > 299) throw new Error(`${what}: ${x.status} ${x.body.slice(0, 300)}`);
      return JSON.parse(x.body) as Record<string, unknown>;
    };
    // Agents and tokens: 10 connections per person, so ceil(sockets / 10) people.
    const nAgents = Math.ceil(o.sockets / 10);
    log(`sockets: creating ${nAgents} agents with a token each`);
    const t0 = performance.now();
    const tokens: string[] = new Array(nAgents);
    let next = 0;
    const stamp = Date.now().toString(36);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (;;) {
          const i = next++;
          if (i >= nAgents) return;
          // No password (an unused invitation instead): 100 scrypt hashes would cost seconds and 32 MiB each.
          const p = await ok(
            api.request({
              method: 'POST',
              path: '/api/v1/people',
              body: { name: `Live agent ${i + 1}`, email: `live${i + 1}-${stamp}@kefu-bench.test`, role: 'agent' },
            }),
            'create agent',
          );
          tokens[i] = await o.makeToken('live bench', p.id as number);
        }
      }),
    );
    const agentsSeconds = (performance.now() - t0) / 1000;

    // The ticket the fan-out replies go to, and a warm-up socket (starts the gateway's listeners).
    const ticket = await ok(
      api.request({
        method: 'POST',
        path: '/api/v1/tickets',
        body: { subject: 'Live fan-out', body: 'Replies to this ticket are timed.', requester_id: o.requesterId },
      }),
      'create ticket',
    );
    const ticketId = Number(ticket.id);
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/api/v1/live`;
    const warm = await open(wsUrl, tokens[0]);
    await ok(
      api.request({ method: 'POST', path: `/api/v1/tickets/${ticketId}/messages`, body: { body: 'warm-up', internal: true } }),
      'warm-up reply',
    );
    await sleep(500);
    warm.ws.close();
    await sleep(3000);

    const cpuNow = () => {
      const pid = server.serverPid();
      let pg: number | null = null;
      if (o.pgDb) {
        pg = 0;
        for (const v of pgBackendsCpu(o.pgDb).values()) pg += v;
      }
      return { server: pid == null ? 0 : (cpuMs(pid) ?? 0), pg };
    };
    // Control: the server's CPU with no socket open, over 10 s (the job worker, background timers).
    // PostgreSQL backends that end in the window drop out of the sum (rare: the pool keeps them).
    const ctl0 = cpuNow();
    await sleep(10_000);
    const ctl1 = cpuNow();
    const before = await memory(server, insp);
    log(`sockets: opening ${o.sockets} WebSockets (RSS before: ${before.rssKb == null ? 'n/a' : Math.round(before.rssKb / 1024)} MiB)`);
    const t1 = performance.now();
    let k = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        for (;;) {
          const i = k++;
          if (i >= o.sockets) return;
          socks[i] = await open(wsUrl, tokens[Math.floor(i / 10)]);
        }
      }),
    );
    const openSeconds = (performance.now() - t1) / 1000;
    // Idle until one full heartbeat has passed (every socket pinged, answered, and re-checked its token).
    log(`sockets: all open in ${openSeconds.toFixed(1)} s; idle for ${((o.heartbeatMs + 2000) / 1000).toFixed(0)} s (one heartbeat)`);
    const t2 = performance.now();
    const spid = server.serverPid();
    const sc0 = spid == null ? 0 : (cpuMs(spid) ?? 0);
    const pg0 = o.pgDb ? pgBackendsCpu(o.pgDb) : null;
    await sleep(o.heartbeatMs + 2000);
    const settleSeconds = (performance.now() - t2) / 1000;
    let pgIdle: number | null = null;
    if (o.pgDb && pg0) {
      pgIdle = 0;
      for (const [pid, v] of pgBackendsCpu(o.pgDb)) pgIdle += v - (pg0.get(pid) ?? 0);
    }
    const idleCpuMs = { server: (spid == null ? 0 : (cpuMs(spid) ?? 0)) - sc0, pg: pgIdle };
    const k10 = settleSeconds / 10;
    const controlCpuMs = {
      server: (ctl1.server - ctl0.server) * k10,
      pg: ctl1.pg == null || ctl0.pg == null ? null : Math.max(0, ctl1.pg - ctl0.pg) * k10,
    };
    const after = await memory(server, insp);
    const lostWhileIdle = socks.filter((s) => s.closed).length;

    // Fan-out: one reply at a time; time until every open socket heard message.added for it.
    log(`sockets: fan-out, ${o.fanoutRounds} replies`);
    const fan: SocketsResult['fanout'] = { rounds: o.fanoutRounds, postMs: [], firstMs: [], p50Ms: [], allMs: [], missing: 0 };
    for (let round = 0; round < o.fanoutRounds; round++) {
      const live = socks.filter((s) => !s.closed);
      const got: number[] = [];
      let done!: () => void;
      const all = new Promise<void>((r) => {
        done = r;
      });
      const ts = performance.now();
      for (const s of live) {
        s.onTicket = (m) => {
          if (m.event !== 'message.added' || m.ticket_id !== ticketId) return;
          s.onTicket = null;
          got.push(performance.now() - ts);
          if (got.length === live.length) done();
        };
      }
      const post = api.request({
        method: 'POST',
        path: `/api/v1/tickets/${ticketId}/messages`,
        body: { body: `Fan-out reply ${round + 1}`, internal: round % 2 === 1 },
      });
      const r = await post;
      fan.postMs.push(performance.now() - ts);
      if (r.status !== 201) throw new Error(`reply: ${r.status} ${r.body.slice(0, 300)}`);
      await Promise.race([all, sleep(10_000)]);
      for (const s of live) s.onTicket = null;
      fan.missing += live.length - got.length;
      const sorted = Float64Array.from(got).sort();
      fan.firstMs.push(sorted[0] ?? NaN);
      fan.p50Ms.push(percentile(sorted, 50));
      fan.allMs.push(got.length === live.length ? sorted[sorted.length - 1] : NaN);
      await sleep(200);
    }

    // Creation while every new ticket is pushed to all the sockets.
    let createWithSockets: SocketsResult['createWithSockets'];
    if (o.createRequests > 0) {
      log(`sockets: ${o.createRequests} creations at c=32 with ${o.sockets} sockets listening`);
      let delivered = 0;
      for (const s of socks)
        s.onTicket = (m) => {
          if (m.event === 'ticket.created') delivered++;
        };
      const client = nodeHttpClient(server.url, auth);
      await runLoad(client, { requests: Math.min(100, o.createRequests), concurrency: 32, make: o.newTicket });
      await sleep(1000);
      delivered = 0;
      const pid = server.serverPid();
      const c0 = pid == null ? 0 : (cpuMs(pid) ?? 0);
      const r = await runLoad(client, { requests: o.createRequests, concurrency: 32, make: o.newTicket });
      const cpu = pid == null ? 0 : (cpuMs(pid) ?? 0) - c0;
      await client.close();
      const expected = o.createRequests * socks.filter((s) => !s.closed).length;
      for (let i = 0; i < 100 && delivered < expected; i++) await sleep(100);
      for (const s of socks) s.onTicket = null;
      createWithSockets = { ...r, serverCpuMsPerReq: cpu / o.createRequests, delivered, expected };
    }

    // Close them all: the memory should come back.
    for (const s of socks) s.ws.close();
    for (let i = 0; i < 100 && socks.some((s) => !s.closed); i++) await sleep(100);
    await sleep(1000);
    const afterClose = await memory(server, insp);

    return {
      sockets: o.sockets,
      agents: nAgents,
      agentsSeconds,
      openSeconds,
      settleSeconds,
      before,
      after,
      afterClose,
      lostWhileIdle,
      idleCpuMs,
      controlCpuMs,
      fanout: fan,
      createWithSockets,
    };
  } finally {
    for (const s of socks) if (s && !s.closed) s.ws.terminate();
    insp?.close();
    await api.close();
  }
}
