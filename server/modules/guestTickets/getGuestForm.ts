import type { Db } from '../../db/client.ts';
import { guestCategories } from './guestCategories.ts';
import { guestTicketRepository } from './guestTicketRepository.ts';
import { GUEST_LIMITS } from './fileGuestTicket.ts';

/** What the public form at /contact/new needs before anyone types: whether it takes tickets, the categories, the size limits. */
export async function getGuestForm(db: Db) {
  const enabled = await guestTicketRepository.enabled(db);
  return {
    enabled,
    categories: enabled ? await guestCategories(db) : [],
    limits: { name: GUEST_LIMITS.name, subject: GUEST_LIMITS.subject, body: GUEST_LIMITS.body },
  };
}
