import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDb } from '../../server/db/client.ts';
import { startServer, type RunningServer } from '../helpers/serverProcess.ts';

// What a new user meets first: `npx kefu …` on a fresh clone, a command typed in the wrong directory, `npm ci` on Node 20.
const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const NPX = join(dirname(process.execPath), 'npx');
const dirs: string[] = [];
const servers: RunningServer[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kefu-first-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
function run(cmd: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv }, timeoutMs = 90_000): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`timed out: ${cmd} ${args.join(' ')}\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
/** The environment of a user's shell: no Kefu settings at all. */
const userEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, KEFU_LOG_LEVEL: 'warn', KEFU_SMTP_PORT: '0', ...extra };
  for (const k of ['DATABASE_URL', 'TEST_DATABASE_URL', 'KEFU_DATA_DIR', 'PORT']) if (!(k in extra)) delete env[k];
  return env;
};

describe('first run', () => {
  it.concurrent(
    '`npx kefu` on a fresh clone installs the dependencies first (npm output on stderr), then runs the command',
    { timeout: 120_000 },
    async () => {
      const clone = tempDir();
      for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'bin', 'scripts', 'server'])
        cpSync(join(ROOT, f), join(clone, f), { recursive: true, preserveTimestamps: true });
      expect(existsSync(join(clone, 'node_modules'))).toBe(false);
      // A stand-in for `npm` on PATH: records the call and "installs" by linking this checkout's node_modules (no network).
      const fakeBin = tempDir();
      const calls = join(fakeBin, 'calls.txt');
      writeFileSync(
        join(fakeBin, 'npm'),
        `#!/bin/sh\necho "$@" >> ${JSON.stringify(calls)}\necho "added 190 packages"\n[ -e node_modules ] || ln -s ${JSON.stringify(join(ROOT, 'node_modules'))} node_modules\n`,
      );
      chmodSync(join(fakeBin, 'npm'), 0o755);
      const env = userEnv({ PATH: `${fakeBin}:${process.env.PATH}`, KEFU_DATA_DIR: join(clone, 'data') });

      const first = await run(NPX, ['--offline', 'kefu', 'help'], { cwd: clone, env });
      expect(first.stderr).not.toContain('ERR_MODULE_NOT_FOUND');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^Usage: kefu <command>/); // stdout is the command's own: npm's output went to stderr
      expect(first.stderr).toContain('kefu: installing dependencies (first run)…');
      expect(first.stderr).toContain('added 190 packages');
      expect(readFileSync(calls, 'utf8')).toBe('ci --no-audit --no-fund\n');

      const second = await run(NPX, ['--offline', 'kefu', 'help'], { cwd: clone, env });
      expect(second).toMatchObject({ code: 0, stderr: '' });
      expect(readFileSync(calls, 'utf8')).toBe('ci --no-audit --no-fund\n'); // installed once
    },
  );

  it.concurrent(
    "`kefu preset apply` without a database refuses, creates nothing, and names the running server's data directory",
    { timeout: 180_000 },
    async () => {
      const elsewhere = tempDir(); // where the user typed the command: no ./data here
      const none = await run(process.execPath, [join(ROOT, 'bin', 'kefu.js'), 'preset', 'apply', 'tiered-support'], {
        cwd: elsewhere,
        env: userEnv(),
      });
      expect(none.code).toBe(2);
      expect(none.stdout).toBe('');
      expect(none.stderr).toContain(`kefu: there is no Kefu database in ${join(elsewhere, 'data')}, and only 'kefu migrate' creates one.`);
      expect(none.stderr).toMatch(/KEFU_DATA_DIR/);
      expect(none.stderr).toMatch(/DATABASE_URL/);
      expect(existsSync(join(elsewhere, 'data'))).toBe(false);

      // The real server runs on its own data directory.
      const serverDir = join(tempDir(), 'kefu-data');
      mkdirSync(serverDir);
      const tpl = inject('pgliteTemplate');
      if (tpl) await (await openDb({ dataDir: serverDir, loadDataDir: new Blob([readFileSync(tpl)]) })).close();
      const server = await startServer({ KEFU_DATA_DIR: serverDir, KEFU_WORKER: 'off', DATABASE_URL: '', HOST: '127.0.0.1' });
      servers.push(server);

      const refused = await run(process.execPath, [join(ROOT, 'bin', 'kefu.js'), 'preset', 'apply', 'tiered-support'], {
        cwd: elsewhere,
        env: userEnv(),
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        `A Kefu server is running (pid ${server.proc.pid}, port ${server.port}) on the data directory ${serverDir}; to use it:`,
      );
      expect(refused.stderr).toContain(`  KEFU_DATA_DIR=${serverDir} kefu preset apply tiered-support\n`);
      expect(existsSync(join(elsewhere, 'data'))).toBe(false);

      // Following the hint works, through the server.
      const applied = await run(process.execPath, [join(ROOT, 'bin', 'kefu.js'), 'preset', 'apply', 'tiered-support'], {
        cwd: elsewhere,
        env: userEnv({ KEFU_DATA_DIR: serverDir }),
      });
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      expect(JSON.parse(applied.stdout)).toMatchObject({ preset: { name: 'tiered-support' } });
      expect(existsSync(join(elsewhere, 'data'))).toBe(false);

      // Only migrate creates a database.
      const migrate = await run(process.execPath, [join(ROOT, 'bin', 'kefu.js'), 'migrate'], { cwd: elsewhere, env: userEnv() });
      expect(migrate.code).toBe(0);
      expect(existsSync(join(elsewhere, 'data', 'PG_VERSION'))).toBe(true);
    },
  );

  it('every locked dependency supports the Node versions package.json promises (no EBADENGINE on Node 20)', () => {
    const semver = createRequire(import.meta.url)('semver') as {
      minVersion(r: string): { version: string };
      satisfies(v: string, r: string): boolean;
    };
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; optional?: boolean; os?: string[]; engines?: { node?: string } }>;
    };
    const oldest = semver.minVersion(pkg.engines.node).version;
    expect(oldest).toBe('20.19.0'); // what the README promises
    const refuse = Object.entries(lock.packages)
      .filter(([, p]) => p.engines?.node && !semver.satisfies(oldest, p.engines.node))
      .map(([path, p]) => `${path.replace(/^node_modules\//, '')}@${p.version} needs node ${p.engines!.node}`);
    expect(refuse).toEqual([]);
  });
});
