/**
 * The JSON shapes of the Kefu API that the SPA reads. Most are taken from openapi.gen.ts, which
 * `npm run gen:api` generates from the server's route schemas (see /api/v1/openapi.json): change the
 * schema in server/http/routes (or server/http/responseSchemas.ts), not these names. The few types
 * still written here by hand say why.
 */
import type { paths } from './openapi.gen.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The JSON body of `status` answered by `method path` (a path as the OpenAPI document writes it: `/api/v1/tickets/{id}`). */
export type ApiResponse<P extends keyof paths, M extends Method & keyof paths[P], S extends number = 200> = paths[P][M] extends {
  responses: infer R;
}
  ? S extends keyof R
    ? R[S] extends { content: { 'application/json': infer B } }
      ? B
      : never
    : never
  : never;
/** Omit for the generated types: keeps the named keys next to their `[key: string]: unknown` (Omit folds them into it). */
type Without<T, K extends PropertyKey> = { [P in keyof T as P extends K ? never : P]: T[P] };
/** One item of a `{data: [...]}` answer. */
export type Item<T> = T extends { data: Array<infer I> } ? I : never;

type TicketJson = ApiResponse<'/api/v1/tickets/{id}', 'get'>;
type TicketSlaJson = NonNullable<TicketJson['sla']>;
/**
 * Narrowed by hand: the SLA readers (components/sla.ts) also accept zones the API may add later
 * (`timezone`, `calendar`, a metric's `timezone`); none is in the answer today.
 */
export type SlaMetricState = TicketSlaJson['metrics'][number] & { timezone?: string };
export type TicketSla = Without<TicketSlaJson, 'metrics'> & {
  metrics: SlaMetricState[];
  timezone?: string | null;
  calendar?: { id?: string | number; name?: string; timezone?: string } | null;
};
export type Ticket = Without<TicketJson, 'sla'> & { sla: TicketSla | null };
type MessageJson = ApiResponse<'/api/v1/tickets/{id}/messages', 'post', 201>;
/** `sender_verified` optional: the portal shows messages read through a guest link (which have none) as Messages. */
export type Message = Without<MessageJson, 'sender_verified'> & { sender_verified?: boolean };
export type TicketEvent = Item<ApiResponse<'/api/v1/tickets/{id}/events', 'get'>>;
export type AttachmentMeta = Message['attachments'][number];
export type QueueReason = NonNullable<Ticket['queue_reason']>;
export type SlaMetric = 'first_response' | 'next_response' | 'resolution';

export type Status = Ticket['status'];
export type Priority = Ticket['priority'];
export const STATUSES: Status[] = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];
export const PRIORITIES: Priority[] = ['P1', 'P2', 'P3', 'P4'];

export type Person = ApiResponse<'/api/v1/people/{id}', 'get'>;
export type Role = Person['role'];
/**
 * GET /me: the signed-in person, or the local operator (`id` null, `system` true, nothing else). Flattened
 * by hand from the answer's union so the app reads `me.email` without narrowing first.
 */
export type Me = Partial<Without<Person, 'id' | 'name' | 'role'>> & { id: number | null; name: string; role: Role; system?: boolean };

type OrganizationJson = ApiResponse<'/api/v1/organizations/{id}', 'get'>;
/** `notes` required by hand: only staff get them (the API leaves them out for customers), and only the admin screens read them. */
export type Organization = Without<OrganizationJson, 'notes'> & { notes: string };
export type Asset = ApiResponse<'/api/v1/organizations/{id}/assets', 'post', 201>;
export type Group = ApiResponse<'/api/v1/groups/{id}', 'get'>;
type PlanJson = ApiResponse<'/api/v1/plans/{id}', 'get'>;
/** `created_at` optional by hand: the app builds plans in tests and never reads it. */
export type Plan = Without<PlanJson, 'created_at'> & { created_at?: string };
export type ApiToken = ApiResponse<'/api/v1/tokens', 'post', 201>;
export type Channel = Item<ApiResponse<'/api/v1/channels', 'get'>>;
export type Purchase = Item<ApiResponse<'/api/v1/organizations/{id}/purchases', 'get'>>;
export type PlanHistoryRow = Item<ApiResponse<'/api/v1/organizations/{id}/plan-history', 'get'>>;

// By hand: calendars and SLA policies are edited in forms as well as read, with tuples ([from, to]) and
// drafts (no id yet) that the loose answer types do not describe.
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export type Interval = [string, string];
export interface CalendarSpec {
  timezone: string;
  weekly: Record<Weekday, Interval[]>;
  holidays: Array<{ date: string; from?: string; to?: string; name?: string }>;
  extra_workdays: Array<{ date: string; hours: Interval[]; name?: string }>;
}
export interface CalendarRecord extends Partial<CalendarSpec> {
  id: number | string;
  name: string;
  display_name?: Record<string, string> | null;
  spec?: CalendarSpec;
}

export interface SlaTarget {
  metric: SlaMetric;
  priority: Priority;
  minutes: number;
  calendar_id?: string | number;
  pause_on?: string[];
}
export interface SlaPolicy {
  id: number | string;
  name: string;
  display_name?: Record<string, string> | null;
  kind: 'sla' | 'slo';
  position: number;
  match?: { plan_ids?: Array<string | number> | null; addons?: string[] | null; channels?: string[] | null; categories?: string[] | null };
  targets: SlaTarget[];
}

// By hand: localized texts are `{en, 'zh-CN', …}` records the answers type as plain string maps.
export interface Hours {
  timezone: string;
  weekly: Partial<Record<Weekday, Array<[string, string]>>>;
  /** Days closed (the calendar's holidays), when the API sends them. */
  holidays?: CalendarSpec['holidays'];
  /** Days open although normally closed (调休), when the API sends them. */
  extra_workdays?: CalendarSpec['extra_workdays'];
}
export interface Localized {
  en?: string;
  'zh-CN'?: string;
  [k: string]: string | undefined;
}
export interface PlanDetail {
  id: number;
  name: string;
  settings: { will_not_do?: Localized[] } & Record<string, unknown>;
}
export interface Service {
  key: string;
  name: Localized;
  counts_as_incident: boolean;
  active: boolean;
}
export type Alternative = { kind: 'community' | 'github'; url: string } | { kind: 'paid_incident' };
