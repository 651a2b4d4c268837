import type { Db, Queryable } from '../../db/client.ts';
import { conflict, forbidden, text, unprocessable } from '../../errors.ts';
import { authRepository } from '../auth/authRepository.ts';
import { issueOneTimeToken } from '../auth/oneTimeTokens.ts';
import { checkPasswordStrength, hashPassword } from '../auth/passwords.ts';
import { isAdmin, isStaff, type Principal, type Role } from '../auth/principal.ts';
import { organizationRepository } from '../organizations/organizationRepository.ts';
import { pgCode } from '../shared/cursor.ts';
import type { MailIdentity } from '../email/queueEmail.ts';
import { INVITATION_DAYS, invitationLink, queueInvitation } from './invitationEmail.ts';
import { peopleRepository } from './peopleRepository.ts';
import { presentPerson } from './personPresenter.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';

export interface CreatePersonInput {
  name: string;
  email: string;
  role?: Role;
  organization_id?: number | null;
  password?: string;
  emails?: string[];
  locale?: string;
  timezone?: string | null;
}

/** Inserts a person with their addresses inside an open transaction (also used by setup and email intake). */
export async function insertPerson(
  q: Queryable,
  input: CreatePersonInput & { passwordHash?: string | null; verified?: boolean; addedBy?: number | null },
) {
  const id = await peopleRepository.insertWithPrimaryEmail(
    q,
    {
      name: input.name,
      role: input.role ?? 'customer',
      organizationId: input.organization_id ?? null,
      passwordHash: input.passwordHash ?? null,
      locale: input.locale ?? 'en',
      timezone: input.timezone ?? null,
    },
    input.email,
    input.verified ?? false,
  );
  const extra = (input.emails ?? []).filter((e) => e.toLowerCase() !== input.email.toLowerCase());
  // Further addresses staff give a new person recognize their mail; they never get a reset link (docs/security.md).
  for (const e of new Set(extra.map((x) => x.toLowerCase())))
    await peopleRepository.addEmail(q, id, e, false, false, input.addedBy ?? null);
  return id;
}

/**
 * Creates a person (staff only; agents create customers). Without a password they are invited: the
 * invitation is mailed to their address, and its link is answered to admins only (see resendInvitation).
 */
export async function createPerson(
  db: Db,
  opts: { actor: Principal; input: CreatePersonInput; identity: MailIdentity; meta?: RequestMeta },
) {
  const { actor, input } = opts;
  const role = input.role ?? 'customer';
  if (!isStaff(actor)) throw forbidden(text('people.errors.create_staff_only'));
  if (role !== 'customer' && !isAdmin(actor)) throw forbidden(text('people.errors.create_staff_admin_only'));
  if (input.password !== undefined) checkPasswordStrength(input.password);
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  try {
    return await db.tx(async (q) => {
      // A customer created without an organization joins the one mapping their address's domain, as a
      // sender new to the desk does (docs/people.md); staff can move them afterwards.
      const domain = input.email.slice(input.email.lastIndexOf('@') + 1);
      const organization_id =
        input.organization_id ?? (role === 'customer' && domain ? await organizationRepository.byEmailDomain(q, domain) : null);
      // Staff vouch for the address of a person they create with a password; an invitee verifies by accepting.
      const id = await insertPerson(q, {
        ...input,
        organization_id,
        role,
        passwordHash,
        verified: passwordHash != null,
        addedBy: actor.personId,
      });
      // The invitation stands for the primary address staff entered: accepting it verifies that row only.
      // It is mailed there at once (in this transaction: no person without their mail, no mail without them).
      const primary = passwordHash ? null : await authRepository.emailRow(q, id, {});
      const invitation = passwordHash
        ? null
        : await issueOneTimeToken(q, {
            purpose: 'invite',
            personId: id,
            hours: 24 * INVITATION_DAYS,
            data: primary ? { email: primary.email, email_id: primary.id } : {},
          });
      const person = await peopleRepository.get(q, id);
      // Who made which account, with which role, is in the audit log (an admin made by another admin above all).
      await recordAudit(q, {
        type: 'person.created',
        personId: id,
        actorId: actor.personId,
        meta: opts.meta,
        data: { role, invited: invitation != null, organization_id },
      });
      if (invitation && primary)
        await queueInvitation(q, { person: person!, email: primary.email.toLowerCase(), token: invitation, identity: opts.identity });
      return {
        person: presentPerson(person!),
        invitationUrl: invitation && isAdmin(actor) ? invitationLink(opts.identity, invitation, person!.locale) : null,
      };
    });
  } catch (e) {
    if (pgCode(e) === '23505') throw conflict(text('people.errors.email_taken'), { field: 'email' });
    if (pgCode(e) === '23503')
      throw unprocessable(text('people.errors.organization_unknown', { id: input.organization_id }), { field: 'organization_id' });
    throw e;
  }
}
