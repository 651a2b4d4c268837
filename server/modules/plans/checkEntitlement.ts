import {
  checkTicketEntitlement,
  parsePlanSettings,
  planLabel,
  withDeskCommunity,
  type EntitlementResult,
  type PlanEntitlements,
} from '../../domain/entitlement/entitlement.ts';
import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { t, tightenHan } from '../../i18n/index.ts';
import { planRepository, type TicketPlanContext } from './planRepository.ts';

/**
 * A person-readable explanation of a refusal and of what can be done instead, in the reader's
 * language: addressed to the requester ("Your plan…", "Ask the community…"), or, for staff opening a
 * ticket for someone or looking at their form, about the requester ("The requester's plan…", "The
 * requester can ask the community…"). The plan is named in the reader's language.
 */
export function describeRefusal(
  r: Extract<EntitlementResult, { ok: false }>,
  plan: Pick<PlanEntitlements, 'name' | 'display_name'>,
  locale: string,
  reader: 'requester' | 'staff' = 'requester',
): string {
  const category = (c: string) => {
    try {
      return t(locale, `entitlement.category.${c}`);
    } catch {
      return c;
    }
  };
  const key = reader === 'staff' && r.reason === 'channel_not_included' ? 'channel_not_included_staff' : r.reason;
  const zh = locale.startsWith('zh');
  const head = t(locale, `entitlement.${key}`, {
    plan: planLabel(plan, locale),
    channel: t(locale, `entitlement.channel.${r.channel}`),
    categories: (r.allowed_categories ?? []).map(category).join(zh ? '、' : ', '),
  });
  // What the requester can do instead, told to them, or to staff about them.
  const alternative = reader === 'staff' ? 'alternative_staff' : 'alternative';
  const alts = r.alternatives.map((a) => t(locale, `entitlement.${alternative}.${a.kind}`, { url: 'url' in a ? a.url : '' }));
  // Chinese sentences follow each other without a space, except after a link (which would run on).
  if (!zh) return [head, ...alts].join(' ');
  return tightenHan([head, ...alts].reduce((text, next) => text + (/[!-~]$/.test(text) ? ' ' : '') + next));
}

/**
 * The one entitlement check behind every entry point (portal, API, email, chat, phone).
 * Throws 403 `not_entitled` with the reason, what the requester can do instead, and a message in
 * their language; returns whether the ticket must consume a paid incident.
 */
export async function checkEntitlement(
  q: Queryable,
  ctx: TicketPlanContext,
  o: { channel: string; category: string | null; locale: string; reader?: 'requester' | 'staff' },
): Promise<{ consumeIncident: boolean }> {
  if (ctx.plan_id == null) return { consumeIncident: false };
  const check = (plan: PlanEntitlements) =>
    checkTicketEntitlement({
      plan,
      channel: o.channel,
      category: o.category,
      incidentBalance: ctx.incident_balance,
      paidIncidentsOffered: ctx.paid_incidents_offered,
    });
  const own = parsePlanSettings(ctx.plan_name!, ctx.plan_settings);
  const first = check(own);
  if (first.ok) return { consumeIncident: first.consumeIncident };
  // The desk's community link is read only for a refusal, which names it: an accepted ticket pays nothing.
  const plan = withDeskCommunity(own, await planRepository.deskCommunity(q));
  const r = check(plan);
  if (!r.ok) {
    const { ok: _ok, ...details } = r;
    throw new AppError('not_entitled', describeRefusal(r, plan, o.locale, o.reader), details);
  }
  return { consumeIncident: r.consumeIncident };
}
