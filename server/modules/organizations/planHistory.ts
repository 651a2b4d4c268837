import type { Db } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { organizationPolicy } from './organizationPolicy.ts';
import { organizationRepository } from './organizationRepository.ts';

export async function planHistory(db: Db, o: { actor: Principal; organizationId: number }) {
  if (!organizationPolicy.canSee(o.actor, o.organizationId) || !(await organizationRepository.get(db, o.organizationId)))
    throw notFound('Organization', o.organizationId);
  return { data: await organizationRepository.planHistory(db, o.organizationId), next_cursor: null };
}
