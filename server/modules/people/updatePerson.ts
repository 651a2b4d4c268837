import type { Db } from '../../db/client.ts';
import { AppError, conflict, forbidden, notFound, text, unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { forgetAllCredentials } from '../auth/authenticate.ts';
import { authRepository } from '../auth/authRepository.ts';
import { changePassword } from '../auth/changePassword.ts';
import { checkCurrentPassword } from '../auth/checkCurrentPassword.ts';
import { revokeOneTimeTokens } from '../auth/oneTimeTokens.ts';
import { isAdmin, isStaff, type Principal, type Role } from '../auth/principal.ts';
import type { SendVerification } from '../auth/signup.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { takeQuotaUntil, THROTTLES, throttleKeys } from '../security/throttle.ts';
import { pgCode } from '../shared/cursor.ts';
import { guestLinkRepository } from '../email/guestLinkRepository.ts';
import { peopleRepository } from './peopleRepository.ts';
import { presentPerson } from './personPresenter.ts';
import { queueTicketRelease } from './releaseTickets.ts';

export interface UpdatePersonInput {
  name?: string;
  role?: Role;
  organization_id?: number | null;
  locale?: string;
  timezone?: string | null;
  active?: boolean;
  password?: string;
  current_password?: string;
  add_emails?: string[];
  remove_emails?: string[];
  ticket_access?: 'all' | 'groups';
}

/**
 * Edits a person. A password changes only on one's own profile and with the current password (as
 * POST /me/password: other sessions end, audited); nobody sets another person's password — staff send
 * an invitation or a reset link. Added addresses are stored unverified and each gets a verification
 * link mailed to it, for this person.
 *
 * Role and active flag are admin-only and audited. Deactivating ends the person's sessions and open
 * invitation and reset links (reactivating brings none back); deactivating staff, or making them a
 * customer, unassigns their unsolved tickets (a job: releaseTickets.ts). The last active admin can be neither
 * demoted nor deactivated (409): the admin rows are locked, so two admins cannot demote each other at once.
 */
export async function updatePerson(
  db: Db,
  opts: { actor: Principal; id: number; input: UpdatePersonInput; meta?: RequestMeta; sendVerification?: SendVerification },
) {
  const { actor, id, input } = opts;
  const self = actor.personId === id;
  const current = await peopleRepository.get(db, id);
  if (!current || (!isStaff(actor) && !self)) throw notFound('Person', id);
  // A tombstone stays as it was merged (docs/people.md): edit the person it was merged into.
  if (current.merged_into_id != null)
    throw conflict(t(actor.locale, 'people.merge.tombstone', { into: current.merged_into_id }), {
      reason: 'merged',
      merged_into_id: current.merged_into_id,
    });
  // One's own addresses and password are credentials: an address added and verified receives reset links,
  // so a token (which proves only that it may call the API) could otherwise take the account (docs/security.md).
  if (self && actor.via === 'token' && (input.password !== undefined || input.add_emails?.length || input.remove_emails?.length))
    throw new AppError('session_required', t(actor.locale, 'security.session_required_addresses'), {
      field: input.password !== undefined ? 'password' : input.add_emails?.length ? 'add_emails' : 'remove_emails',
      sign_in: '/signin',
    });
  // An address one adds to one's own profile receives password-reset links once verified: whoever
  // holds a session (a browser left signed in, a stolen cookie) would otherwise take the account
  // with one address and one reset. The current password proves the account holder, as for a new
  // password (docs/security.md, "Adding one's own address").
  if (self && input.add_emails?.length && input.password === undefined)
    await checkCurrentPassword(db, {
      personId: id,
      password: input.current_password,
      locale: actor.locale,
      missingKey: 'security.addresses.current_required',
    });
  if (input.password !== undefined && !self)
    throw new AppError('forbidden', t(actor.locale, 'security.password.not_yours'), { field: 'password' });
  if (input.password !== undefined && input.current_password === undefined)
    throw unprocessable(t(actor.locale, 'security.password.current_required'), { field: 'current_password' });
  const adminOnly =
    input.role !== undefined || input.active !== undefined || input.ticket_access !== undefined || (current.role !== 'customer' && !self);
  if (adminOnly && !isAdmin(actor)) throw forbidden(text('people.errors.update_admin_only'));
  if (!isStaff(actor) && input.organization_id !== undefined) throw forbidden(text('people.errors.own_organization'));
  const patch: Record<string, unknown> = {};
  for (const k of ['name', 'role', 'organization_id', 'locale', 'timezone', 'active', 'ticket_access'] as const)
    if (input[k] !== undefined) patch[k] = input[k];
  if (input.password !== undefined)
    await changePassword(db, { actor, currentPassword: input.current_password!, newPassword: input.password, meta: opts.meta });
  const known = new Set(current.emails.map((e) => e.email.toLowerCase()));
  const added = [...new Set((input.add_emails ?? []).map((e) => e.toLowerCase()))].filter((e) => !known.has(e));
  // Each address a customer adds mails a link to it, and one already taken is refused: a limit keeps
  // this from mailing strangers or testing which addresses have accounts (10 an hour per person).
  if (added.length && !isStaff(actor)) {
    const now = new Date();
    for (let i = 0; i < added.length; i++) {
      const q = await takeQuotaUntil(db, throttleKeys.addressesAdded(id), THROTTLES.addressesAdded, now);
      if (!q.ok) {
        const seconds = Math.max(1, Math.ceil((q.resetAt.getTime() - now.getTime()) / 1000));
        throw new AppError('rate_limited', t(actor.locale, 'people.addresses_limit', { minutes: Math.ceil(seconds / 60) }), {
          field: 'add_emails',
          retry_after_seconds: seconds,
        });
      }
    }
  }
  try {
    await db.tx(async (q) => {
      const losesAdmin =
        current.role === 'admin' && current.active && ((patch.role !== undefined && patch.role !== 'admin') || patch.active === false);
      if (losesAdmin && (await peopleRepository.lockActiveAdmins(q)).filter((a) => a !== id).length === 0)
        throw conflict(t(actor.locale, 'security.people.last_admin'), {
          reason: 'last_admin',
          field: patch.active === false ? 'active' : 'role',
        });
      await peopleRepository.update(q, id, patch);
      const audit = { personId: id, actorId: actor.personId, meta: opts.meta };
      if (patch.role !== undefined && patch.role !== current.role)
        await recordAudit(q, { ...audit, type: 'person.role_changed', data: { from: current.role, to: patch.role } });
      if (patch.active === false && current.active) {
        const sessions = await authRepository.revokePersonSessions(q, id, new Date());
        const links = await revokeOneTimeTokens(q, { personId: id, purposes: ['invite', 'password_reset'] });
        const privateLinks = await guestLinkRepository.revokeByPerson(q, id);
        await recordAudit(q, {
          ...audit,
          type: 'person.deactivated',
          data: { sessions_revoked: sessions, links_revoked: links, private_links_revoked: privateLinks },
        });
      }
      if (patch.active === true && !current.active) await recordAudit(q, { ...audit, type: 'person.reactivated' });
      // Someone who can no longer work tickets leaves their unsolved ones to their groups (releaseTickets.ts).
      const leavesStaff =
        current.role !== 'customer' &&
        ((patch.active === false && current.active) || (patch.role === 'customer' && (patch.active ?? current.active)));
      if (leavesStaff) await queueTicketRelease(q, { personId: id, actorId: actor.personId });
      if (patch.ticket_access !== undefined && patch.ticket_access !== current.ticket_access)
        await recordAudit(q, {
          ...audit,
          type: 'person.ticket_access_changed',
          data: { from: current.ticket_access, to: patch.ticket_access },
        });
      for (const e of added) await peopleRepository.addEmail(q, id, e, false, false, self ? null : actor.personId);
      for (const e of input.remove_emails ?? []) await peopleRepository.removeEmail(q, id, e);
    });
  } catch (e) {
    if (pgCode(e) === '23505') throw conflict(text('people.errors.email_taken_other'), { field: 'add_emails' });
    if (pgCode(e) === '23503')
      throw unprocessable(text('people.errors.organization_unknown', { id: input.organization_id }), { field: 'organization_id' });
    throw e;
  }
  for (const e of added) await opts.sendVerification?.(id, e);
  if (patch.active === false || patch.role || patch.organization_id !== undefined || patch.ticket_access !== undefined)
    forgetAllCredentials();
  return presentPerson((await peopleRepository.get(db, id))!);
}
