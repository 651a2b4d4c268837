import { forbidden } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';

/** Notifications are a staff person's own: customers get 403, and so does the local operator (no person). Returns the person's id. */
export function notificationOwner(actor: Principal): number {
  if (!isStaff(actor)) throw forbidden(t(actor.locale, 'notifications.errors.staff_only'));
  if (actor.personId == null) throw forbidden(t(actor.locale, 'notifications.errors.person_only'));
  return actor.personId;
}
