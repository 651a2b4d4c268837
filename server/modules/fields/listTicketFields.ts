import type { Db } from '../../db/client.ts';
import { appliesTo } from '../../domain/customFields/customFields.ts';
import type { Principal } from '../auth/principal.ts';
import { loadTicketFields } from './ticketFieldCache.ts';
import { ticketFieldPolicy } from './ticketFieldPolicy.ts';
import { presentTicketField } from './ticketFieldPresenter.ts';

/** The fields the reader may see, in the admin's order; `category`: only those its tickets ask for. */
export async function listTicketFields(db: Db, o: { actor: Principal; category?: string }) {
  const rows = (await loadTicketFields(db)).filter(
    (f) => ticketFieldPolicy.canSee(o.actor, f) && (o.category === undefined || appliesTo(f, o.category)),
  );
  return { data: rows.map(presentTicketField) };
}
