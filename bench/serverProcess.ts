/**
 * Starts the real server as a child process, as `npm start` runs it (`node dist/server/main.mjs`,
 * built first by scripts/build-server.mjs when the sources are newer), waits for /api/v1/health,
 * and stops it again. The server's pid (for its memory) is the child's, or found among its
 * descendants should a launcher sit in between.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
// @ts-expect-error -- a plain JavaScript build script without type declarations
import { buildServer as build, SERVER_ENV, SERVER_NODE_ARGS } from '../scripts/build-server.mjs';

const buildServer = build as () => Promise<string>;
const serverEnv = SERVER_ENV as Record<string, string>;
const serverNodeArgs = SERVER_NODE_ARGS as string[];
/** What the server's command line holds. */
const SERVER = 'dist/server/main.mjs';

export interface ServerHandle {
  readonly url: string;
  readonly port: number;
  /** pid of the process we spawned. */
  readonly pid: number;
  /** pid of the node process that runs the server. */
  serverPid(): number | null;
  /** Resident memory of the server process in KiB (VmRSS), and of the whole process tree. */
  rss(): { serverKb: number | null; treeKb: number };
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Last resort on exit: kill whatever we started that is still running (by pid, with its descendants). */
export function killAllSync() {
  for (const child of running) {
    if (child.pid == null || child.exitCode != null) continue;
    for (const pid of [...descendants(child.pid), child.pid]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function ppidOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid …: comm may contain spaces and parentheses.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** All live descendants of `root` (Linux /proc). */
export function descendants(root: number): number[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const pp = ppidOf(pid);
    if (pp == null) continue;
    if (!children.has(pp)) children.set(pp, []);
    children.get(pp)!.push(pid);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    for (const c of children.get(stack.pop()!) ?? []) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}

export function rssKb(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used, in ms (Linux: /proc/<pid>/stat, USER_HZ = 100). */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // utime, stime (fields 14 and 15)
  } catch {
    return null;
  }
}

/** PostgreSQL backends connected to `db` on this machine (by their process title), with their CPU time so far. */
export function pgBackendsCpu(db: string): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const d of pids) {
    const pid = Number(d);
    const c = cmdline(pid);
    if (!c.startsWith('postgres: ') || !c.includes(` ${db} `)) continue;
    const ms = cpuMs(pid);
    if (ms != null) out.set(pid, ms);
  }
  return out;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startServer(o: {
  cwd: string;
  env: Record<string, string>;
  readyTimeoutMs?: number;
  nodeArgs?: string[];
  /** How long stop() waits for a clean exit before killing (a --cpu-prof server writes its profile then). */
  stopTimeoutMs?: number;
}): Promise<ServerHandle> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...serverEnv, ...process.env, KEFU_SMTP_PORT: '0', ...o.env, PORT: String(port), HOST: '127.0.0.1' };
  const child = spawn(process.execPath, [...serverNodeArgs, ...(o.nodeArgs ?? []), await buildServer()], {
    cwd: o.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );

  const serverPid = () => {
    if (child.pid == null) return null;
    const tree = descendants(child.pid).filter((p) => cmdline(p).includes(SERVER));
    return tree[tree.length - 1] ?? (cmdline(child.pid).includes(SERVER) ? child.pid : null);
  };

  const handle: ServerHandle = {
    url,
    port,
    pid: child.pid!,
    serverPid,
    rss() {
      const sp = serverPid();
      const tree = child.pid == null ? [] : [child.pid, ...descendants(child.pid)];
      return { serverKb: sp == null ? null : rssKb(sp), treeKb: tree.reduce((s, p) => s + (rssKb(p) ?? 0), 0) };
    },
    output: () => out,
    async stop() {
      if (child.exitCode != null || child.signalCode != null) return;
      const tree = child.pid == null ? [] : descendants(child.pid);
      child.kill('SIGTERM'); // the server closes the app and the database
      const done = await Promise.race([exited.then(() => true), sleep(o.stopTimeoutMs ?? 20_000).then(() => false)]);
      if (!done) {
        for (const pid of [...descendants(child.pid!), child.pid!]) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
        await Promise.race([exited, sleep(5_000)]);
      }
      // The server itself must be gone too (a PGlite data dir stays locked otherwise).
      for (let i = 0; i < 50 && tree.some((p) => rssKb(p) != null && cmdline(p).includes(SERVER)); i++) await sleep(100);
      for (const pid of tree)
        if (cmdline(pid).includes(SERVER)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
    },
  };

  const deadline = Date.now() + (o.readyTimeoutMs ?? 180_000);
  for (;;) {
    if (child.exitCode != null || child.signalCode != null)
      throw new Error(`The server exited during start (code ${child.exitCode ?? child.signalCode}):\n${out}`);
    try {
      const r = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
      if (r.ok) {
        await r.text();
        return handle;
      }
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await handle.stop();
      throw new Error(`The server did not answer /api/v1/health within ${Math.round((o.readyTimeoutMs ?? 180_000) / 1000)} s:\n${out}`);
    }
    await sleep(200);
  }
}

/** CPU used by the server process, the engine's PostgreSQL backends and this client during a phase (ms per request). */
export interface Cpu {
  server: number;
  pg: number;
  client: number;
}
export function cpuMeter(server: ServerHandle, pgDb: string | null) {
  const serverMs = () => {
    const p = server.serverPid();
    return p == null ? 0 : (cpuMs(p) ?? 0);
  };
  const s0 = serverMs();
  const p0 = pgDb ? pgBackendsCpu(pgDb) : new Map<number, number>();
  const c0 = process.cpuUsage();
  return (requests: number): Cpu => {
    const c = process.cpuUsage(c0);
    let pg = 0;
    if (pgDb) for (const [pid, ms] of pgBackendsCpu(pgDb)) pg += ms - (p0.get(pid) ?? 0);
    return { server: (serverMs() - s0) / requests, pg: pg / requests, client: (c.user + c.system) / 1000 / requests };
  };
}
