import type { Db, Queryable } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { countTickets } from '../tickets/listTickets.ts';
import { parseViewFilters, toTicketFilter } from './viewFilters.ts';
import { viewPolicy } from './viewPolicy.ts';
import { presentView } from './viewPresenter.ts';
import { viewRepository } from './viewRepository.ts';

/** A view by id or built-in key (`mine`), as its reader may see it; another agent's own view is a 404. */
export async function findView(q: Queryable, actor: Principal, ref: number | string) {
  const me = viewPolicy.assertStaff(actor);
  const v = await viewRepository.get(q, me, ref);
  if (!v) throw notFound('View', ref);
  return v;
}

/** One view with its count. */
export async function getView(db: Db, opts: { actor: Principal; ref: number | string; now?: Date }) {
  const v = await findView(db, opts.actor, opts.ref);
  const now = opts.now ?? new Date();
  const [count] = await countTickets(db, { actor: opts.actor, now, filters: [toTicketFilter(parseViewFilters(v.filters), now)] });
  return presentView(v, opts.actor, count);
}
