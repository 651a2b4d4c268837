import type { Db, Queryable } from '../../db/client.ts';
import type { PolicyKind, SlaPolicyMatch, SlaTarget } from '../../domain/sla/index.ts';
import { forbidden, notFound, text, unprocessable } from '../../errors.ts';
import { enqueue } from '../../jobs/queue.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';
import { invalidateSlaConfig } from './slaConfig.ts';
import { slaRepository, type PolicyRow } from './slaRepository.ts';
import { refreshServiceHoursArticle } from '../presets/refreshServiceHours.ts';

export interface PolicyInput {
  name: string;
  display_name?: Record<string, string>;
  kind: PolicyKind;
  position?: number;
  match?: SlaPolicyMatch;
  targets: SlaTarget[];
  recompute_open?: boolean;
}

export const presentPolicy = (p: PolicyRow) => ({
  id: p.id,
  name: p.name,
  display_name: p.display_name ?? null,
  kind: p.kind,
  position: p.position,
  match: p.match,
  targets: p.targets.map((t) => ({ ...t, calendar_id: Number(t.calendar_id) })),
  created_at: p.created_at,
  updated_at: p.updated_at,
});

/** Targets name existing calendars; one target per metric and priority. */
async function checkTargets(q: Queryable, targets: SlaTarget[]) {
  const seen = new Set<string>();
  for (const [i, t] of targets.entries()) {
    const key = `${t.metric}:${t.priority}`;
    if (seen.has(key))
      throw unprocessable(text('sla.errors.target_duplicate', { metric: text(`notifications.metric.${t.metric}`), priority: t.priority }), {
        field: `targets.${i}`,
      });
    seen.add(key);
    if (!(await slaRepository.getCalendar(q, Number(t.calendar_id))))
      throw unprocessable(text('sla.errors.target_calendar_missing', { id: t.calendar_id }), {
        field: `targets.${i}.calendar_id`,
      });
  }
  return targets.map((t) => ({ ...t, calendar_id: String(t.calendar_id), pause_on: t.pause_on ?? ['pending', 'on_hold'] }));
}

const normalizeMatch = (m: SlaPolicyMatch = {}): SlaPolicyMatch => ({
  plan_ids: m.plan_ids?.map(String) ?? null,
  addons: m.addons ?? null,
  channels: m.channels ?? null,
  categories: m.categories ?? null,
});

const admin = (a: Principal) => {
  if (!isAdmin(a)) throw forbidden(text('sla.errors.policies_admin_only'));
};

/** Enqueue a recompute of every unsolved ticket with the current policies (the admin's explicit choice). */
export async function requestRecompute(q: Queryable) {
  await enqueue(q, 'sla.recompute', { after_id: 0 }, { singletonKey: 'sla.recompute' });
}

export async function createPolicy(db: Db, o: { actor: Principal; input: PolicyInput }) {
  admin(o.actor);
  const row = await db.tx(async (q) => {
    const r = await slaRepository.insertPolicy(q, {
      name: o.input.name,
      display_name: o.input.display_name ?? null,
      kind: o.input.kind,
      position: o.input.position ?? 100,
      match: normalizeMatch(o.input.match),
      targets: await checkTargets(q, o.input.targets),
    });
    if (o.input.recompute_open) await requestRecompute(q);
    await refreshServiceHoursArticle(q);
    return r;
  });
  invalidateSlaConfig();
  return presentPolicy(row);
}

export async function updatePolicy(db: Db, o: { actor: Principal; id: number; input: Partial<PolicyInput> }) {
  admin(o.actor);
  const row = await db.tx(async (q) => {
    const r = await slaRepository.updatePolicy(q, o.id, {
      name: o.input.name,
      display_name: o.input.display_name,
      kind: o.input.kind,
      position: o.input.position,
      match: o.input.match ? normalizeMatch(o.input.match) : undefined,
      targets: o.input.targets ? await checkTargets(q, o.input.targets) : undefined,
    });
    if (!r) throw notFound('SLA policy', o.id);
    if (o.input.recompute_open) await requestRecompute(q);
    await refreshServiceHoursArticle(q);
    return r;
  });
  invalidateSlaConfig();
  return presentPolicy(row);
}

export async function deletePolicy(db: Db, o: { actor: Principal; id: number }) {
  admin(o.actor);
  if (!(await slaRepository.getPolicy(db, o.id))) throw notFound('SLA policy', o.id);
  await slaRepository.deletePolicy(db, o.id);
  invalidateSlaConfig();
  await refreshServiceHoursArticle(db);
}

export async function listPolicies(db: Db, o: { actor: Principal }) {
  if (!isStaff(o.actor)) throw forbidden(text('sla.errors.policies_staff_only'));
  return { data: (await slaRepository.listPolicies(db)).map(presentPolicy), next_cursor: null };
}

export async function getPolicy(db: Db, o: { actor: Principal; id: number }) {
  if (!isStaff(o.actor)) throw forbidden(text('sla.errors.policies_staff_only'));
  const p = await slaRepository.getPolicy(db, o.id);
  if (!p) throw notFound('SLA policy', o.id);
  return presentPolicy(p);
}
