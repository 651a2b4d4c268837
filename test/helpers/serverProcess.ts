import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openDb } from '../../server/db/client.ts';

/**
 * A new embedded data directory holding the migrated template (test/helpers/globalSetup.ts): a server
 * starts on it in a second or two, where creating and migrating a database costs 10–15 s on the CI
 * machine. Tests about a first start on an empty directory use an empty one instead.
 */
export async function seededDataDir(prefix = 'kefu-seeded-'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const tpl = inject('pgliteTemplate');
  if (tpl) await (await openDb({ dataDir: dir, loadDataDir: new Blob([readFileSync(tpl)]) })).close();
  return dir;
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

export interface RunningServer {
  proc: ChildProcess;
  port: number;
  url: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the real server as a child process and waits until /api/v1/health answers: the sources
 * (`server/main.ts` under tsx) unless `entry` names another file to run, e.g. the built server.
 */
export async function startServer(
  env: Record<string, string>,
  o: { waitMs?: number; entry?: string; nodeArgs?: string[] } = {},
): Promise<RunningServer> {
  const port = Number(env.PORT) || (await freePort());
  let out = '';
  const proc = spawn(process.execPath, [...(o.nodeArgs ?? []), ...(o.entry ? [o.entry] : ['--import', 'tsx', 'server/main.ts'])], {
    // A short drain keeps stopping quick; test/process/sigterm.test.ts sets its own.
    env: { ...process.env, KEFU_LOG_LEVEL: 'info', KEFU_SMTP_PORT: '0', KEFU_DRAIN_MS: '300', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => {
    out += d;
  });
  proc.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (o.waitMs ?? 60_000);
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${out}`);
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    proc,
    port,
    url,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** Runs the server expecting it to exit by itself (e.g. refused to start); returns its exit code and output. */
export async function runServerToExit(env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, KEFU_SMTP_PORT: '0', KEFU_DRAIN_MS: '300', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => {
    out += d;
  });
  proc.stderr!.on('data', (d) => {
    out += d;
  });
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
  clearTimeout(timer);
  return { code, output: out };
}
