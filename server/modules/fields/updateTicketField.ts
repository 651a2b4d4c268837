import type { Db } from '../../db/client.ts';
import { notFound, unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import { loadTicketFields } from './ticketFieldCache.ts';
import { definitionValues, type TicketFieldPatch } from './ticketFieldInput.ts';
import { ticketFieldPolicy } from './ticketFieldPolicy.ts';
import { presentTicketField } from './ticketFieldPresenter.ts';
import { ticketFieldRepository } from './ticketFieldRepository.ts';

/**
 * An admin changes a field. The key and the type are fixed (tickets hold values under that key, of
 * that type): sending them unchanged is fine, a different one is a 422. Removing an option leaves
 * tickets that have it as they are; it is simply no longer offered or accepted.
 */
export async function updateTicketField(db: Db, o: { actor: Principal; id: number; input: TicketFieldPatch }) {
  ticketFieldPolicy.assertAdmin(o.actor);
  const cur = await ticketFieldRepository.byId(db, o.id);
  if (!cur) throw notFound('Ticket field', o.id);
  if (o.input.key !== undefined && o.input.key !== cur.key)
    throw unprocessable(t(o.actor.locale, 'fields.key_immutable'), { field: 'key' });
  if (o.input.type !== undefined && o.input.type !== cur.type)
    throw unprocessable(t(o.actor.locale, 'fields.type_immutable', { type: cur.type }), { field: 'type' });
  await ticketFieldRepository.update(db, cur.id, definitionValues(o.actor.locale, o.input, cur));
  await loadTicketFields(db);
  return presentTicketField((await ticketFieldRepository.byId(db, cur.id))!);
}
