import type { Db } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import { checkActionRefs, cleanActions, type MacroCreateInput } from './macroInput.ts';
import { macroPolicy } from './macroPolicy.ts';
import { getMacro } from './getMacro.ts';
import { macroRepository } from './macroRepository.ts';

/** A personal macro (any agent) or a shared one (admins). */
export async function createMacro(db: Db, opts: { actor: Principal; input: MacroCreateInput }) {
  const { actor, input } = opts;
  macroPolicy.assertStaff(actor);
  const owner = macroPolicy.ownerFor(actor, input.shared ?? false);
  const actions = cleanActions(input.actions);
  await checkActionRefs(db, actions);
  const id = await macroRepository.insert(
    db,
    {
      name: input.name,
      body_en: input.body?.en ?? '',
      body_zh: input.body?.['zh-CN'] ?? '',
      actions,
      owner_id: owner,
    },
    actor.personId,
  );
  return getMacro(db, { actor, id });
}
