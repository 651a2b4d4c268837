import type { Db } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { decodeCursor, page } from '../shared/cursor.ts';
import { organizationPolicy } from './organizationPolicy.ts';
import { presentOrganization } from './organizationPresenter.ts';
import { organizationRepository } from './organizationRepository.ts';

export async function getOrganization(db: Db, opts: { actor: Principal; id: number }) {
  const o = organizationPolicy.canSee(opts.actor, opts.id) ? await organizationRepository.get(db, opts.id) : null;
  if (!o) throw notFound('Organization', opts.id);
  return presentOrganization(o, opts.actor);
}

/** Staff list all organizations; a customer lists only their own. */
export async function listOrganizations(db: Db, opts: { actor: Principal; q?: string; plan_id?: number; cursor?: string; limit: number }) {
  const after = decodeCursor(opts.cursor, 2) as [string, number] | null;
  const onlyId = isStaff(opts.actor) ? undefined : (opts.actor.organizationId ?? -1);
  const rows = await organizationRepository.list(db, { q: opts.q, planId: opts.plan_id, onlyId, after, limit: opts.limit + 1 });
  const p = page(rows, opts.limit, (r) => [r.name.toLowerCase(), r.id]);
  return { data: p.data.map((o) => presentOrganization(o, opts.actor)), next_cursor: p.next_cursor };
}
