import type { Queryable } from '../../db/client.ts';
import { parsePlanSettings, ticketFormFor } from '../../domain/entitlement/entitlement.ts';
import { deskCategories } from '../plans/deskCategories.ts';
import { planRepository } from '../plans/planRepository.ts';
import { refreshSecuritySettings } from '../security/securitySettings.ts';

/**
 * The categories a person without an account may file on the web: those the desk's default plan
 * (what people without an organization get) allows on the web channel, without the sensitive ones
 * (billing, 2fa, …): those need a verified requester, and a guest cannot be verified.
 * Empty when the default plan takes no web tickets from people without an organization.
 */
export async function guestCategories(q: Queryable): Promise<string[]> {
  const ctx = await planRepository.ticketContext(q, null);
  const plan = ctx.plan_id != null ? parsePlanSettings(ctx.plan_name!, ctx.plan_settings) : null;
  // A guest has no organization and so no paid incidents: a plan without human support takes no guest tickets.
  const form = ticketFormFor({ plan, incidentBalance: 0, paidIncidentsOffered: ctx.paid_incidents_offered, desk: await deskCategories(q) });
  if (!form.can_submit || form.consumes_incident) return [];
  const sensitive = new Set((await refreshSecuritySettings(q)).sensitive_categories.map((c) => c.toLowerCase()));
  return form.categories.map((c) => c.key).filter((k) => !sensitive.has(k.toLowerCase()));
}
