/**
 * What a plan allows. Pure: one check serves every entry point (portal, email, API, chat, phone).
 */
export const CHANNEL_KEYS = ['web', 'email', 'chat', 'phone', 'emergency_phone', 'community'] as const;
export type ChannelKey = (typeof CHANNEL_KEYS)[number];

export interface PlanEntitlements {
  name: string;
  /** Channels included; null = all. 'web' covers tickets from the portal and the API. */
  channels: ChannelKey[] | null;
  /** Ticket categories allowed; null = all. */
  categories: string[] | null;
  /** Whether the plan includes help from a person; without it a ticket needs a paid incident. */
  human_support: boolean;
  community_url?: string | null;
  github_url?: string | null;
  /** Names by language (`settings.display_name`, as the presets store them); `name` where one is missing. */
  display_name?: Record<string, string> | null;
}

/** The plan's name in a reader's language (docs/sla.md, "Names of plans, add-ons and channels"). */
export function planLabel(plan: Pick<PlanEntitlements, 'name' | 'display_name'>, locale: string): string {
  const v = plan.display_name?.[locale];
  return typeof v === 'string' && v.trim() ? v : plan.name;
}

export type Alternative = { kind: 'community'; url: string } | { kind: 'github'; url: string } | { kind: 'paid_incident' };
export type NotEntitledReason = 'channel_not_included' | 'category_not_included' | 'no_human_support';

export type EntitlementResult =
  | { ok: true; consumeIncident: boolean }
  | {
      ok: false;
      reason: NotEntitledReason;
      plan: string;
      channel: ChannelKey;
      category: string | null;
      allowed_categories: string[] | null;
      alternatives: Alternative[];
    };

/** The channel a ticket arrived on, as plans name channels. */
export function channelKeyFor(ticketChannel: string): ChannelKey {
  if (ticketChannel === 'api' || ticketChannel === 'web') return 'web';
  return (CHANNEL_KEYS as readonly string[]).includes(ticketChannel) ? (ticketChannel as ChannelKey) : 'web';
}

export function parsePlanSettings(name: string, s: Record<string, unknown> | null | undefined): PlanEntitlements {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : null);
  return {
    name,
    channels: list(s?.channels) as ChannelKey[] | null,
    categories: list(s?.categories),
    human_support: s?.human_support !== false,
    community_url: typeof s?.community_url === 'string' ? s.community_url : null,
    github_url: typeof s?.github_url === 'string' ? s.github_url : null,
    display_name:
      s?.display_name && typeof s.display_name === 'object' && !Array.isArray(s.display_name)
        ? (s.display_name as Record<string, string>)
        : null,
  };
}

/**
 * The plan with the desk's community link where it names neither a community nor a GitHub link of its
 * own: the community channel's contact is where the desk sends people (docs/contact-page.md).
 */
export function withDeskCommunity(plan: PlanEntitlements, deskCommunity: string | null | undefined): PlanEntitlements {
  const link = deskCommunity?.trim();
  if (!link || plan.community_url || plan.github_url) return plan;
  return { ...plan, community_url: link };
}

function alternatives(plan: PlanEntitlements, paidIncidents: boolean): Alternative[] {
  const out: Alternative[] = [];
  if (plan.community_url) out.push({ kind: 'community', url: plan.community_url });
  if (plan.github_url) out.push({ kind: 'github', url: plan.github_url });
  if (paidIncidents) out.push({ kind: 'paid_incident' });
  return out;
}

/** May this ticket be opened? `plan` null means no plan applies: everything is allowed. */
export function checkTicketEntitlement(o: {
  plan: PlanEntitlements | null;
  channel: string;
  category: string | null;
  incidentBalance: number;
  paidIncidentsOffered: boolean;
}): EntitlementResult {
  const { plan } = o;
  if (!plan) return { ok: true, consumeIncident: false };
  const channel = channelKeyFor(o.channel);
  const no = (reason: NotEntitledReason): EntitlementResult => ({
    ok: false,
    reason,
    plan: plan.name,
    channel,
    category: o.category,
    allowed_categories: plan.categories,
    alternatives: alternatives(plan, o.paidIncidentsOffered),
  });
  if (plan.channels && !plan.channels.includes(channel)) return no('channel_not_included');
  if (plan.categories && (!o.category || !plan.categories.includes(o.category.toLowerCase()))) return no('category_not_included');
  if (!plan.human_support) return o.incidentBalance > 0 ? { ok: true, consumeIncident: true } : no('no_human_support');
  return { ok: true, consumeIncident: false };
}

/** Whether the plan includes a channel (for the contact page). */
export function includesChannel(plan: PlanEntitlements | null, key: ChannelKey): boolean {
  if (!plan) return true;
  if (key === 'community') return true;
  if (plan.channels && !plan.channels.includes(key)) return false;
  return plan.human_support;
}

/**
 * The desk's ticket categories, in the order the portal offers them. `technical` ones ask for the
 * engineer's details (zone, steps, tool output); the others for a free-text description.
 */
export const TICKET_CATEGORIES = [
  { key: 'availability', technical: true },
  { key: 'dns', technical: true },
  { key: 'ssl', technical: true },
  { key: 'performance', technical: true },
  { key: 'security', technical: true },
  { key: 'configuration', technical: true },
  { key: 'account', technical: false },
  { key: 'billing', technical: false },
  { key: '2fa', technical: false },
  { key: 'abuse', technical: false },
  { key: 'other', technical: false },
] as const;
export interface FormCategory {
  key: string;
  technical: boolean;
}

/**
 * A preset's categories joined to the desk's: the desk's first, in their order, then the preset's
 * new keys in its order (applying a second preset adds, never removes).
 */
export function mergeDeskCategories(desk: readonly FormCategory[] | null, preset: readonly FormCategory[]): FormCategory[] {
  if (!desk) return preset.map((c) => ({ ...c }));
  return [...desk.map((c) => ({ ...c })), ...preset.filter((c) => !desk.some((d) => d.key === c.key)).map((c) => ({ ...c }))];
}

/** What the ticket form offers on a plan, and what it tells the customer before they submit. */
export interface TicketFormPlan {
  /** Categories the plan allows, in the desk's order (plan-only keys last). */
  categories: FormCategory[];
  /** Desk categories the plan does not include (shown at the category step with the alternatives). */
  not_included: string[];
  /** Whether the portal may take a ticket at all on this plan now (web included, human support or an incident left). */
  can_submit: boolean;
  reason: NotEntitledReason | null;
  /** A ticket takes one paid incident when the plan has no human support. */
  consumes_incident: boolean;
  alternatives: Alternative[];
}

export function ticketFormFor(o: {
  plan: PlanEntitlements | null;
  incidentBalance: number;
  paidIncidentsOffered: boolean;
  /** The desk's categories (the `tickets.categories` setting a preset writes); the built-in list by default. */
  desk?: readonly FormCategory[];
}): TicketFormPlan {
  const desk: FormCategory[] = (o.desk ?? TICKET_CATEGORIES).map((c) => ({ key: c.key, technical: c.technical }));
  const { plan } = o;
  if (!plan) return { categories: desk, not_included: [], can_submit: true, reason: null, consumes_incident: false, alternatives: [] };
  const allowed = plan.categories?.map((c) => c.toLowerCase()) ?? null;
  const categories = allowed
    ? [
        ...desk.filter((c) => allowed.includes(c.key)),
        ...allowed.filter((k) => !desk.some((c) => c.key === k)).map((key) => ({ key, technical: false })),
      ]
    : desk;
  const not_included = allowed ? desk.filter((c) => !allowed.includes(c.key)).map((c) => c.key) : [];
  const probe = checkTicketEntitlement({
    plan,
    channel: 'web',
    category: categories[0]?.key ?? null,
    incidentBalance: o.incidentBalance,
    paidIncidentsOffered: o.paidIncidentsOffered,
  });
  const refused =
    !probe.ok && probe.reason !== 'category_not_included' ? probe.reason : categories.length === 0 ? 'category_not_included' : null;
  return {
    categories,
    not_included,
    can_submit: refused == null,
    reason: refused,
    consumes_incident: probe.ok && probe.consumeIncident,
    alternatives: alternatives(plan, o.paidIncidentsOffered),
  };
}

/** A domain name as people type it: lower case, without a trailing dot, scheme, path or port. */
export function normalizeDomain(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '')
    .replace(/\.$/, '');
}

/** Is `name` one of the owned domains, or a host inside one of them? */
export function domainCovered(name: string, owned: string[]): boolean {
  const n = normalizeDomain(name);
  return owned.map(normalizeDomain).some((d) => d !== '' && (n === d || n.endsWith(`.${d}`)));
}
