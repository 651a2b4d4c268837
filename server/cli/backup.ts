import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { Config } from '../config.ts';
import {
  appliedMigrations,
  archiveHead,
  archiveTail,
  embeddedBackup,
  manifestFor,
  checkDatabaseEntry,
  fileSha256,
  openBackup,
  POSTGRES_ENTRY,
  type BackupManifest,
} from '../db/backup.ts';
import { openDb } from '../db/client.ts';
import { acquireLock, DataDirInUseError, readLock, type LockInfo } from '../db/lock.ts';
import { httpClient } from './apiClient.ts';
import { CliError, parseCommand } from './args.ts';
import type { Io } from './io.ts';

export function parseBackup(args: string[]) {
  const r = parseCommand('backup', args, {}, { min: 1, max: 1, names: 'FILE (where to write the backup)' });
  return { file: resolve(r.positionals[0]) };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * `pg_dump`/`pg_restore`/`psql`: on PATH, else the newest in /usr/lib/postgresql/<major>/bin (Debian
 * and Ubuntu install the server's tools there without putting them on PATH).
 */
export function findPgTool(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) if (existsSync(join(dir, name))) return join(dir, name);
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', name))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin', name) : null;
}

export function missingPgTool(name: string): CliError {
  return new CliError(
    `${name} is not installed (looked on PATH and in /usr/lib/postgresql/*/bin). With DATABASE_URL set, Kefu uses PostgreSQL's own ${name}: install the PostgreSQL client tools (Debian/Ubuntu: apt-get install postgresql-client), of the server's major version or newer, and run the command again.`,
  );
}

/** The URL without its password (it would show in `ps`), and the environment that passes the password to libpq. */
export function pgConnection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

export async function runPgTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await promisify(execFile)(tool, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new CliError(`${basename(tool)} failed: ${(err.stderr || err.message).trim()}`);
  }
}

/** Writes next to FILE, then renames: FILE is never left half-written (an old backup of that name stays until the new one is complete). */
async function writeAtomically(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
  if (existsSync(file) && statSync(file).isDirectory()) throw new CliError(`${file} is a directory: name the backup file`);
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.partial`);
  try {
    await write(tmp);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EACCES')
      throw new CliError(`cannot write ${file}: ${(e as Error).message}`);
    throw e;
  }
}

/** Reads the written file back: the manifest parses and the database entry matches its SHA-256. */
async function verify(file: string): Promise<BackupManifest> {
  const opened = openBackup(file);
  await checkDatabaseEntry(file, opened);
  return opened.manifest;
}

function report(io: Io, file: string, m: BackupManifest) {
  const what = m.database === 'embedded' ? 'the embedded database' : 'the PostgreSQL database';
  io.out(
    `Backed up ${what} (schema at ${m.schema.latest ?? 'no migration'}; attachments and the generated secret key included) to ${file} (${mb(statSync(file).size)}).\n`,
  );
}

/**
 * `kefu backup FILE`. Embedded: through the running server (a snapshot taken between its transactions),
 * else straight from the data directory under its lock. PostgreSQL: pg_dump. Never boots Kefu, so a
 * backup taken before an upgrade is not migrated first.
 */
export async function runBackup(config: Config, o: { file: string }, io: Io): Promise<number> {
  if (config.databaseUrl) {
    await backupPostgres(config.databaseUrl, o.file);
  } else {
    await backupEmbedded(config, o.file, io);
  }
  report(io, o.file, await verify(o.file));
  return 0;
}

async function backupEmbedded(config: Config, file: string, io: Io) {
  const deadline = Date.now() + 30_000;
  let told = false;
  let busy: LockInfo | null = null;
  for (;;) {
    const info = readLock(config.dataDir);
    if (info?.port && info.secret) {
      const api = httpClient({ pid: info.pid, port: info.port, secret: info.secret });
      const res = await api.download('/api/v1/backup');
      if (res.status !== 200) {
        const text = (await res.body.toArray()).join('');
        let message = text.slice(0, 300);
        try {
          message = (JSON.parse(text) as { error: { message: string } }).error.message;
        } catch {
          /* not the error shape */
        }
        throw new CliError(`the Kefu server (pid ${info.pid}) did not make the backup: ${message}`);
      }
      await writeAtomically(file, (tmp) => pipeline(res.body, createWriteStream(tmp, { mode: 0o600 })));
      return;
    }
    if (!info) {
      let lock: ReturnType<typeof acquireLock> | null = null;
      try {
        lock = acquireLock(config.dataDir);
      } catch (e) {
        if (!(e instanceof DataDirInUseError) || e.foreign) throw e;
        busy = e.info;
      }
      if (lock) {
        try {
          const db = await openDb({ dataDir: config.dataDir });
          try {
            const { chunks } = await embeddedBackup(db);
            await writeAtomically(file, (tmp) => pipeline(chunks, createWriteStream(tmp, { mode: 0o600 })));
          } finally {
            await db.close();
          }
        } finally {
          lock.release();
        }
        return;
      }
    } else busy = info;
    if (Date.now() >= deadline) throw new DataDirInUseError(config.dataDir, busy!);
    if (!told) {
      told = true;
      io.err(
        `kefu: ${config.dataDir} is in use by another Kefu process (pid ${busy!.pid}) that is not serving HTTP yet; waiting up to 30 s…\n`,
      );
    }
    await sleep(200);
  }
}

async function backupPostgres(url: string, file: string) {
  const pgDump = findPgTool('pg_dump');
  if (!pgDump) throw missingPgTool('pg_dump');
  const db = await openDb({ databaseUrl: url, poolSize: 1 });
  let migrations: string[];
  let server: string;
  try {
    migrations = await appliedMigrations(db);
    server = (await db.query<{ v: string }>(`select current_setting('server_version') as v`))[0].v;
  } finally {
    await db.close();
  }
  const conn = pgConnection(url);
  const dump = join(dirname(file), `.${basename(file)}.${process.pid}.pgdump`);
  try {
    await runPgTool(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${dump}`, `--dbname=${conn.url}`], conn.env);
    const version = await promisify(execFile)(pgDump, ['--version']).then((r) => r.stdout.trim().replace(/^pg_dump \(PostgreSQL\) /, ''));
    const bytes = statSync(dump).size;
    const hash = await fileSha256(dump);
    const manifest = manifestFor({
      database: 'postgresql',
      migrations,
      engine: { postgres_server: server, pg_dump: version, pg_dump_format: 'custom' },
      file: { name: POSTGRES_ENTRY, bytes, sha256: hash },
    });
    await writeAtomically(file, async (tmp) => {
      const out = createWriteStream(tmp, { mode: 0o600 });
      await pipeline(
        (async function* () {
          yield archiveHead(manifest);
          yield* createReadStream(dump);
          yield archiveTail(manifest);
        })(),
        out,
      );
    });
  } finally {
    rmSync(dump, { force: true });
  }
}
