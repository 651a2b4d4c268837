import type { Db } from '../../db/client.ts';
import type { ComponentStatus } from '../../domain/status/status.ts';
import { forbidden, text, unprocessable } from '../../errors.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';
import { dropStatusCache } from './getStatusPage.ts';
import { presentComponent } from './statusPresenter.ts';
import { statusRepository } from './statusRepository.ts';

export interface ComponentInput {
  name_en?: string;
  name_zh?: string;
  status?: ComponentStatus;
  position?: number;
}

/**
 * Creates or changes a status page component. Staff set a component's status (during an outage
 * any agent may); adding, renaming or moving components is an admin's.
 */
export async function setComponent(db: Db, o: { actor: Principal; key: string; input: ComponentInput }) {
  if (!isStaff(o.actor)) throw forbidden(text('status.errors.staff_only'));
  const { input } = o;
  if ((input.name_en !== undefined || input.name_zh !== undefined || input.position !== undefined) && !isAdmin(o.actor))
    throw forbidden(text('status.errors.component_admin_only'));
  const row = await statusRepository.upsertComponent(db, o.key, input);
  if (!row)
    throw unprocessable(text('status.errors.component_names_needed'), { field: input.name_en === undefined ? 'name_en' : 'name_zh' });
  dropStatusCache();
  return presentComponent(row, o.actor.locale);
}
