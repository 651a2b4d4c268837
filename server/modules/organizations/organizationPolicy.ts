import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';

export const organizationPolicy = {
  canSee: (actor: Principal, orgId: number) => isStaff(actor) || actor.organizationId === orgId,
  canEdit: (actor: Principal) => isStaff(actor),
  canChangePlan: (actor: Principal) => isAdmin(actor),
};
