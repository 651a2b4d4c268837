import type { Db } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { peopleRepository } from './peopleRepository.ts';
import { presentPersonFor } from './personPresenter.ts';

export async function getPerson(db: Db, opts: { actor: Principal; id: number }) {
  const p = await peopleRepository.get(db, opts.id);
  const { actor } = opts;
  const visible =
    p && (isStaff(actor) || p.id === actor.personId || (actor.organizationId != null && p.organization_id === actor.organizationId));
  if (!visible) throw notFound('Person', opts.id);
  return presentPersonFor(actor, p);
}
