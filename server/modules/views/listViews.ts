import type { Db } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import { countTickets } from '../tickets/listTickets.ts';
import { parseViewFilters, toTicketFilter } from './viewFilters.ts';
import { viewPolicy } from './viewPolicy.ts';
import { presentView } from './viewPresenter.ts';
import { viewRepository } from './viewRepository.ts';

/** The views an agent sees (shared ones first, then their own), each with its ticket count (at most 1,000, then `count_capped`). */
export async function listViews(db: Db, opts: { actor: Principal; now?: Date }) {
  const me = viewPolicy.assertStaff(opts.actor);
  const rows = await viewRepository.visible(db, me);
  const now = opts.now ?? new Date();
  const counts = await countTickets(db, {
    actor: opts.actor,
    now,
    filters: rows.map((v) => toTicketFilter(parseViewFilters(v.filters), now)),
  });
  return { data: rows.map((v, i) => presentView(v, opts.actor, counts[i])) };
}
