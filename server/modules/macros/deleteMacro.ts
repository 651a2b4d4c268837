import type { Db } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { macroPolicy } from './macroPolicy.ts';
import { macroRepository } from './macroRepository.ts';

/** Deletes a macro (its owner; an admin for a shared one). */
export async function deleteMacro(db: Db, opts: { actor: Principal; id: number }) {
  macroPolicy.assertStaff(opts.actor);
  const cur = await macroRepository.getVisible(db, opts.id, opts.actor.personId);
  if (!cur) throw notFound('Macro', opts.id);
  macroPolicy.assertCanEdit(opts.actor, cur);
  await macroRepository.remove(db, opts.id);
}
