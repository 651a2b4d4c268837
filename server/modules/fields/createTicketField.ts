import type { Db } from '../../db/client.ts';
import { conflict } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import { loadTicketFields } from './ticketFieldCache.ts';
import { assertKeyFree, definitionValues, type TicketFieldPatch } from './ticketFieldInput.ts';
import { ticketFieldPolicy } from './ticketFieldPolicy.ts';
import { presentTicketField } from './ticketFieldPresenter.ts';
import { ticketFieldRepository } from './ticketFieldRepository.ts';

/** An admin defines a field. Its key is taken for good (409 when it exists already). */
export async function createTicketField(db: Db, o: { actor: Principal; input: TicketFieldPatch & { key: string } }) {
  ticketFieldPolicy.assertAdmin(o.actor);
  const key = o.input.key;
  assertKeyFree(o.actor.locale, key);
  const values = definitionValues(o.actor.locale, o.input, null);
  const id = await ticketFieldRepository.upsert(db, key, values, { update: false });
  if (id == null) throw conflict(t(o.actor.locale, 'fields.key_taken', { key }), { field: 'key' });
  await loadTicketFields(db);
  return presentTicketField((await ticketFieldRepository.byId(db, id))!);
}
