import type { Queryable } from './client.ts';

/**
 * Keeps the planner's statistics current where nothing else does: PGlite runs no autovacuum, and a
 * PostgreSQL may have it turned off. Without fresh statistics a table that started empty (jobs, mail,
 * guest links on a new desk) keeps looking empty, and a prepared statement keeps the plan it chose
 * then (a sequential scan) while the table grows: on the embedded database the job claim had grown
 * to 7 ms at 7,000 jobs. ANALYZE makes PostgreSQL plan such statements again.
 *
 * The rule is autovacuum's own, with its default settings: a table is analyzed once more than
 * 50 rows + 10 % of its rows changed since its last ANALYZE (`autovacuum_analyze_threshold`,
 * `autovacuum_analyze_scale_factor`).
 */
export async function analyzeChangedTables(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ name: string }>(
    `select relname as name from pg_stat_user_tables
      where schemaname = current_schema() and n_mod_since_analyze > 50 + 0.1 * greatest(n_live_tup, 0)
      order by relname`,
  );
  for (const { name } of rows) await q.query(`analyze "${name.replace(/"/g, '""')}"`);
  return rows.map((r) => r.name);
}

/** Whether Kefu must analyze tables itself: the embedded database, or a PostgreSQL without autovacuum. */
export async function needsOwnAnalyze(q: Queryable, kind: 'pglite' | 'pg'): Promise<boolean> {
  if (kind === 'pglite') return true;
  const [row] = await q.query<{ on: boolean }>(`select current_setting('autovacuum') = 'on' as on`);
  return !row?.on;
}
