import { forbidden, text } from '../../errors.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';
import type { TicketFieldRow } from './ticketFieldRepository.ts';

/** Admins define fields; everyone signed in reads the ones meant for them (customers: active ones shown to customers). */
export const ticketFieldPolicy = {
  assertAdmin(actor: Principal) {
    if (!isAdmin(actor)) throw forbidden(text('fields.errors.admin_only'));
  },
  canSee: (actor: Principal, f: Pick<TicketFieldRow, 'active' | 'visible_to_customers'>) =>
    isStaff(actor) || (f.active && f.visible_to_customers),
};
