import type { Db } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { checkActionRefs, cleanActions, type MacroUpdateInput } from './macroInput.ts';
import { macroPolicy } from './macroPolicy.ts';
import { getMacro } from './getMacro.ts';
import { macroRepository } from './macroRepository.ts';

/**
 * Changes a macro. `body` languages not given keep their text; `actions`, when given, replace the
 * macro's actions. Sharing a macro (admins) takes it out of its owner's hands; unsharing makes it the
 * admin's own.
 */
export async function updateMacro(db: Db, opts: { actor: Principal; id: number; input: MacroUpdateInput }) {
  const { actor, id, input } = opts;
  macroPolicy.assertStaff(actor);
  const cur = await macroRepository.getVisible(db, id, actor.personId);
  if (!cur) throw notFound('Macro', id);
  macroPolicy.assertCanEdit(actor, cur);
  const shared = input.shared ?? cur.owner_id == null;
  const owner = shared === (cur.owner_id == null) ? cur.owner_id : macroPolicy.ownerFor(actor, shared);
  const actions = input.actions !== undefined ? cleanActions(input.actions) : cur.actions;
  if (input.actions !== undefined) await checkActionRefs(db, actions);
  await macroRepository.update(db, id, {
    name: input.name ?? cur.name,
    body_en: input.body?.en ?? cur.body_en,
    body_zh: input.body?.['zh-CN'] ?? cur.body_zh,
    actions,
    owner_id: owner,
  });
  return getMacro(db, { actor, id });
}
