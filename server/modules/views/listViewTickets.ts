import type { Db } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import { listTickets } from '../tickets/listTickets.ts';
import { findView } from './getView.ts';
import { parseViewFilters, toTicketFilter } from './viewFilters.ts';

/** A view's tickets, in queue order (or most recently updated first when it includes solved tickets), keyset-paginated. */
export async function listViewTickets(
  db: Db,
  opts: { actor: Principal; ref: number | string; cursor?: string; limit: number; now?: Date },
) {
  const v = await findView(db, opts.actor, opts.ref);
  const now = opts.now ?? new Date();
  return listTickets(db, {
    actor: opts.actor,
    now,
    filter: { ...toTicketFilter(parseViewFilters(v.filters), now), cursor: opts.cursor, limit: opts.limit },
  });
}
