import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';

/** Who may do what with tickets. A customer sees their organization's tickets (or only their own without one). */
export const ticketPolicy = {
  canSee(actor: Principal, t: { organization_id: number | null; requester_id: number }) {
    if (isStaff(actor)) return true;
    if (t.requester_id === actor.personId) return true;
    return actor.organizationId != null && t.organization_id === actor.organizationId;
  },
  canSeeInternal: (actor: Principal) => isStaff(actor),
  canSeeEvents: (actor: Principal) => isStaff(actor),
  canSetCreatedAt: (actor: Principal) => isAdmin(actor),
  canActAsStaff: (actor: Principal) => isStaff(actor),
  /** Fields a customer may change on their own ticket. */
  customerEditable: new Set(['status', 'subject']),
};
