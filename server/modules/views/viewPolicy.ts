import { forbidden, text } from '../../errors.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';

/** Views are the agents' queues: staff only. Everyone edits their own; shared views are the admins'. */
export const viewPolicy = {
  assertStaff(actor: Principal): number {
    if (!isStaff(actor)) throw forbidden(text('views.errors.staff_only'));
    // The local operator (no account) acts as an admin but owns no views: it sees the shared ones.
    return actor.personId ?? -1;
  },
  assertMayShare(actor: Principal) {
    if (!isAdmin(actor)) throw forbidden(text('views.errors.share_admin_only'));
  },
  assertMayEdit(actor: Principal, v: { shared: boolean; owner_id: number | null }) {
    if (v.shared ? !isAdmin(actor) : v.owner_id !== actor.personId) throw forbidden(text('views.errors.shared_admin_only'));
  },
};
