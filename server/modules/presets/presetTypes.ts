import type { CalendarSpec } from '../../domain/calendar/index.ts';
import type { PolicyKind, Priority, SlaMetric } from '../../domain/sla/index.ts';

/** A preset is data: plans, calendars and SLA policies (by name), applied idempotently. */
export interface Preset {
  name: string;
  description: { en: string; 'zh-CN': string };
  plans: Array<{ key: string; name: string; rank: number; settings: Record<string, unknown> }>;
  calendars: Array<{ name: string; spec: CalendarSpec }>;
  policies: Array<{
    name: string; kind: PolicyKind; position: number;
    match: { plan_keys?: string[]; addons?: string[]; channels?: string[]; categories?: string[] };
    targets: Array<{ metric: SlaMetric; priority: Priority; minutes: number; calendar: string; pause_on?: Array<'pending' | 'on_hold'> }>;
  }>;
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
