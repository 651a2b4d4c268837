import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bootKefu } from '../../server/boot.ts';
import { loadConfig } from '../../server/config.ts';
import { readLock } from '../../server/db/lock.ts';
import { main } from '../../server/cli/main.ts';
import { seededDataDir } from '../helpers/serverProcess.ts';

// These run the real `kefu` command and a real server as processes, on embedded (PGlite) data directories.
const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const BIN = join(ROOT, 'bin', 'kefu.js');
// The server runs in this very process with tsx as a loader (no launcher in between to relay signals).
const TSX = '--import=tsx';

const dirs: string[] = [];
const children: ChildProcess[] = [];
const serverPids: number[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kefu-cli-'));
  dirs.push(d);
  return d;
};
/** A data directory holding a copy of the migrated template (skips initdb, the slow part of a first start). */
async function seededDir(): Promise<string> {
  const dir = await seededDataDir('kefu-cli-');
  dirs.push(dir);
  return dir;
}

/** The environment of a child: embedded mode on `dataDir`, never a PostgreSQL URL from the test run. */
const envFor = (dataDir: string, extra: Record<string, string> = {}) => ({
  ...process.env,
  DATABASE_URL: '',
  TEST_DATABASE_URL: '',
  PORT: '',
  KEFU_SMTP_PORT: '0',
  KEFU_DATA_DIR: dataDir,
  KEFU_LOG_LEVEL: 'warn',
  ...extra,
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
function run(cmd: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, cmd, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
      fail(new Error(`timed out: ${cmd.join(' ')}\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
const kefu = (dataDir: string, ...args: string[]) => run([BIN, ...args], envFor(dataDir));

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && (children.some((c) => c.exitCode === null && c.signalCode === null) || serverPids.some(alive)))
    await sleep(100);
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const pid of serverPids) if (alive(pid)) process.kill(pid, 'SIGKILL'); // tsx runs the server in a child of its own
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the kefu command', () => {
  it.concurrent('prints usage, and rejects unknown commands and bad flags with exit code 2 before opening anything', async () => {
    const dir = join(tempDir(), 'never-created');
    // Two real processes for the exit codes; the other cases run the same main() in this process (they never boot Kefu).
    const [help, unknown] = await Promise.all([kefu(dir, 'help'), kefu(dir, 'frobnicate')]);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: kefu <command>/);
    expect(help.stdout).toContain('tickets import FILE');
    expect(unknown).toMatchObject({ code: 2, stdout: '', stderr: "kefu: unknown command 'frobnicate'\nRun 'kefu help' for usage.\n" });

    const call = async (...args: string[]) => {
      let out = '';
      let err = '';
      const code = await main(args, {
        out: (t) => {
          out += t;
        },
        err: (t) => {
          err += t;
        },
        outStream: process.stdout,
      });
      return { code, out, err };
    };
    expect(await call()).toEqual({ code: 0, out: help.stdout, err: '' });
    const cases: Array<[string[], number, RegExp]> = [
      [['person', 'delete'], 2, /^kefu: unknown command 'person delete' \(did you mean kefu person create\?\)\n/],
      [['person'], 2, /^kefu: 'person' needs a command: kefu person create\n/],
      [['person', 'create', '--name', 'A'], 2, /^kefu: person create: --email is required\nRun 'kefu help' for usage\.\n$/],
      [['person', 'create', '--name', 'A', '--email', 'a@b.test', '--bogus'], 2, /^kefu: person create: Unknown option '--bogus'/],
      [
        ['person', 'create', '--name', 'A', '--email', 'a@b.test', '--role', 'boss'],
        2,
        /--role must be one of customer, agent, admin \(got 'boss'\)/,
      ],
      [['person', 'create', '--name', 'A', '--email', 'a@b.test', '--org', 'acme'], 2, /--org must be an organization id/],
      [['person', 'create', '--name'], 2, /Option '--name <value>' argument missing/],
      [['token', 'create'], 2, /^kefu: token create: --email is required/],
      [['tickets', 'export', '--since', 'not-a-date'], 2, /--since must be an ISO-8601 date/],
      [['tickets', 'export', 'extra'], 2, /^kefu: tickets export: unexpected argument 'extra'/],
      [['tickets', 'import'], 2, /^kefu: tickets import: missing the FILE to import/],
      [['tickets', 'import', join(dir, 'missing.ndjson')], 1, /^kefu: cannot read .*missing\.ndjson: ENOENT\n$/],
      [['preset', 'apply'], 2, /^kefu: preset apply: missing the preset NAME/],
      [['migrate', 'now'], 2, /^kefu: migrate: unexpected argument 'now'/],
    ];
    for (const [args, code, err] of cases) {
      const r = await call(...args);
      expect({ args, code: r.code, out: r.out }).toEqual({ args, code, out: '' });
      expect(r.err).toMatch(err);
    }
  });

  it.concurrent(
    'with no server running, boots Kefu itself: migrate, person create, token create (the token then works)',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir(); // a first start: the command creates and migrates the database
      const migrate = await kefu(dir, 'migrate');
      expect(migrate).toMatchObject({ code: 0, stderr: '' });
      // It says what it did: every migration on a new database, none the second time.
      expect(migrate.stdout).toMatch(/^Applied \d+ migrations \(latest: \d{4}_\S+\.sql\); the database is up to date\.\n$/);
      const again = await kefu(dir, 'migrate');
      expect(again.stdout).toMatch(/^The database was already up to date \(\d+ migrations?, latest: \d{4}_\S+\.sql\)\.\n$/);

      const agent = await kefu(
        dir,
        'person',
        'create',
        '--name',
        '张伟',
        '--email',
        'zhang@kefu.test',
        '--role',
        'agent',
        '--password',
        'Zhang-pass-123',
      );
      expect(agent).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(agent.stdout)).toMatchObject({
        name: '张伟',
        email: 'zhang@kefu.test',
        role: 'agent',
        has_password: true,
        invitation_url: null,
      });
      expect(readLock(dir)).toBeNull(); // the lock was released on exit

      const token = await kefu(dir, 'token', 'create', '--email', 'ZHANG@kefu.test', '--name', 'ci');
      expect(token.code).toBe(0);
      expect(token.stdout).toMatch(/^kft_\S+\n$/);
      expect(token.stderr).toMatch(/Created API token "ci" \(id \d+\) for 张伟 <ZHANG@kefu\.test>/);

      const k = await bootKefu(loadConfig({ KEFU_DATA_DIR: dir, KEFU_WORKER: 'off' }), { worker: false });
      try {
        const me = await k.app.inject({
          method: 'GET',
          url: '/api/v1/people?q=zhang',
          headers: { authorization: `Bearer ${token.stdout.trim()}` },
        });
        expect(me.statusCode).toBe(200);
        expect(JSON.parse(me.body).data.map((p: { email: string }) => p.email)).toEqual(['zhang@kefu.test']);
      } finally {
        await k.stop();
      }
    },
  );

  it.concurrent('with a server running on the data directory, talks to it; a second server is refused', { timeout: 120_000 }, async () => {
    const dir = await seededDir();
    const port = await freePort();
    const admin = { email: 'boss@kefu.test', password: 'Boss-pass-1234' };
    const server = spawn(process.execPath, [TSX, 'server/main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: envFor(dir, {
        PORT: String(port),
        HOST: '127.0.0.1',
        KEFU_ADMIN_EMAIL: admin.email,
        KEFU_ADMIN_PASSWORD: admin.password,
        KEFU_WORKER: 'off',
      }),
    });
    children.push(server);
    let log = '';
    server.stdout!.setEncoding('utf8').on('data', (s: string) => {
      log += s;
    });
    server.stderr!.setEncoding('utf8').on('data', (s: string) => {
      log += s;
    });
    const deadline = Date.now() + 60_000;
    let lock = readLock(dir);
    while (!lock?.port) {
      if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}:\n${log}`);
      if (Date.now() > deadline) throw new Error(`the server did not start:\n${log}`);
      await sleep(100);
      lock = readLock(dir);
    }
    serverPids.push(lock.pid);
    expect(lock.port).toBe(port);

    // The data directory is locked by the server, so this can only succeed through its HTTP API.
    const person = await kefu(dir, 'person', 'create', '--name', 'Wang Fang', '--email', 'wang@acme.test', '--password', 'Wang-pass-1234');
    expect(person.stderr).toBe('');
    expect(person.code).toBe(0);
    expect(JSON.parse(person.stdout)).toMatchObject({ name: 'Wang Fang', email: 'wang@acme.test', role: 'customer', invitation_url: null });

    const invited = await kefu(dir, 'person', 'create', '--name', 'Cathy', '--email', 'cathy@acme.test');
    expect(invited.code).toBe(0);
    const cathy = JSON.parse(invited.stdout);
    expect(cathy).toMatchObject({ role: 'customer', has_password: false });
    expect(cathy.invitation_url).toMatch(/\/invite\?token=\S+$/);
    expect(invited.stderr).toContain(cathy.invitation_url);

    const dup = await kefu(dir, 'person', 'create', '--name', 'Again', '--email', 'WANG@acme.test');
    expect(dup).toMatchObject({ code: 1, stdout: '', stderr: 'kefu: A person with this email address already exists\n' });
    const nobody = await kefu(dir, 'token', 'create', '--email', 'nobody@acme.test');
    expect(nobody).toMatchObject({ code: 1, stdout: '', stderr: 'kefu: no person has the email address nobody@acme.test\n' });

    const token = await kefu(dir, 'token', 'create', '--email', admin.email);
    expect(token.code).toBe(0);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/people?q=wang`, {
      headers: { authorization: `Bearer ${token.stdout.trim()}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: Array<{ email: string }> }).data.map((p) => p.email)).toEqual(['wang@acme.test']);

    const migrate = await kefu(dir, 'migrate');
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain(`A Kefu server (pid ${lock.pid}, port ${port}) is using this data directory`);

    const second = await run([TSX, 'server/main.ts'], envFor(dir, { PORT: String(await freePort()), HOST: '127.0.0.1' }));
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/The data directory .* is in use by another Kefu process \(pid \d+, serving on port \d+\)/);
    expect(server.exitCode).toBeNull(); // the first server is unharmed
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status).toBe(200);
  });
});
