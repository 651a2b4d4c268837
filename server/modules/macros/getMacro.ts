import type { Db } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { macroPolicy } from './macroPolicy.ts';
import { presentMacro } from './macroPresenter.ts';
import { macroRepository } from './macroRepository.ts';

/** One macro; another agent's personal macro is a 404. */
export async function getMacro(db: Db, opts: { actor: Principal; id: number }) {
  macroPolicy.assertStaff(opts.actor);
  const m = await macroRepository.getVisible(db, opts.id, opts.actor.personId);
  if (!m) throw notFound('Macro', opts.id);
  return presentMacro(m, opts.actor);
}
