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
    created_at: p.created_at,
    updated_at: p.updated_at,
  };
}
export type PersonJson = ReturnType<typeof presentPerson>;
