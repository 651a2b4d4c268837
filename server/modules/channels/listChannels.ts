import type { Db } from '../../db/client.ts';
import { compileCalendar, type CalendarSpec } from '../../domain/calendar/index.ts';
import { includesChannel, parsePlanSettings, type ChannelKey, type PlanEntitlements } from '../../domain/entitlement/entitlement.ts';
import { normalizeLocale } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { planRepository, type TicketPlanContext } from '../plans/planRepository.ts';
import { contactHref } from './contactLink.ts';

interface ChannelRow {
  key: ChannelKey;
  name: Record<string, string>;
  contact: string;
  enabled: boolean;
  position: number;
  spec: CalendarSpec | null;
  purpose: Record<string, string>;
  image: string | null;
  calendar_id: number | null;
}

/**
 * Every channel with its service hours, whether it is open now, when it opens next, and whether the
 * viewer's plan includes it. `now` is a parameter so the answer is exact at the moment of the call.
 */
export async function listChannels(db: Db, o: { actor: Principal; now: Date }) {
  const ctx = isStaff(o.actor) ? null : await planRepository.ticketContext(db, o.actor.organizationId);
  return { data: await channelsFor(db, { ctx, locale: o.actor.locale, now: o.now, staff: isStaff(o.actor) }), next_cursor: null };
}

/**
 * Whether customers can use a channel as it is set up: the portal is where they are; every other
 * channel needs its contact (a number, an address, a link) or its image (a QR code). A preset's
 * emergency phone without a number would tell a customer whose site is down to call nobody.
 */
export const reachable = (c: { key: ChannelKey; contact: string; image: string | null }) =>
  c.key === 'web' || c.contact.trim() !== '' || c.image != null;

/**
 * The channels as `ctx`'s plan sees them (null: staff, every channel included, none recommended).
 * Customers and visitors see only the channels they can reach (`reachable`); staff see every one,
 * with `reachable` saying which are hidden from customers.
 */
export async function channelsFor(db: Db, o: { ctx: TicketPlanContext | null; locale: string; now: Date; staff?: boolean }) {
  const rows = await db.query<ChannelRow>(
    `select c.key, c.name, c.contact, c.enabled, c.position, cal.spec, c.purpose, c.image, c.calendar_id from channels c left join calendars cal on cal.id = c.calendar_id where c.enabled order by c.position, c.key`,
  );
  const { ctx } = o;
  const plan = ctx?.plan_id != null ? parsePlanSettings(ctx.plan_name!, ctx.plan_settings) : null;
  // Channels the plan recommends (seed 000: the community for Pro and Free), from its settings.
  const rec = ctx?.plan_settings?.recommended_channels;
  const recommended = new Set(Array.isArray(rec) ? rec.map(String) : []);
  const locale = normalizeLocale(o.locale);
  // The community channel leads where the reader's plan sends its customers (its GitHub or community
  // link, the kind the channel itself links to); staff see and edit the desk's own contact.
  const contactOf = (c: ChannelRow) => (c.key === 'community' && !o.staff && plan ? planCommunityLink(c.contact, plan) : c.contact);
  return rows
    .map((c) => ({ ...c, contact: contactOf(c) }))
    .filter((c) => o.staff || reachable(c))
    .map((c) => ({
      key: c.key,
      name: c.name[locale] ?? c.name.en ?? c.key,
      contact: c.contact,
      contact_href: contactHref(c.key, c.contact),
      purpose: c.purpose?.[locale] ?? c.purpose?.en ?? null,
      // What the admin edits (staff only): the names and purposes in every language, and the calendar of the hours.
      ...(o.staff ? { names: c.name, purposes: c.purpose ?? {}, calendar_id: c.calendar_id, reachable: reachable(c) } : {}),
      image: c.image,
      recommended: recommended.has(c.key),
      entitled: includesChannel(plan, c.key),
      // A plan that opens tickets only about some categories (Free: billing, account, 2FA, abuse) says so
      // on every channel that opens tickets, not a bare "included".
      categories: plan?.categories && c.key !== 'community' && includesChannel(plan, c.key) ? plan.categories : null,
      // A plan without help from a person (seed 001's free product) still opens requests on its channels
      // with a paid incident: say so there, not a bare "Not in your plan" next to the paid services.
      paid_incident: paidIncidentChannel(ctx, plan, c.key),
      ...openingOf(c.spec, o.now),
      hours: c.spec,
    }));
}

/**
 * Whether a request on this channel is opened with one of the organization's paid incidents: the plan
 * lists the channel but includes no help from a person, the reader has an organization to buy for,
 * and the desk sells incidents (the same rule as `checkEntitlement`'s `consumeIncident`).
 */
export function paidIncidentChannel(ctx: TicketPlanContext | null, plan: PlanEntitlements | null, key: ChannelKey): boolean {
  if (!ctx || !plan || ctx.org_id == null || !ctx.paid_incidents_offered) return false;
  if (key === 'community' || plan.human_support) return false;
  return !plan.channels || plan.channels.includes(key);
}

/** A plan's link for the community channel: its GitHub link where the channel links to GitHub, else its community link; else the channel's. */
export function planCommunityLink(contact: string, plan: { github_url?: string | null; community_url?: string | null }): string {
  const github = /^https?:\/\/(www\.)?github\.com\//i.test(contact.trim());
  return (github ? (plan.github_url ?? plan.community_url) : (plan.community_url ?? plan.github_url)) ?? contact;
}

/** Open now, and the next opening (now when open; null when the calendar never opens again). No calendar: always open. */
export function openingOf(spec: CalendarSpec | null, at: Date) {
  const now = at.getTime();
  const cal = spec ? compileCalendar(spec) : null;
  const next = cal ? cal.nextOpen(now) : now;
  return { open_now: cal ? cal.isOpen(now) : true, next_open_at: next == null ? null : new Date(next).toISOString() };
}
