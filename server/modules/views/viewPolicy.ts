import { forbidden } from '../../errors.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';

/** Views are the agents' queues: staff only. Everyone edits their own; shared views are the admins'. */
export const viewPolicy = {
  assertStaff(actor: Principal): number {
    if (!isStaff(actor)) throw forbidden('Only agents and admins have queue views');
    // The local operator (no account) acts as an admin but owns no views: it sees the shared ones.
    return actor.personId ?? -1;
  },
  assertMayShare(actor: Principal) {
    if (!isAdmin(actor)) throw forbidden('Only an admin may share a view with every agent');
  },
  assertMayEdit(actor: Principal, v: { shared: boolean; owner_id: number | null }) {
    if (v.shared ? !isAdmin(actor) : v.owner_id !== actor.personId) throw forbidden('Only an admin may change a shared view');
  },
};
