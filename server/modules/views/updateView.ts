import type { Db } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import { findView, getView } from './getView.ts';
import { parseSavedViewFilters } from './viewFilters.ts';
import { viewPolicy } from './viewPolicy.ts';
import { viewRepository } from './viewRepository.ts';

/** Rename, refilter, reorder or (admins) share/unshare a view: one's own, or a shared one as an admin. */
export async function updateView(
  db: Db,
  opts: { actor: Principal; ref: number | string; input: { name?: string; filters?: unknown; shared?: boolean; position?: number } },
) {
  const { actor, input } = opts;
  const v = await findView(db, actor, opts.ref);
  viewPolicy.assertMayEdit(actor, v);
  if (input.shared !== undefined && input.shared !== v.shared) viewPolicy.assertMayShare(actor);
  const filters = input.filters !== undefined ? parseSavedViewFilters(input.filters, actor.locale) : undefined;
  // Unsharing gives the view to the admin who unshares it.
  const owner = input.shared === false && v.owner_id == null ? (actor.personId ?? undefined) : undefined;
  await viewRepository.update(db, v.id, { name: input.name, filters, shared: input.shared, position: input.position, owner_id: owner });
  return getView(db, { actor, ref: v.id });
}
