import { forbidden, text } from '../../errors.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';

/**
 * Who may do what in the help center (docs/help-center.md). Staff read everything, drafts
 * included; agents write drafts; what the public reads (publishing, unpublishing, editing a
 * published article, deleting) and categories are an admin's.
 */
export const kbPolicy = {
  read(actor: Principal) {
    if (!isStaff(actor)) throw forbidden(text('help.errors.manage_staff_only'));
  },
  writeDraft(actor: Principal) {
    if (!isStaff(actor)) throw forbidden(text('help.errors.write_staff_only'));
  },
  publish(actor: Principal) {
    if (!isAdmin(actor)) throw forbidden(text('help.errors.publish_admin_only'));
  },
  categories(actor: Principal) {
    if (!isAdmin(actor)) throw forbidden(text('help.errors.categories_admin_only'));
  },
};
