import type { Db } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import { getView } from './getView.ts';
import { parseSavedViewFilters } from './viewFilters.ts';
import { viewPolicy } from './viewPolicy.ts';
import { viewRepository } from './viewRepository.ts';

export interface ViewInput {
  name: string;
  filters?: unknown;
  shared?: boolean;
  position?: number;
}

/** An agent's own view, or (admins) one shared with every agent. Filters are validated before they are stored. */
export async function createView(db: Db, opts: { actor: Principal; input: ViewInput }) {
  const { actor, input } = opts;
  viewPolicy.assertStaff(actor);
  if (input.shared) viewPolicy.assertMayShare(actor);
  const filters = parseSavedViewFilters(input.filters, actor.locale);
  // A shared view made by the local operator (no account) has no owner; a personal one needs a person.
  const id = await viewRepository.insert(db, {
    name: input.name,
    filters,
    shared: !!input.shared || actor.personId == null,
    ownerId: actor.personId as number,
    position: input.position,
  });
  return getView(db, { actor, ref: id });
}
