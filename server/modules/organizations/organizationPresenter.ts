import { isStaff, type Principal } from '../auth/principal.ts';
import type { AssetRow, OrganizationRow } from './organizationRepository.ts';

/** `notes` are the desk's own notes about the customer: staff only. */
export function presentOrganization(o: OrganizationRow, viewer: Principal) {
  return {
    id: o.id,
    name: o.name,
    plan_id: o.plan_id,
    plan: o.plan_id ? { id: o.plan_id, key: o.plan_key, name: o.plan_name } : null,
    addons: o.addons,
    email_domains: o.email_domains,
    ...(isStaff(viewer) ? { notes: o.notes } : {}),
    incident_balance: o.incident_balance,
    created_at: o.created_at,
    updated_at: o.updated_at,
  };
}

export function presentAsset(a: AssetRow) {
  return {
    id: a.id,
    organization_id: a.organization_id,
    kind: a.kind,
    name: a.name,
    expected_nameservers: a.expected_nameservers ?? null,
    created_at: a.created_at,
  };
}
