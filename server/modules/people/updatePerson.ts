import type { Db } from '../../db/client.ts';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { forgetAllCredentials } from '../auth/authenticate.ts';
import { changePassword } from '../auth/changePassword.ts';
import { isAdmin, isStaff, type Principal, type Role } from '../auth/principal.ts';
import type { SendVerification } from '../auth/signup.ts';
import type { RequestMeta } from '../security/audit.ts';
import { pgCode } from '../shared/cursor.ts';
import { peopleRepository } from './peopleRepository.ts';
import { presentPerson } from './personPresenter.ts';

export interface UpdatePersonInput {
  name?: string; role?: Role; organization_id?: number | null; locale?: string; timezone?: string | null;
  active?: boolean; password?: string; current_password?: string; add_emails?: string[]; remove_emails?: string[];
}

/**
 * Edits a person. A password changes only on one's own profile and with the current password (as
 * POST /me/password: other sessions end, audited); nobody sets another person's password — staff send
 * an invitation or a reset link. Added addresses are stored unverified and each gets a verification
 * link mailed to it, for this person.
 */
export async function updatePerson(db: Db, opts: { actor: Principal; id: number; input: UpdatePersonInput; meta?: RequestMeta; sendVerification?: SendVerification }) {
  const { actor, id, input } = opts;
  const self = actor.personId === id;
  const current = await peopleRepository.get(db, id);
  if (!current || (!isStaff(actor) && !self)) throw notFound('Person', id);
  if (input.password !== undefined && !self) throw new AppError('forbidden', t(actor.locale, 'security.password.not_yours'), { field: 'password' });
  if (input.password !== undefined && input.current_password === undefined)
    throw unprocessable(t(actor.locale, 'security.password.current_required'), { field: 'current_password' });
  const adminOnly = input.role !== undefined || input.active !== undefined || (current.role !== 'customer' && !self);
  if (adminOnly && !isAdmin(actor)) throw forbidden('Only an admin may change roles, deactivate people or edit staff');
  if (!isStaff(actor) && input.organization_id !== undefined) throw forbidden('You cannot change your organization');
  const patch: Record<string, unknown> = {};
  for (const k of ['name', 'role', 'organization_id', 'locale', 'timezone', 'active'] as const) if (input[k] !== undefined) patch[k] = input[k];
  if (input.password !== undefined) await changePassword(db, { actor, currentPassword: input.current_password!, newPassword: input.password, meta: opts.meta });
  const known = new Set(current.emails.map((e) => e.email.toLowerCase()));
  const added = [...new Set((input.add_emails ?? []).map((e) => e.toLowerCase()))].filter((e) => !known.has(e));
  try {
    await db.tx(async (q) => {
      await peopleRepository.update(q, id, patch);
      for (const e of added) await peopleRepository.addEmail(q, id, e, false);
      for (const e of input.remove_emails ?? []) await peopleRepository.removeEmail(q, id, e);
    });
  } catch (e) {
    if (pgCode(e) === '23505') throw conflict('Another person already has this email address', { field: 'add_emails' });
    if (pgCode(e) === '23503') throw unprocessable(`Organization ${input.organization_id} does not exist`, { field: 'organization_id' });
    throw e;
  }
  for (const e of added) await opts.sendVerification?.(id, e);
  if (patch.active === false || patch.role || patch.organization_id !== undefined) forgetAllCredentials();
  return presentPerson((await peopleRepository.get(db, id))!);
}
