/** The JSON shapes of the Kefu API that the SPA reads (see /api/v1/openapi.json). */
export type Role = 'customer' | 'agent' | 'admin';
export type Status = 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed';
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export const STATUSES: Status[] = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];
export const PRIORITIES: Priority[] = ['P1', 'P2', 'P3', 'P4'];

export interface Me {
  id: number | null; name: string; email?: string | null; role: Role; organization_id?: number | null;
  locale?: string | null; timezone?: string | null; system?: boolean;
  emails?: Array<{ email: string; primary: boolean; verified: boolean }>;
}
export interface Person {
  id: number; name: string; email: string | null; role: Role; organization_id: number | null; locale: string; timezone: string | null;
  active: boolean; has_password?: boolean; created_at: string; invitation_url?: string | null;
}
export interface Plan { id: number; key: string; name: string; rank: number; settings?: Record<string, unknown> }
export interface Organization {
  id: number; name: string; plan_id: number | null; plan: { id: number; key?: string; name: string } | null; addons: string[];
  email_domains: string[]; notes: string; created_at: string; incident_balance?: number;
}
export interface Asset { id: number; organization_id: number; kind: 'domain' | 'product'; name: string; created_at: string }
export interface Group { id: number; name: string; description: string; member_ids: number[] }

export type SlaMetric = 'first_response' | 'next_response' | 'resolution';
export interface SlaMetricState {
  metric: SlaMetric; target_minutes?: number; calendar_id?: string | number; status?: string; due_at?: number | string | null;
  timezone?: string; started_at?: string | null; stopped_at?: string | null; breached_at?: string | null;
}
/** Added to tickets by the SLA area; every part is optional until it lands. */
export interface TicketSla {
  policy?: string | { id?: string | number; name?: string } | null; policy_id?: string | number; kind?: 'sla' | 'slo';
  timezone?: string | null; calendar?: { id?: string | number; name?: string; timezone?: string } | null;
  metrics?: SlaMetricState[];
}
export interface QueueReason { key: string; params: Record<string, unknown> }

export interface Ticket {
  id: number; number: number; subject: string; status: Status; priority: Priority; category: string | null; channel: string;
  requester_id: number; requester: { id: number; name: string | null; email: string | null };
  organization_id: number | null; organization: { id: number; name: string } | null;
  asset_id: number | null; asset: { id: number; kind: string; name: string } | null;
  assignee_id: number | null; assignee: { id: number; name: string } | null;
  group_id: number | null; group: { id: number; name: string } | null;
  tags: string[]; fields: Record<string, unknown>;
  plan_id: number | null; plan: { id: number; name: string; rank: number } | null;
  message_count: number; first_response_at: string | null; created_at: string; updated_at: string; solved_at: string | null;
  first_response_due_at?: string | null; sla_next_breach_at?: string | null; sla?: TicketSla | null; queue_reason?: QueueReason | null;
  verification?: { required: boolean; verified: boolean; verified_until: string | null } | null;
  /** false: opened by a mail that claims a registered sender without proof. */
  sender_verified?: boolean;
}
export interface AttachmentMeta { id: number; filename: string; content_type: string; size: number }
export interface Message {
  id: number; ticket_id: number; internal: boolean; channel: string; author: { id: number; name: string | null; role: Role | null } | null;
  body: string; html: string; attachments: AttachmentMeta[]; created_at: string;
  /** false: a mail that claims a registered sender (or staff) without proof. */
  sender_verified?: boolean;
}
export interface TicketEvent { id: number; type: string; actor: { id: number; name: string | null } | null; data: Record<string, unknown>; created_at: string }
export interface ApiToken { id: number; person_id: number; name: string; prefix: string; created_at: string; last_used_at: string | null; expires_at: string | null; revoked_at: string | null; token?: string }

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export type Interval = [string, string];
export interface CalendarSpec {
  timezone: string;
  weekly: Record<Weekday, Interval[]>;
  holidays: Array<{ date: string; from?: string; to?: string; name?: string }>;
  extra_workdays: Array<{ date: string; hours: Interval[]; name?: string }>;
}
export interface CalendarRecord extends Partial<CalendarSpec> { id: number | string; name: string; spec?: CalendarSpec }

export interface SlaTarget { metric: SlaMetric; priority: Priority; minutes: number; calendar_id?: string | number; pause_on?: string[] }
export interface SlaPolicy {
  id: number | string; name: string; kind: 'sla' | 'slo'; position: number;
  match?: { plan_ids?: Array<string | number> | null; addons?: string[] | null; channels?: string[] | null; categories?: string[] | null };
  targets: SlaTarget[];
}

export interface Hours { timezone: string; weekly: Partial<Record<Weekday, Array<[string, string]>>> }
export interface Channel { key: string; name: string; entitled: boolean; open_now: boolean; next_open_at: string | null; hours: Hours | null; contact: string }
export interface Localized { en?: string; 'zh-CN'?: string; [k: string]: string | undefined }
export interface PlanDetail { id: number; name: string; settings: { will_not_do?: Localized[] } & Record<string, unknown> }
export interface Service { key: string; name: Localized; counts_as_incident: boolean; active: boolean }
export interface Purchase { id: number; service: string; quantity: number; remaining: number; order_ref: string; marketplace: string | null; expires_at: string | null; created_at: string }
export interface PlanHistoryRow { plan_id: number | null; plan_name: string | null; addons: string[]; valid_from: string; valid_to: string | null }
export type Alternative = { kind: 'community' | 'github'; url: string } | { kind: 'paid_incident' };
