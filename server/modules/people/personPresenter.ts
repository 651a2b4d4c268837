import { isStaff, type Principal } from '../auth/principal.ts';
import type { PersonRow } from './peopleRepository.ts';

export function presentPerson(p: PersonRow) {
  return {
    id: p.id,
    name: p.name,
    email: p.emails.find((e) => e.primary)?.email ?? p.emails[0]?.email ?? null,
    emails: p.emails,
    role: p.role,
    organization_id: p.organization_id,
    locale: p.locale,
    timezone: p.timezone,
    active: p.active,
    has_password: p.has_password,
    /** 'active' | 'invited' (never accepted; the invitation is open or has run out) | 'deactivated'. */
    status: p.status,
    invitation_expires_at: p.invitation_expires_at,
    /** When the sign-in throttle locked the account, until when; null when not locked. */
    locked_until: p.locked_until,
    /** A tombstone names the person it was merged into (docs/people.md); null otherwise. */
    merged_into_id: p.merged_into_id == null ? null : Number(p.merged_into_id),
    /** Which tickets an agent may see: 'all', or 'groups' (their groups' tickets and those assigned to them). */
    ticket_access: p.ticket_access,
    created_at: p.created_at,
    updated_at: p.updated_at,
  };
}
export type PersonJson = ReturnType<typeof presentPerson>;

/** As presentPerson; a customer looking at someone else does not learn whether their account is locked. */
export function presentPersonFor(actor: Principal, p: PersonRow) {
  const json = presentPerson(p);
  return isStaff(actor) || actor.personId === p.id ? json : { ...json, locked_until: null };
}
