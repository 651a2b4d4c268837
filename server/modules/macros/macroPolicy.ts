import { forbidden, notFound, unprocessable } from '../../errors.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';

/**
 * Who may do what with macros. Staff only (customers 403). A shared macro is seen by all staff and
 * changed by admins; a personal one is seen and changed by its owner only: to anyone else it does
 * not exist (404), admins included.
 */
export const macroPolicy = {
  assertStaff(actor: Principal) {
    if (!isStaff(actor)) throw forbidden('Only agents and admins use macros');
  },
  assertCanEdit(actor: Principal, m: { id: number; owner_id: number | null }) {
    if (m.owner_id == null) {
      if (!isAdmin(actor)) throw forbidden('Only an admin may change a shared macro');
      return;
    }
    if (m.owner_id !== actor.personId) throw notFound('Macro', m.id);
  },
  /** The owner a macro gets: none when shared (admins only), the actor when personal. */
  ownerFor(actor: Principal, shared: boolean): number | null {
    if (shared) {
      if (!isAdmin(actor)) throw forbidden('Only an admin may share a macro');
      return null;
    }
    if (actor.personId == null) throw unprocessable('The local operator has no personal macros; create a shared one', { field: 'shared' });
    return actor.personId;
  },
  canEdit: (actor: Principal, m: { owner_id: number | null }) => (m.owner_id == null ? isAdmin(actor) : m.owner_id === actor.personId),
};
