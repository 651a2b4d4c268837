import { forbidden, notFound, text } from '../../errors.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';
import type { PersonRow } from './peopleRepository.ts';

/**
 * Who may act on someone's account (resend an invitation, send a reset link, lift a sign-in lock):
 * staff for customers, only an admin for agents and admins — as for creating and editing them.
 * Customers may not, and learn nothing (404).
 */
export function assertMayManageAccount(actor: Principal, person: PersonRow | null, id: number): asserts person is PersonRow {
  if (!person || !isStaff(actor)) throw notFound('Person', id);
  if (person.role !== 'customer' && !isAdmin(actor)) throw forbidden(text('people.errors.staff_accounts_admin_only'));
}
