import { forbidden, notFound, text, unprocessable } from '../../errors.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';

/**
 * Who may do what with macros. Staff only (customers 403). A shared macro is seen by all staff and
 * changed by admins; a personal one is seen and changed by its owner only: to anyone else it does
 * not exist (404), admins included.
 */
export const macroPolicy = {
  assertStaff(actor: Principal) {
    if (!isStaff(actor)) throw forbidden(text('macros.errors.staff_only'));
  },
  assertCanEdit(actor: Principal, m: { id: number; owner_id: number | null }) {
    if (m.owner_id == null) {
      if (!isAdmin(actor)) throw forbidden(text('macros.errors.shared_edit_admin_only'));
      return;
    }
    if (m.owner_id !== actor.personId) throw notFound('Macro', m.id);
  },
  /** The owner a macro gets: none when shared (admins only), the actor when personal. */
  ownerFor(actor: Principal, shared: boolean): number | null {
    if (shared) {
      if (!isAdmin(actor)) throw forbidden(text('macros.errors.share_admin_only'));
      return null;
    }
    if (actor.personId == null) throw unprocessable(text('macros.errors.operator_no_personal'), { field: 'shared' });
    return actor.personId;
  },
  canEdit: (actor: Principal, m: { owner_id: number | null }) => (m.owner_id == null ? isAdmin(actor) : m.owner_id === actor.personId),
};
