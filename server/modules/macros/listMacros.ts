import type { Db } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import { macroPolicy } from './macroPolicy.ts';
import { presentMacro } from './macroPresenter.ts';
import { macroRepository } from './macroRepository.ts';

/**
 * The macros the actor may apply: shared ones and their own, their most used first. Not paged: the
 * picker needs them all and a desk has tens, not thousands (capped at 1,000; next_cursor is null).
 */
export async function listMacros(db: Db, opts: { actor: Principal }) {
  macroPolicy.assertStaff(opts.actor);
  const rows = await macroRepository.listVisible(db, opts.actor.personId);
  return { data: rows.map((r) => presentMacro(r, opts.actor)), next_cursor: null };
}
