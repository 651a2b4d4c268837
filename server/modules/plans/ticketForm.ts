import type { Db } from '../../db/client.ts';
import { parsePlanSettings, ticketFormFor, withDeskCommunity } from '../../domain/entitlement/entitlement.ts';
import { notFound } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { refreshSecuritySettings } from '../security/securitySettings.ts';
import { refreshTicketFields, sensitiveFieldKeys } from '../fields/ticketFieldCache.ts';
import { describeRefusal } from './checkEntitlement.ts';
import { deskCategories } from './deskCategories.ts';
import { planRepository } from './planRepository.ts';

/**
 * What the guided ticket form offers and says before the customer submits, from the plan that
 * applies (the organization's, else the desk default): the categories the plan allows, those it
 * does not (with the community / GitHub links), whether a ticket takes a paid incident and how many
 * are left, and which `fields` keys and categories are sensitive — those stay out of the message
 * body, because staff see them only after verifying the requester.
 *
 * A customer always gets their own organization's answer; staff may ask for any organization.
 */
export async function getTicketForm(db: Db, o: { actor: Principal; organizationId?: number | null }) {
  const staff = isStaff(o.actor);
  const organizationId = staff ? (o.organizationId ?? null) : o.actor.organizationId;
  if (!staff && o.organizationId != null && o.organizationId !== o.actor.organizationId) throw notFound('Organization', o.organizationId);
  const ctx = await planRepository.ticketContext(db, organizationId);
  if (organizationId != null && ctx.org_id == null) throw notFound('Organization', organizationId);
  // Where the plan names no community of its own, the desk's (its community channel) is offered.
  const plan =
    ctx.plan_id != null
      ? withDeskCommunity(parsePlanSettings(ctx.plan_name!, ctx.plan_settings), await planRepository.deskCommunity(db))
      : null;
  const form = ticketFormFor({
    plan,
    incidentBalance: ctx.incident_balance,
    paidIncidentsOffered: ctx.paid_incidents_offered,
    desk: await deskCategories(db),
  });
  const security = await refreshSecuritySettings(db);
  await refreshTicketFields(db);
  const refusal =
    form.reason && plan
      ? describeRefusal(
          {
            ok: false,
            reason: form.reason,
            plan: plan.name,
            channel: 'web',
            category: null,
            allowed_categories: plan.categories,
            alternatives: form.alternatives,
          },
          plan,
          o.actor.locale,
          staff ? 'staff' : 'requester',
        )
      : null;
  return {
    organization_id: ctx.org_id,
    plan: ctx.plan_id != null ? { id: ctx.plan_id, key: ctx.plan_key, name: ctx.plan_name } : null,
    categories: form.categories,
    not_included: form.not_included,
    community_url: plan?.community_url ?? null,
    alternatives: form.alternatives,
    can_submit: form.can_submit,
    refusal: form.reason ? { reason: form.reason, message: refusal } : null,
    incident: { consumes: form.consumes_incident, balance: ctx.incident_balance, offered: ctx.paid_incidents_offered },
    // Custom fields defined as sensitive are withheld like the setting's keys (docs/custom-fields.md).
    sensitive: {
      fields: [...new Set([...security.sensitive_fields, ...sensitiveFieldKeys()])],
      categories: security.sensitive_categories.map((c) => c.toLowerCase()),
    },
  };
}
