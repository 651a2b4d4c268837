import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Db } from './client.ts';
import { fromRoot } from '../paths.ts';

/**
 * The Kefu backup file (docs/operations.md, Backup): a POSIX tar archive, uncompressed, holding
 *   kefu-backup.json   the manifest (BackupManifest), always the first entry
 *   database.tar.gz    embedded: the PGlite data directory (gzip-compressed tar, without kefu.lock)
 *   database.pgdump    PostgreSQL: `pg_dump --format=custom` (compressed by pg_dump)
 * Attachments and the generated secret key live in the database (tables `attachments` and
 * `settings`, key `security.secret_key`), so the database is the whole backup. `tar xOf FILE
 * kefu-backup.json` shows the manifest.
 */
export const MANIFEST_NAME = 'kefu-backup.json';
export const BACKUP_FORMAT = 'kefu-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const EMBEDDED_ENTRY = 'database.tar.gz';
export const POSTGRES_ENTRY = 'database.pgdump';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  format_version: number;
  kefu_version: string;
  database: 'embedded' | 'postgresql';
  created_at: string;
  /** Migrations applied to the database when it was backed up (schema_migrations), in order. */
  schema: { migrations: string[]; latest: string | null };
  /** The engine: PGlite and its PostgreSQL major version, or the server's version and pg_dump's. */
  engine: Record<string, string>;
  files: Array<{ name: string; bytes: number; sha256: string }>;
  contents: string[];
}

export const BACKUP_CONTENTS = [
  'the whole database: tickets, messages, people, settings, audit log, jobs, mail',
  'attachments (stored in the database, table attachments)',
  'the generated secret key (stored in the database, settings security.secret_key); KEFU_SECRET_KEY, when set, is not in the backup',
];

export function kefuVersion(): string {
  const pkg = fromRoot('package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** The applied migrations, in order; none when the database was never migrated. */
export async function appliedMigrations(q: Pick<Db, 'query'>): Promise<string[]> {
  const exists = await q.query<{ t: string | null }>(`select to_regclass('schema_migrations')::text as t`);
  if (!exists[0]?.t) return [];
  return (await q.query<{ name: string }>(`select name from schema_migrations order by name`)).map((r) => r.name);
}

// --- tar (POSIX ustar; sizes past 8 GiB in base-256) ---

const BLOCK = 512;

function octal(buf: Buffer, offset: number, length: number, value: number) {
  buf.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'ascii');
}

export function tarHeader(name: string, size: number, mtime = new Date()): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  octal(h, 100, 8, 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  if (size < 8 ** 11) octal(h, 124, 12, size);
  else {
    h[124] = 0x80;
    h.writeBigUInt64BE(BigInt(size), 128);
  }
  octal(h, 136, 12, Math.floor(mtime.getTime() / 1000));
  h.fill(' ', 148, 156);
  h.write('0', 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return h;
}

export const tarPadding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
export const TAR_END = Buffer.alloc(2 * BLOCK);

/** A header block whose checksum adds up (anything else is not a tar). */
function validHeader(h: Buffer): boolean {
  const stored = parseInt(h.toString('ascii', 148, 156).replace(/\0.*$/s, '').trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return stored === sum;
}

function headerSize(h: Buffer): number {
  if (h[124] & 0x80) return Number(h.readBigUInt64BE(128));
  return parseInt(h.toString('ascii', 124, 136).replace(/\0.*$/, '').trim() || '0', 8);
}
function headerName(h: Buffer): string {
  const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
  const prefix = h.toString('ascii', 257, 263).startsWith('ustar') ? h.toString('utf8', 345, 500).replace(/\0.*$/s, '') : '';
  return prefix ? `${prefix}/${name}` : name;
}

export interface TarEntry {
  name: string;
  /** Where its content starts in the file or buffer, and how long it is. */
  offset: number;
  size: number;
  header: number;
}

/** The entries of a tar held in a buffer (PGlite's data directory dump). */
export function tarEntries(buf: Uint8Array): TarEntry[] {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: TarEntry[] = [];
  let pos = 0;
  while (pos + BLOCK <= b.length) {
    const h = b.subarray(pos, pos + BLOCK);
    if (h.every((x) => x === 0)) break;
    const size = headerSize(h);
    out.push({ name: headerName(h), offset: pos + BLOCK, size, header: pos });
    pos += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}

/** The entries of a tar file, read header by header (a backup may be larger than memory). */
export function tarFileEntries(file: string): TarEntry[] {
  const fd = openSync(file, 'r');
  try {
    const out: TarEntry[] = [];
    const h = Buffer.alloc(BLOCK);
    let pos = 0;
    for (;;) {
      if (readSync(fd, h, 0, BLOCK, pos) < BLOCK || h.every((x) => x === 0)) break;
      if (!validHeader(h)) {
        if (pos === 0) break; // not a tar at all: no entries
        throw new Error(`damaged at byte ${pos} (not a tar header)`);
      }
      const size = headerSize(h);
      out.push({ name: headerName(h), offset: pos + BLOCK, size, header: pos });
      pos += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

export function readRange(file: string, offset: number, size: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, buf, done, size - done, offset + done);
      if (n === 0) throw new Error(`${file} ends early (truncated?)`);
      done += n;
    }
    return buf;
  } finally {
    closeSync(fd);
  }
}

// --- the embedded database ---

/** The installed PGlite's version (its package.json, found from its entry point). */
export function pgliteVersion(): string {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    while (dir !== dirname(dir) && !existsSync(join(dir, 'package.json'))) dir = dirname(dir);
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * A consistent snapshot of a PGlite data directory, as a gzip-compressed tar without kefu.lock (which
 * names this process and holds its local operator secret). Taken inside a transaction: PGlite runs
 * one transaction at a time, so no other one is open meanwhile (dumpDataDir alone only waits for the
 * statement in progress, and could copy the files between two statements of someone's transaction);
 * CHECKPOINT first writes every page to the files, so the copy needs no WAL replay. Writers wait for
 * the copy (about 0.2 s per 40 MB); compression happens after, without holding the database.
 */
export async function embeddedSnapshot(db: Db): Promise<{ data: Buffer; migrations: string[]; postgres: string }> {
  if (db.kind !== 'pglite' || !db.dumpDataDir) throw new Error('Only an embedded database has a data directory to copy');
  const dump = db.dumpDataDir;
  const { tar, migrations } = await db.tx(async (q) => {
    await q.query('checkpoint');
    const migrations = await appliedMigrations(q);
    return { tar: new Uint8Array(await (await dump()).arrayBuffer()), migrations };
  });
  const parts: Buffer[] = [];
  let postgres = '';
  for (const e of tarEntries(tar)) {
    const name = e.name.replace(/^\/+/, '');
    if (name === 'kefu.lock') continue;
    if (name === 'PG_VERSION')
      postgres = Buffer.from(tar.subarray(e.offset, e.offset + e.size))
        .toString('ascii')
        .trim();
    parts.push(Buffer.from(tar.subarray(e.header, e.offset + Math.ceil(e.size / BLOCK) * BLOCK)));
  }
  parts.push(TAR_END);
  const data = await promisify(gzip)(Buffer.concat(parts));
  return { data, migrations, postgres };
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export function manifestFor(o: {
  database: BackupManifest['database'];
  migrations: string[];
  engine: Record<string, string>;
  file: { name: string; bytes: number; sha256: string };
}): BackupManifest {
  return {
    format: BACKUP_FORMAT,
    format_version: BACKUP_FORMAT_VERSION,
    kefu_version: kefuVersion(),
    database: o.database,
    created_at: new Date().toISOString(),
    schema: { migrations: o.migrations, latest: o.migrations[o.migrations.length - 1] ?? null },
    engine: o.engine,
    files: [o.file],
    contents: BACKUP_CONTENTS,
  };
}

/** The archive's first part: the manifest entry and the header of the database entry (its content follows, then archiveTail). */
export function archiveHead(manifest: BackupManifest): Buffer {
  const json = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
  const file = manifest.files[0];
  return Buffer.concat([tarHeader(MANIFEST_NAME, json.length), json, tarPadding(json.length), tarHeader(file.name, file.bytes)]);
}
export const archiveTail = (manifest: BackupManifest) => Buffer.concat([tarPadding(manifest.files[0].bytes), TAR_END]);

/** A whole embedded backup, in memory (the snapshot is in memory anyway). */
export async function embeddedBackup(db: Db): Promise<{ manifest: BackupManifest; chunks: Buffer[] }> {
  const snap = await embeddedSnapshot(db);
  const manifest = manifestFor({
    database: 'embedded',
    migrations: snap.migrations,
    engine: { pglite: pgliteVersion(), postgres: snap.postgres },
    file: { name: EMBEDDED_ENTRY, bytes: snap.data.length, sha256: sha256(snap.data) },
  });
  return { manifest, chunks: [archiveHead(manifest), snap.data, archiveTail(manifest)] };
}

export class BackupFileError extends Error {}

/** Reads and checks a backup file's manifest and finds its database entry (it is not read here). */
export function openBackup(file: string): { manifest: BackupManifest; entry: TarEntry } {
  let entries: TarEntry[];
  try {
    entries = tarFileEntries(file);
  } catch (e) {
    throw new BackupFileError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const first = entries[0];
  if (!first || first.name !== MANIFEST_NAME)
    throw new BackupFileError(`${file} is not a Kefu backup (it does not start with ${MANIFEST_NAME}; make one with 'kefu backup FILE')`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readRange(file, first.offset, first.size).toString('utf8')) as BackupManifest;
  } catch (e) {
    throw new BackupFileError(`${file}: the manifest ${MANIFEST_NAME} is not valid JSON (${(e as Error).message})`);
  }
  if (manifest.format !== BACKUP_FORMAT) throw new BackupFileError(`${file} is not a Kefu backup (format ${String(manifest.format)})`);
  if (manifest.format_version > BACKUP_FORMAT_VERSION)
    throw new BackupFileError(
      `${file} is a backup of format ${manifest.format_version}, made by Kefu ${manifest.kefu_version}; this Kefu reads format ${BACKUP_FORMAT_VERSION}: restore it with that version or newer`,
    );
  const want = manifest.files?.[0];
  const entry = entries.find((e) => e.name === want?.name);
  if (!want || !entry || entry.size !== want.bytes || entry.offset + entry.size > statSync(file).size)
    throw new BackupFileError(
      `${file} is incomplete: the database entry ${want?.name ?? '?'} is missing or cut short (was the copy truncated?)`,
    );
  return { manifest, entry };
}

/** The database entry's bytes, checked against the manifest's SHA-256. */
export function readDatabaseEntry(file: string, o: { manifest: BackupManifest; entry: TarEntry }): Buffer {
  const data = readRange(file, o.entry.offset, o.entry.size);
  if (sha256(data) !== o.manifest.files[0].sha256)
    throw new BackupFileError(`${file} is damaged: the SHA-256 of ${o.entry.name} does not match its manifest`);
  return data;
}

/** Checks the database entry against the manifest's SHA-256, reading it in chunks; with `dest`, copies it there on the way (pg_restore reads a file). */
export async function checkDatabaseEntry(file: string, o: { manifest: BackupManifest; entry: TarEntry }, dest?: string): Promise<void> {
  const hash = createHash('sha256');
  const src = createReadStream(file, { start: o.entry.offset, end: o.entry.offset + o.entry.size - 1 });
  if (o.entry.size === 0) src.destroy();
  await pipeline(
    src,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const c of chunks) {
        hash.update(c);
        if (dest) yield c;
      }
    },
    dest ? createWriteStream(dest, { mode: 0o600 }) : new Writable({ write: (_c, _e, cb) => cb() }),
  );
  if (hash.digest('hex') !== o.manifest.files[0].sha256)
    throw new BackupFileError(`${file} is damaged: the SHA-256 of ${o.entry.name} does not match its manifest`);
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const c of createReadStream(path)) hash.update(c as Buffer);
  return hash.digest('hex');
}
