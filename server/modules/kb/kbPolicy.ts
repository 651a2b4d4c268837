import { forbidden } from '../../errors.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';

/**
 * Who may do what in the help center (docs/help-center.md). Staff read everything, drafts
 * included; agents write drafts; what the public reads (publishing, unpublishing, editing a
 * published article, deleting) and categories are an admin's.
 */
export const kbPolicy = {
  read(actor: Principal) {
    if (!isStaff(actor)) throw forbidden('Only staff manage the help center');
  },
  writeDraft(actor: Principal) {
    if (!isStaff(actor)) throw forbidden('Only staff write help articles');
  },
  publish(actor: Principal) {
    if (!isAdmin(actor)) throw forbidden('Only an admin may publish, unpublish, change or delete a published help article');
  },
  categories(actor: Principal) {
    if (!isAdmin(actor)) throw forbidden('Only an admin manages help center categories');
  },
};
