import type { Db } from '../../db/client.ts';
import { forbidden, notFound, text } from '../../errors.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { readGroupDeletionImpact } from './groupDeletion.ts';

/** What deleting a group would do, for the confirmation screen: the same reading the deletion makes. */
export async function previewGroupDeletion(db: Db, opts: { actor: Principal; id: number }) {
  if (!isAdmin(opts.actor)) throw forbidden(text('groups.errors.admin_only'));
  const impact = await readGroupDeletionImpact(db, opts.id);
  if (!impact) throw notFound('Group', opts.id);
  return impact;
}
