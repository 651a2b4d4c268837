import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../paths.ts';
import type { Db } from './client.ts';

const dir = fromRoot('server', 'db', 'migrations');

export function migrationFiles(): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
}

/** Migrations on disk that the database has not applied yet (readiness waits for none). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const rows = await db.query<{ name: string }>(`select name from schema_migrations where name = any($1::text[])`, [migrationFiles()]);
  const applied = new Set(rows.map((r) => r.name));
  return migrationFiles().filter((f) => !applied.has(f));
}

/** Applies pending migrations in order, each in its own transaction. Safe to run from several instances. */
export async function migrate(db: Db): Promise<string[]> {
  await db.query(`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`);
  const applied: string[] = [];
  for (const file of migrationFiles()) {
    const sql = readFileSync(join(dir, file), 'utf8');
    const done = await db.tx(async (q) => {
      // One migrator at a time across app instances.
      await q.query(`select pg_advisory_xact_lock(7426001)`);
      const seen = await q.query(`select 1 from schema_migrations where name = $1`, [file]);
      if (seen.length) return false;
      for (const stmt of splitSql(sql)) await q.query(stmt);
      await q.query(`insert into schema_migrations (name) values ($1)`, [file]);
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
}

/** Splits on semicolons at line ends, keeping $$-quoted bodies whole. */
export function splitSql(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    if (/^\s*--/.test(line) && !inDollar) continue;
    const dollars = (line.match(/\$\$/g) ?? []).length;
    if (dollars % 2 === 1) inDollar = !inDollar;
    cur += line + '\n';
    if (!inDollar && /;\s*$/.test(line)) {
      if (cur.trim()) out.push(cur.trim().replace(/;$/, ''));
      cur = '';
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
