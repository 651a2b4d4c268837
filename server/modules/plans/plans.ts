import type { Db } from '../../db/client.ts';
import { conflict, forbidden, notFound, text } from '../../errors.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { pgCode } from '../shared/cursor.ts';
import { presentPlan } from './listPlans.ts';
import { planRepository } from './planRepository.ts';
import { refreshServiceHoursArticle } from '../presets/refreshServiceHours.ts';

export interface PlanInput {
  key: string;
  name: string;
  rank: number;
  settings?: Record<string, unknown>;
}

/** Plans are data: channels, categories, human support, links and what support will not do live in `settings`. */
export async function createPlan(db: Db, o: { actor: Principal; input: PlanInput }) {
  if (!isAdmin(o.actor)) throw forbidden(text('plans.errors.create_admin_only'));
  try {
    const rows = await db.query<{ id: number }>(`insert into plans (key, name, rank, settings) values ($1, $2, $3, $4) returning id`, [
      o.input.key,
      o.input.name,
      o.input.rank,
      JSON.stringify(o.input.settings ?? {}),
    ]);
    await refreshServiceHoursArticle(db);
    return presentPlan((await planRepository.get(db, rows[0].id))!);
  } catch (e) {
    if (pgCode(e) === '23505') throw conflict(text('plans.errors.key_taken', { key: o.input.key }), { field: 'key' });
    throw e;
  }
}

export async function updatePlan(db: Db, o: { actor: Principal; id: number; input: Partial<PlanInput> }) {
  if (!isAdmin(o.actor)) throw forbidden(text('plans.errors.change_admin_only'));
  const cur = await planRepository.get(db, o.id);
  if (!cur) throw notFound('Plan', o.id);
  await db.tx(async (q) => {
    await q.query(
      `update plans set name = coalesce($2, name), rank = coalesce($3, rank), settings = coalesce($4, settings) where id = $1`,
      [
        o.id,
        o.input.name ?? null,
        o.input.rank ?? null,
        o.input.settings ? JSON.stringify({ ...cur.settings, ...o.input.settings }) : null,
      ],
    );
    // Queue rank is stored on unsolved tickets (it is part of the queue index).
    if (o.input.rank !== undefined)
      await q.query(
        `update tickets set plan_rank = $2, queue_rank = case when queue_rank = 0 then 0 else $2 end where plan_id = $1 and status in ('new', 'open', 'pending', 'on_hold')`,
        [o.id, o.input.rank],
      );
    await refreshServiceHoursArticle(q);
  });
  return presentPlan((await planRepository.get(db, o.id))!);
}

export async function getPlan(db: Db, o: { actor: Principal; id: number }) {
  const p = await planRepository.get(db, o.id);
  if (!p) throw notFound('Plan', o.id);
  return presentPlan(p);
}
