import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findPgTool } from '../../server/cli/backup.ts';
import { main } from '../../server/cli/main.ts';
import { MANIFEST_NAME, openBackup, readDatabaseEntry } from '../../server/db/backup.ts';
import { openDb } from '../../server/db/client.ts';
import { acquireLock, DataDirInUseError } from '../../server/db/lock.ts';
import { migrate, migrationFiles } from '../../server/db/migrate.ts';
import { seededDataDir, startServer, type RunningServer } from '../helpers/serverProcess.ts';

// `kefu backup` and `kefu restore` as real processes, against a real server (docs/operations.md, Backup).
const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const BIN = join(ROOT, 'bin', 'kefu.js');
const dirs: string[] = [];
const servers: RunningServer[] = [];
const children: ChildProcess[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kefu-backup-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A data directory holding a copy of the migrated template (skips initdb, the slow part of a first start). */
async function seededDir(): Promise<string> {
  const dir = await seededDataDir('kefu-backup-');
  dirs.push(dir);
  return dir;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
function kefu(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '', PORT: '', KEFU_SMTP_PORT: '0', KEFU_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`timed out: kefu ${args.join(' ')}\n${stdout}\n${stderr}`));
    }, 60_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

const ADMIN = { KEFU_ADMIN_EMAIL: 'admin@backup.test', KEFU_ADMIN_PASSWORD: 'Backup-pass-123' };

async function json(url: string, init: RequestInit & { token?: string } = {}) {
  const r = await fetch(url, {
    ...init,
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.headers as Record<string, string>),
    },
  });
  const text = await r.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body, headers: r.headers };
}

async function signIn(url: string) {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.KEFU_ADMIN_EMAIL, password: ADMIN.KEFU_ADMIN_PASSWORD }),
  });
  return { status: r.status, cookie: r.headers.get('set-cookie')?.split(';')[0] ?? '' };
}

async function allTickets(url: string, token: string): Promise<Array<{ id: number; subject: string }>> {
  const out: Array<{ id: number; subject: string }> = [];
  let cursor: string | null = null;
  do {
    const r = await json(`${url}/api/v1/tickets?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(r.status).toBe(200);
    out.push(...r.body.data);
    cursor = r.body.next_cursor ?? null;
  } while (cursor);
  return out;
}

const ATTACHMENT = Buffer.from([0, 1, 2, 250, 251, 252, ...Buffer.from('附件 attachment bytes')]);

describe('kefu backup / restore (embedded)', () => {
  it('backs up a running server while tickets are being created; the backup restores into a new directory that serves the same tickets', async () => {
    const dir = await seededDir();
    const server = await startServer({ DATABASE_URL: '', KEFU_DATA_DIR: dir, ...ADMIN, KEFU_LOG_LEVEL: 'warn' });
    servers.push(server);
    const { cookie } = await signIn(server.url);
    const token = (
      await json(`${server.url}/api/v1/tokens`, {
        method: 'POST',
        body: JSON.stringify({ name: 'backup test' }),
        headers: { cookie, origin: server.url },
      })
    ).body.token as string;
    expect(token).toMatch(/^kft_/);
    // Only the local operator (the CLI, with the secret in kefu.lock) may download a backup: not an admin's token.
    const byAdmin = await json(`${server.url}/api/v1/backup`, { token });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.message).toMatch(/^Backups are taken by the `kefu backup FILE` command on the server's machine/);
    const create = async (subject: string, attach = false) => {
      const r = await json(`${server.url}/api/v1/tickets`, {
        method: 'POST',
        token,
        body: JSON.stringify({
          subject,
          body: `正文 ${subject}`,
          requester_email: 'customer@backup.test',
          ...(attach
            ? {
                attachments: [
                  { filename: 'bytes.bin', content_type: 'application/octet-stream', data_base64: ATTACHMENT.toString('base64') },
                ],
              }
            : {}),
        }),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as number;
    };
    const withFile = await create('带附件的工单 with a file', true);
    for (const s of ['第二张工单', 'third ticket']) await create(s);

    // Writers keep creating tickets (with an attachment each) while the backup is taken.
    let writing = true;
    const during: number[] = [];
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        during.push(await create(`during backup ${i}`, i % 2 === 0));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 150));
    const before = await allTickets(server.url, token);
    const file = join(tempDir(), 'kefu.backup');
    const backup = await kefu({ KEFU_DATA_DIR: dir }, 'backup', file);
    writing = false;
    await writer;
    expect(backup, backup.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toMatch(
      /^Backed up the embedded database \(schema at \d{4}_\w+\.sql; attachments and the generated secret key included\) to .*kefu\.backup \(\d+\.\d MB\)\.\n$/,
    );
    expect(during.length).toBeGreaterThan(0);

    const { manifest } = openBackup(file);
    expect(manifest).toMatchObject({ format: 'kefu-backup', format_version: 1, database: 'embedded' });
    expect(manifest.schema.migrations).toEqual(migrationFiles());
    expect(manifest.files.map((f) => f.name)).toEqual(['database.tar.gz']);
    expect(readFileSync(file).subarray(0, MANIFEST_NAME.length).toString()).toBe(MANIFEST_NAME); // the manifest comes first
    expect(readFileSync(file).includes(Buffer.from(readFileSync(join(dir, 'kefu.lock'), 'utf8')))).toBe(false);

    // A damaged copy is detected (the manifest holds the database entry's SHA-256).
    const damaged = join(tempDir(), 'damaged.backup');
    const bytes = readFileSync(file);
    const opened = openBackup(file);
    bytes[opened.entry.offset + Math.floor(opened.entry.size / 2)] ^= 0xff;
    writeFileSync(damaged, bytes);
    expect(() => readDatabaseEntry(damaged, openBackup(damaged))).toThrow(
      /is damaged: the SHA-256 of database\.tar\.gz does not match its manifest/,
    );
    writeFileSync(damaged, bytes.subarray(0, opened.entry.offset + 100));
    expect(() => openBackup(damaged)).toThrow(/is incomplete: the database entry database\.tar\.gz is missing or cut short/);

    // Restore into a new directory (it does not exist yet) and start a server there.
    const restoredDir = join(tempDir(), 'restored');
    const restore = await kefu({ KEFU_DATA_DIR: restoredDir }, 'restore', file);
    expect(restore, restore.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(restore.stdout).toContain(`into the data directory ${restoredDir}`);
    expect(restore.stdout).toContain('The schema is up to date with this Kefu.');
    expect(existsSync(join(restoredDir, 'kefu.lock'))).toBe(false);

    const again = await startServer({ DATABASE_URL: '', KEFU_DATA_DIR: restoredDir, KEFU_LOG_LEVEL: 'warn' });
    servers.push(again);
    // The old API token works (its hash came along) and so does the password.
    const restored = await allTickets(again.url, token);
    expect((await signIn(again.url)).status).toBe(200);
    const ids = new Set(restored.map((t) => t.id));
    // Everything created before the backup started is there; of the tickets created during it, a prefix.
    for (const t of before) expect(restored.find((x) => x.id === t.id)?.subject).toBe(t.subject);
    const kept = during.filter((id) => ids.has(id));
    expect(kept).toEqual(during.slice(0, kept.length));
    expect(restored.length).toBe(before.filter((t) => !during.includes(t.id)).length + kept.length);
    // Each restored ticket is whole: its first message, and its attachment's bytes.
    for (const id of [withFile, ...kept.filter((_, i) => i % 2 === 0)]) {
      const msgs = await json(`${again.url}/api/v1/tickets/${id}/messages`, { token });
      expect(msgs.status).toBe(200);
      const att = msgs.body.data[0].attachments[0];
      const bytes = Buffer.from(
        await (await fetch(`${again.url}/api/v1/attachments/${att.id}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer(),
      );
      expect(bytes.equals(ATTACHMENT)).toBe(true);
    }

    // A restore goes only into an empty directory: the running server's, or one with a stray file, is refused.
    const intoLive = await kefu({ KEFU_DATA_DIR: restoredDir }, 'restore', file);
    expect(intoLive.code).toBe(1);
    expect(intoLive.stderr).toMatch(
      new RegExp(
        `^kefu: refusing to restore into ${restoredDir}: it is not empty \\(\\d+ entries: .*\\)\\. Restore only goes into a new or empty directory`,
      ),
    );
    expect(intoLive.stderr).toContain('Nothing was changed.');
    const stray = join(tempDir(), 'stray');
    mkdirSync(stray);
    writeFileSync(join(stray, 'notes.txt'), 'mine');
    const intoStray = await kefu({ KEFU_DATA_DIR: stray }, 'restore', file);
    expect(intoStray.code).toBe(1);
    expect(intoStray.stderr).toContain('(1 entry: notes.txt)');
    expect(readdirSync(stray)).toEqual(['notes.txt']);

    await Promise.all([server.stop(), again.stop()]);
    // Without a server, the command locks the directory and copies it itself (and leaves no lock behind).
    const offline = await kefu({ KEFU_DATA_DIR: dir }, 'backup', join(tempDir(), 'offline.backup'));
    expect(offline, offline.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(existsSync(join(dir, 'kefu.lock'))).toBe(false);
    // The generated secret key (settings) is the same in both databases.
    const [a, b] = await Promise.all([openDb({ dataDir: dir }), openDb({ dataDir: restoredDir })]);
    const key = (db: typeof a) => db.query<{ value: unknown }>(`select value from settings where key = 'security.secret_key'`);
    const [ka, kb] = await Promise.all([key(a), key(b)]);
    await Promise.all([a.close(), b.close()]);
    expect(ka.length).toBe(1);
    expect(kb).toEqual(ka);
  }, 90_000);

  it('refuses what is not a Kefu backup, a missing file and a missing FILE argument, before touching the data directory', async () => {
    const dir = tempDir();
    const bogus = join(dir, 'bogus.tar');
    writeFileSync(bogus, Buffer.alloc(2048, 7));
    // main() in this process: each of these fails before any database is opened.
    const call = async (...args: string[]) => {
      let err = '';
      const code = await main(args, { out: () => undefined, err: (t) => void (err += t), outStream: process.stdout });
      return { code, err };
    };
    expect(await call('restore', bogus)).toEqual({
      code: 1,
      err: `kefu: ${bogus} is not a Kefu backup (it does not start with kefu-backup.json; make one with 'kefu backup FILE')\n`,
    });
    expect(await call('restore', join(dir, 'nope.tar'))).toEqual({ code: 1, err: `kefu: ${join(dir, 'nope.tar')} does not exist\n` });
    expect(await call('backup')).toEqual({
      code: 2,
      err: "kefu: backup: missing FILE (where to write the backup)\nRun 'kefu help' for usage.\n",
    });
    expect(await call('restore', 'a', 'b')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^kefu: restore: unexpected argument 'b'/),
    });
  });
});

describe('a data directory lock from another live process', () => {
  /** A live process that is not Kefu (a pid a copied lock might name). */
  const bystander = () => {
    const c = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(c);
    return c.pid!;
  };
  const lockWith = (info: Record<string, unknown>) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kefu.lock'), JSON.stringify(info));
    return dir;
  };
  const refusal = (dir: string): DataDirInUseError => {
    try {
      acquireLock(dir).release();
    } catch (e) {
      if (e instanceof DataDirInUseError) return e;
      throw e;
    }
    throw new Error('the lock was taken');
  };
  const hourAgo = new Date(Date.now() - 3600_000).toISOString();

  it('explains a lock copied from another machine (and the CLI says so at once, without waiting)', async () => {
    const pid = bystander();
    const dir = lockWith({
      pid,
      port: 8080,
      secret: 'kfl_copied',
      started_at: '2026-03-01T08:00:00.000Z',
      host: 'old-box',
      dir: '/srv/kefu/data',
    });
    const e = refusal(dir);
    expect(e.foreign?.reason).toBe('other_host');
    expect(e.message).toBe(
      [
        `The data directory ${dir} has a lock (kefu.lock) that was not written for it here: it was written on host old-box, and this is ${hostname()}.`,
        `The lock names pid ${pid}, started at 2026-03-01 08:00:00 UTC on host old-box for /srv/kefu/data; a process with that pid is running on this machine, so Kefu did not remove the lock by itself.`,
        'If the directory was copied from old-box (a backup, a container image or volume) and no Kefu on old-box uses this very directory (a shared network disk), remove the lock and start again:',
        `  rm ${join(dir, 'kefu.lock')}`,
      ].join('\n'),
    );
    writeFileSync(join(dir, 'PG_VERSION'), '18\n'); // looks like a database: the CLI goes on to the lock
    const started = Date.now();
    const run = await kefu({ KEFU_DATA_DIR: dir }, 'tickets', 'export');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`kefu: ${e.message}\n`);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('explains a lock copied along with a directory on this machine', () => {
    const pid = bystander();
    const dir = lockWith({ pid, started_at: hourAgo, host: hostname(), dir: '/var/lib/kefu/data' });
    const e = refusal(dir);
    expect(e.foreign?.reason).toBe('other_dir');
    expect(e.message).toContain('it was written for /var/lib/kefu/data, so this directory is a copy (or was moved).');
    expect(e.message).toContain("the copy may be inconsistent: stop it and copy again, or use 'kefu backup' and 'kefu restore'");
    expect(e.message).toContain(`rm ${join(dir, 'kefu.lock')}`);
  });

  it('takes over a lock whose pid now belongs to a process started after it (pid reused), or written before a reboot', () => {
    const pid = bystander();
    const reused = lockWith({ pid, started_at: hourAgo });
    acquireLock(reused).release();
    const rebooted = lockWith({ pid, started_at: new Date().toISOString(), host: hostname(), boot_id: 'another-boot' });
    acquireLock(rebooted).release();
  });

  it('tells pid reuse by the start tick of this boot, whatever the wall clock did in between', () => {
    const pid = bystander();
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    // The process that wrote it: held, even with a lock time far from its start (a clock set afterwards).
    const held = lockWith({ pid, started_at: '2020-01-01T00:00:00.000Z', host: hostname(), boot_id: boot, start_ticks: ticks });
    expect(refusal(held).foreign).toBeNull();
    // Another process with that pid now: taken over.
    const reused = lockWith({ pid, started_at: new Date().toISOString(), host: hostname(), boot_id: boot, start_ticks: ticks - 1 });
    acquireLock(reused).release();
    // The lock a server writes records its own tick, and is never seen half written.
    const dir = mkdtempSync(join(tmpdir(), 'kefu-lock-'));
    const mine = acquireLock(dir);
    const info = JSON.parse(readFileSync(join(dir, 'kefu.lock'), 'utf8'));
    expect(info.start_ticks).toBe(Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[19]));
    mine.update({ port: 1234 });
    expect(JSON.parse(readFileSync(join(dir, 'kefu.lock'), 'utf8')).port).toBe(1234);
    expect(readdirSync(dir)).toEqual(['kefu.lock']);
    mine.release();
  });

  it('still refuses, as before, a lock that its live process may hold', () => {
    const dir = lockWith({ pid: process.ppid, port: 9, started_at: new Date().toISOString() });
    const e = refusal(dir);
    expect(e.foreign).toBeNull();
    expect(e.message).toBe(
      `The data directory ${dir} is in use by another Kefu process (pid ${process.ppid}, serving on port 9). Stop it first, or point KEFU_DATA_DIR elsewhere.`,
    );
  });
});

const PG_URL = process.env.TEST_DATABASE_URL;
const pgDump = findPgTool('pg_dump');
describe.skipIf(!PG_URL || !pgDump)('kefu backup / restore (PostgreSQL, pg_dump)', () => {
  it('backs up a database with pg_dump and restores it into another, empty database; refuses a non-empty one', async () => {
    const admin = await openDb({ databaseUrl: PG_URL!, poolSize: 1 });
    const tag = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const [src, dst] = [`kefu_bk_src_${tag}`, `kefu_bk_dst_${tag}`];
    const urlOf = (name: string) => {
      const u = new URL(PG_URL!);
      u.pathname = `/${name}`;
      return u.toString();
    };
    try {
      await admin.query(`create database ${src}`);
      await admin.query(`create database ${dst}`);
      const db = await openDb({ databaseUrl: urlOf(src), poolSize: 1 });
      await migrate(db);
      const person = (
        await db.query<{ id: number }>(`insert into people (name, role) values ('Backup Customer', 'customer') returning id`)
      )[0].id;
      const ticket = (
        await db.query<{ id: number }>(`insert into tickets (subject, requester_id) values ('PostgreSQL 备份 ticket', $1) returning id`, [
          person,
        ])
      )[0].id;
      const message = (
        await db.query<{ id: number }>(
          `insert into messages (ticket_id, author_id, body_text, body_html) values ($1, $2, 'hello', '<p>hello</p>') returning id`,
          [ticket, person],
        )
      )[0].id;
      await db.query(
        `insert into attachments (message_id, filename, content_type, size, data) values ($1, 'a.bin', 'application/octet-stream', $2, $3)`,
        [message, ATTACHMENT.length, ATTACHMENT],
      );
      await db.query(`insert into settings (key, value) values ('security.secret_key', '"k3y"') on conflict (key) do nothing`);
      await db.close();

      const file = join(tempDir(), 'pg.backup');
      const backup = await kefu({ DATABASE_URL: urlOf(src) }, 'backup', file);
      expect(backup, backup.stderr).toMatchObject({ code: 0, stderr: '' });
      expect(backup.stdout).toMatch(/^Backed up the PostgreSQL database \(schema at \d{4}_\w+\.sql; .*\) to .*pg\.backup/);
      expect(openBackup(file).manifest).toMatchObject({
        database: 'postgresql',
        files: [{ name: 'database.pgdump' }],
        engine: { pg_dump_format: 'custom' },
      });

      const restore = await kefu({ DATABASE_URL: urlOf(dst) }, 'restore', file);
      expect(restore, restore.stderr).toMatchObject({ code: 0, stderr: '' });
      expect(restore.stdout).toContain(`into the PostgreSQL database ${dst}`);
      const back = await openDb({ databaseUrl: urlOf(dst), poolSize: 1 });
      const rows = await back.query<{ subject: string; data: Buffer }>(
        `select t.subject, a.data from tickets t join messages m on m.ticket_id = t.id join attachments a on a.message_id = m.id`,
      );
      const key = await back.query<{ value: unknown }>(`select value from settings where key = 'security.secret_key'`);
      await back.close();
      expect(rows.map((r) => r.subject)).toEqual(['PostgreSQL 备份 ticket']);
      expect(Buffer.from(rows[0].data).equals(ATTACHMENT)).toBe(true);
      expect(key.length).toBe(1);

      const twice = await kefu({ DATABASE_URL: urlOf(dst) }, 'restore', file);
      expect(twice.code).toBe(1);
      expect(twice.stderr).toMatch(
        new RegExp(`^kefu: refusing to restore into the database ${dst}: it is not empty \\(\\d+ tables, views or sequences\\)`),
      );
      // An embedded backup is not restored into PostgreSQL, nor the other way round.
      const wrongKind = await kefu({ KEFU_DATA_DIR: join(tempDir(), 'x') }, 'restore', file);
      expect(wrongKind.code).toBe(1);
      expect(wrongKind.stderr).toContain('is a backup of a PostgreSQL database: set DATABASE_URL to an empty database');
    } finally {
      for (const name of [src, dst]) await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.close();
    }
  }, 60_000);
});
