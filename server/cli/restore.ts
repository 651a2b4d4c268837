import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Config } from '../config.ts';
import {
  appliedMigrations,
  BackupFileError,
  checkDatabaseEntry,
  openBackup,
  readDatabaseEntry,
  type BackupManifest,
} from '../db/backup.ts';
import { openDb } from '../db/client.ts';
import { acquireLock } from '../db/lock.ts';
import { migrationFiles } from '../db/migrate.ts';
import { CliError, parseCommand } from './args.ts';
import { findPgTool, missingPgTool, pgConnection, runPgTool } from './backup.ts';
import type { Io } from './io.ts';

export function parseRestore(args: string[]) {
  const r = parseCommand('restore', args, {}, { min: 1, max: 1, names: 'FILE (a backup made by kefu backup)' });
  return { file: resolve(r.positionals[0]) };
}

/** What a data directory holds besides what a fresh volume may bring (lost+found). */
const contentsOf = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f !== 'lost+found') : []);

/** The migrations this Kefu applies when it starts on the restored database; refuses a backup from a newer Kefu. */
function schemaPlan(m: BackupManifest): { newer: string[] } {
  const known = new Set(migrationFiles());
  const unknown = m.schema.migrations.filter((f) => !known.has(f));
  if (unknown.length)
    throw new CliError(
      `the backup was made by Kefu ${m.kefu_version}, whose database has migrations this Kefu does not know (${unknown.join(', ')}). Install Kefu ${m.kefu_version} or newer and restore with it. Nothing was changed.`,
    );
  const had = new Set(m.schema.migrations);
  return { newer: migrationFiles().filter((f) => !had.has(f)) };
}

/**
 * `kefu restore FILE`: into an empty data directory (embedded) or an empty database (DATABASE_URL),
 * never over anything; the kind of database must be the backup's. Migrations newer than the backup run
 * when Kefu next starts (or `kefu migrate`).
 */
export async function runRestore(config: Config, o: { file: string }, io: Io): Promise<number> {
  if (!existsSync(o.file)) throw new CliError(`${o.file} does not exist`);
  let opened: ReturnType<typeof openBackup>;
  try {
    opened = openBackup(o.file);
  } catch (e) {
    if (e instanceof BackupFileError) throw new CliError(e.message);
    throw e;
  }
  const { manifest } = opened;
  const plan = schemaPlan(manifest);
  const target = config.databaseUrl ? 'postgresql' : 'embedded';
  if (manifest.database !== target)
    throw new CliError(
      manifest.database === 'embedded'
        ? `${o.file} is a backup of an embedded database, and DATABASE_URL is set: unset it to restore into an empty data directory (KEFU_DATA_DIR). Nothing was changed.`
        : `${o.file} is a backup of a PostgreSQL database: set DATABASE_URL to an empty database to restore it there (pg_restore). Nothing was changed.`,
    );
  let where: string;
  try {
    where = config.databaseUrl
      ? await restorePostgres(config.databaseUrl, o.file, opened)
      : await restoreEmbedded(config.dataDir, o.file, opened);
  } catch (e) {
    if (e instanceof BackupFileError) throw new CliError(e.message);
    throw e;
  }
  const made = `made ${manifest.created_at} by Kefu ${manifest.kefu_version}`;
  io.out(`Restored ${o.file} (${made}; schema at ${manifest.schema.latest ?? 'no migration'}) into ${where}.\n`);
  io.out(
    plan.newer.length
      ? `This Kefu has ${plan.newer.length} newer migration${plan.newer.length === 1 ? '' : 's'} (up to ${plan.newer[plan.newer.length - 1]}): Kefu applies them when it starts (or run 'kefu migrate').\n`
      : 'The schema is up to date with this Kefu. Start Kefu on it.\n',
  );
  if (manifest.database === 'embedded' && manifest.engine.pglite) io.out(`(The backup was taken with PGlite ${manifest.engine.pglite}.)\n`);
  return 0;
}

async function restoreEmbedded(dataDir: string, file: string, opened: ReturnType<typeof openBackup>): Promise<string> {
  const existing = contentsOf(dataDir);
  if (existing.length)
    throw new CliError(
      `refusing to restore into ${dataDir}: it is not empty (${existing.length} entr${existing.length === 1 ? 'y' : 'ies'}: ${existing.slice(0, 5).join(', ')}${existing.length > 5 ? ', …' : ''}). Restore only goes into a new or empty directory: set KEFU_DATA_DIR to one (e.g. KEFU_DATA_DIR=./data-restored). Nothing was changed.`,
    );
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory()) throw new CliError(`${dataDir} is not a directory`);
  const tarball = await promisify(gunzip)(readDatabaseEntry(file, opened));
  const lock = acquireLock(dataDir); // no server may start here while the files are written
  try {
    const db = await openDb({ dataDir, loadDataDir: new Blob([new Uint8Array(tarball)]) });
    try {
      await appliedMigrations(db); // it opens and answers
    } finally {
      await db.close();
    }
  } catch (e) {
    // The directory was empty: put it back that way.
    for (const f of contentsOf(dataDir)) if (f !== 'kefu.lock') rmSync(join(dataDir, f), { recursive: true, force: true });
    lock.release();
    throw new CliError(
      `could not load the database from ${file} into ${dataDir}: ${(e as Error).message}. The backup was taken with PGlite ${opened.manifest.engine.pglite ?? '?'} (PostgreSQL ${opened.manifest.engine.postgres ?? '?'}); restore it with a Kefu of that PostgreSQL major version, then upgrade. ${dataDir} is empty again.`,
    );
  }
  lock.release();
  return `the data directory ${dataDir}`;
}

async function restorePostgres(url: string, file: string, opened: ReturnType<typeof openBackup>): Promise<string> {
  const pgRestore = findPgTool('pg_restore');
  if (!pgRestore) throw missingPgTool('pg_restore');
  const db = await openDb({ databaseUrl: url, poolSize: 1 });
  let name: string;
  try {
    name = (await db.query<{ d: string }>(`select current_database() as d`))[0].d;
    const rows = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace
        where s.nspname not in ('pg_catalog', 'information_schema') and s.nspname not like 'pg\\_toast%' and s.nspname not like 'pg\\_temp%'
          and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')`,
    );
    if (rows[0].n > 0)
      throw new CliError(
        `refusing to restore into the database ${name}: it is not empty (${rows[0].n} tables, views or sequences). Restore only goes into an empty database: create one (createdb kefu_restored, or CREATE DATABASE) and point DATABASE_URL at it. Nothing was changed.`,
      );
  } finally {
    await db.close();
  }
  const tmp = mkdtempSync(join(tmpdir(), 'kefu-restore-'));
  const dump = join(tmp, 'database.pgdump');
  try {
    await checkDatabaseEntry(file, opened, dump);
    const conn = pgConnection(url);
    // One transaction: a failure leaves the database as empty as it was.
    await runPgTool(
      pgRestore,
      ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${conn.url}`, dump],
      conn.env,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return `the PostgreSQL database ${name}`;
}
