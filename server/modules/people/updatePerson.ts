import type { Db } from '../../db/client.ts';
import { conflict, forbidden, notFound, unprocessable } from '../../errors.ts';
import { forgetAllCredentials } from '../auth/authenticate.ts';
import { checkPasswordStrength, hashPassword } from '../auth/passwords.ts';
import { isAdmin, isStaff, type Principal, type Role } from '../auth/principal.ts';
import { pgCode } from '../shared/cursor.ts';
import { peopleRepository } from './peopleRepository.ts';
import { presentPerson } from './personPresenter.ts';

export interface UpdatePersonInput {
  name?: string; role?: Role; organization_id?: number | null; locale?: string; timezone?: string | null;
  active?: boolean; password?: string; add_emails?: string[]; remove_emails?: string[];
}

export async function updatePerson(db: Db, opts: { actor: Principal; id: number; input: UpdatePersonInput }) {
  const { actor, id, input } = opts;
  const self = actor.personId === id;
  const current = await peopleRepository.get(db, id);
  if (!current || (!isStaff(actor) && !self)) throw notFound('Person', id);
  const adminOnly = input.role !== undefined || input.active !== undefined || (current.role !== 'customer' && !self);
  if (adminOnly && !isAdmin(actor)) throw forbidden('Only an admin may change roles, deactivate people or edit staff');
  if (!isStaff(actor) && input.organization_id !== undefined) throw forbidden('You cannot change your organization');
  const patch: Record<string, unknown> = {};
  for (const k of ['name', 'role', 'organization_id', 'locale', 'timezone', 'active'] as const) if (input[k] !== undefined) patch[k] = input[k];
  if (input.password !== undefined) { checkPasswordStrength(input.password); patch.password_hash = await hashPassword(input.password); }
  try {
    await db.tx(async (q) => {
      await peopleRepository.update(q, id, patch);
      for (const e of input.add_emails ?? []) await peopleRepository.addEmail(q, id, e, false);
      for (const e of input.remove_emails ?? []) await peopleRepository.removeEmail(q, id, e);
    });
  } catch (e) {
    if (pgCode(e) === '23505') throw conflict('Another person already has this email address', { field: 'add_emails' });
    if (pgCode(e) === '23503') throw unprocessable(`Organization ${input.organization_id} does not exist`, { field: 'organization_id' });
    throw e;
  }
  if (patch.active === false || patch.role || patch.organization_id !== undefined) forgetAllCredentials();
  return presentPerson((await peopleRepository.get(db, id))!);
}
