import { AppError, text, unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';
import { domainCovered } from '../../domain/entitlement/entitlement.ts';

/** Who may do what with tickets. A customer sees their organization's tickets (or only their own without one). */
export const ticketPolicy = {
  canSee(
    actor: Principal,
    t: { id?: number; organization_id: number | null; requester_id: number; group_id: number | null; assignee_id: number | null },
  ) {
    if (isStaff(actor)) return withinGroups(actor, t);
    if (t.id != null && actor.grantedTickets?.includes(t.id)) return true;
    if (t.requester_id === actor.personId) return true;
    return actor.organizationId != null && t.organization_id === actor.organizationId;
  },
  canSeeInternal: (actor: Principal) => isStaff(actor),
  canSeeEvents: (actor: Principal) => isStaff(actor),
  canSetCreatedAt: (actor: Principal) => isAdmin(actor),
  canActAsStaff: (actor: Principal) => isStaff(actor),
  /** Fields a customer may change on their own ticket. */
  customerEditable: new Set(['status', 'subject', 'custom_fields', 'status_incident_id']),
};

/**
 * An agent limited to their groups (principal.ticketGroups) sees a ticket of one of those groups or
 * one assigned to them; everyone else on staff sees every ticket. ticketScopeSql says the same in SQL.
 */
export function withinGroups(
  actor: Pick<Principal, 'ticketGroups' | 'personId'>,
  t: { group_id: number | null; assignee_id: number | null },
) {
  const groups = actor.ticketGroups;
  if (!groups) return true;
  return (t.assignee_id != null && t.assignee_id === actor.personId) || (t.group_id != null && groups.includes(t.group_id));
}

/** The SQL condition of withinGroups on a ticket aliased `t` (null without a limit). */
export function ticketScopeSql(actor: Principal, arg: (v: unknown) => string): string | null {
  if (!actor.ticketGroups) return null;
  return `(t.group_id = any(${arg(actor.ticketGroups)}::bigint[]) or t.assignee_id = ${arg(actor.personId ?? -1)})`;
}

/**
 * A ticket names only an asset its organization owns. The refusal never names the asset: a
 * customer learns nothing about another organization's assets, not even whether an id exists
 * (staff, who can list every asset, are told when an id does not exist).
 */
export function assertAssetOwned(
  actor: Principal,
  asset: { organization_id: number | null } | null,
  assetId: number,
  organizationId: number | null,
) {
  if (!asset && isStaff(actor)) throw unprocessable(text('tickets.errors.asset_missing', { id: assetId }), { field: 'asset_id' });
  if (!asset || asset.organization_id !== organizationId)
    throw new AppError('forbidden', t(actor.locale, 'tickets.asset_not_owned', { id: assetId }), { field: 'asset_id' });
}

/** Ticket `fields` that name a domain: the guided form's `domain`, and `zone` from older clients. */
export const DOMAIN_FIELDS = ['domain', 'zone'] as const;

/**
 * A customer's ticket may name only domains tied to their organization (seed 000: support does not
 * troubleshoot domains not tied to the account). A value with no dot (a zone ID) is not a domain
 * name and is not checked. The refusal repeats only what the customer typed: it says nothing about
 * whether another organization owns that domain.
 */
export function assertDomainsOwned(actor: Principal, fields: Record<string, unknown> | undefined, ownedDomains: string[]) {
  for (const k of DOMAIN_FIELDS) {
    const v = fields?.[k];
    const names = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x.includes('.'));
    for (const name of names)
      if (!domainCovered(name, ownedDomains))
        throw new AppError('forbidden', t(actor.locale, 'forms.domain_not_owned', { domain: name.trim().slice(0, 253) }), {
          field: `fields.${k}`,
        });
  }
}
