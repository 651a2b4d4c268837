import type { Db } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';

export interface PlanRow {
  id: number;
  key: string;
  name: string;
  rank: number;
  settings: Record<string, unknown>;
  created_at: Date;
}

export const presentPlan = (p: PlanRow) => ({
  id: p.id,
  key: p.key,
  name: p.name,
  rank: p.rank,
  settings: p.settings,
  created_at: p.created_at,
});

/** Plans are few (a handful per desk): listed whole, in queue rank order. */
export async function listPlans(db: Db, _opts: { actor: Principal }) {
  const rows = await db.query<PlanRow>(`select id, key, name, rank, settings, created_at from plans order by rank, id limit 500`);
  return { data: rows.map(presentPlan), next_cursor: null };
}
