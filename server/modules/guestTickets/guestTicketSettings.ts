import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { guestTicketRepository } from './guestTicketRepository.ts';

/** Whether the public form takes tickets from people without an account (setting `guest_tickets.enabled`, on by default). */
export async function getGuestTicketSettings(db: Db, o: { actor: Principal }) {
  if (!isAdmin(o.actor)) throw forbidden(text('guest.errors.settings_read_admin_only'));
  return { enabled: await guestTicketRepository.enabled(db) };
}

export async function updateGuestTicketSettings(db: Db, o: { actor: Principal; enabled: boolean }) {
  if (!isAdmin(o.actor)) throw forbidden(text('guest.errors.settings_change_admin_only'));
  await guestTicketRepository.setEnabled(db, o.enabled);
  return { enabled: o.enabled };
}
