import type { CalendarSpec } from '../../domain/calendar/index.ts';
import type { FieldType } from '../../domain/customFields/customFields.ts';
import type { PolicyKind, Priority, SlaMetric } from '../../domain/sla/index.ts';

/** A preset is data: plans, calendars and SLA policies (by name), applied idempotently. */
export interface Preset {
  name: string;
  description: { en: string; 'zh-CN': string };
  plans: Array<{ key: string; name: string; rank: number; settings: Record<string, unknown> }>;
  calendars: Array<{ name: string; display_name?: { en: string; 'zh-CN': string }; spec: CalendarSpec }>;
  policies: Array<{
    name: string;
    /** Shown in each language; `name` is the key the preset finds the policy by again. */
    display_name?: { en: string; 'zh-CN': string };
    kind: PolicyKind;
    position: number;
    match: { plan_keys?: string[]; addons?: string[]; channels?: string[]; categories?: string[] };
    targets: Array<{ metric: SlaMetric; priority: Priority; minutes: number; calendar: string; pause_on?: Array<'pending' | 'on_hold'> }>;
  }>;
  /** Channels with their service hours (a calendar by name; null = no hours, e.g. a community forum). Others are turned off. */
  channels: Array<{
    key: 'web' | 'email' | 'chat' | 'phone' | 'emergency_phone' | 'community';
    name: { en: string; 'zh-CN': string };
    calendar: string | null;
    contact?: string;
    /** What the channel is for, shown on the contact page (docs/contact-page.md). */
    purpose?: { en: string; 'zh-CN': string };
  }>;
  /** Paid on-demand services (prices are examples for the admin to edit). */
  services?: Array<{
    key: string;
    name: { en: string; 'zh-CN': string };
    price_cents: number;
    currency: string;
    counts_as_incident: boolean;
  }>;
  /**
   * Custom ticket fields the policy asks for (docs/custom-fields.md), created or updated by key. A field
   * an admin made with the same key and another type is a conflict (types never change).
   */
  ticketFields?: Array<{
    key: string;
    label: { en: string; 'zh-CN': string };
    type: FieldType;
    options?: string[];
    option_labels?: Record<string, { en: string; 'zh-CN': string }>;
    categories?: string[];
    required?: boolean;
    visible_to_customers: boolean;
    sensitive?: boolean;
  }>;
  /**
   * Status page components (docs/status.md), created by key; applying again renames and reorders
   * them but never changes a component's current status.
   */
  statusComponents?: Array<{ key: string; name: { en: string; 'zh-CN': string } }>;
  /**
   * The ticket categories the policy offers, in order (the `tickets.categories` setting): the first
   * preset's list becomes the desk's, a later one adds its new keys after the desk's. Their names are
   * translated by key (`category.<key>` in the web app).
   */
  categories?: Array<{ key: string; technical: boolean }>;
  settings?: Record<string, unknown>;
}

export const HOUR = 60;
export const DAY = 24 * HOUR;
export const ALL_PRIORITIES: Priority[] = ['P1', 'P2', 'P3', 'P4'];

const day = (hours: Array<[string, string]>) => hours;
export function weekly(days: string[], hours: Array<[string, string]>): CalendarSpec['weekly'] {
  const w = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } as CalendarSpec['weekly'];
  for (const d of days) w[d as keyof CalendarSpec['weekly']] = day(hours);
  return w;
}

export const firstResponse = (calendar: string, minutes: Record<Priority, number>) =>
  ALL_PRIORITIES.map((priority) => ({ metric: 'first_response' as const, priority, minutes: minutes[priority], calendar }));

/**
 * First-response targets plus next-response targets of the same length: a customer waiting on the desk
 * again is answered in the same plan order as a new ticket. The next-response targets are the desk's
 * own objective, not a promise the seed makes.
 */
export const responseTargets = (calendar: string, minutes: Record<Priority, number>) => [
  ...firstResponse(calendar, minutes),
  ...ALL_PRIORITIES.map((priority) => ({ metric: 'next_response' as const, priority, minutes: minutes[priority], calendar })),
];
