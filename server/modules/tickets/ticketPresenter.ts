import { isStaff, type Principal } from '../auth/principal.ts';
import { presentSla } from '../sla/slaPresenter.ts';
import { hasRemoteImages, textToHtml } from './messageBody.ts';
import type { TicketRow } from './ticketRepository.ts';
import { customFieldsOf } from '../../domain/customFields/customFields.ts';
import { asDefinition, currentTicketFields } from '../fields/ticketFieldCache.ts';

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : (d ?? null));

/** Extra presenters (SLA, entitlement, …) add their fields here. */
const enrichers: Array<(row: TicketRow, out: Record<string, unknown>) => void> = [];
export function addTicketEnricher(fn: (row: TicketRow, out: Record<string, unknown>) => void) {
  enrichers.push(fn);
}

/**
 * `viewer` decides what counts: staff see every message, anyone else (and any caller that does not
 * say who reads) only the public ones.
 */
export function presentTicket(t: TicketRow, viewer?: Principal | null) {
  // Custom fields are the defined keys of `fields`; a field not shown to customers is in neither for them.
  const staffViewer = !!viewer && isStaff(viewer);
  const { custom, hidden } = customFieldsOf(currentTicketFields().map(asDefinition), t.fields, !staffViewer);
  const fields = hidden.length ? Object.fromEntries(Object.entries(t.fields ?? {}).filter(([k]) => !hidden.includes(k))) : t.fields;
  const out: Record<string, unknown> = {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    category: t.category,
    channel: t.channel,
    requester_id: t.requester_id,
    requester: { id: t.requester_id, name: t.requester_name, email: t.requester_email },
    organization_id: t.organization_id,
    organization: t.organization_id ? { id: t.organization_id, name: t.organization_name } : null,
    asset_id: t.asset_id,
    asset: t.asset_id ? { id: t.asset_id, kind: t.asset_kind, name: t.asset_name } : null,
    assignee_id: t.assignee_id,
    assignee: t.assignee_id ? { id: t.assignee_id, name: t.assignee_name } : null,
    group_id: t.group_id,
    group: t.group_id ? { id: t.group_id, name: t.group_name } : null,
    tags: t.tags,
    fields,
    custom_fields: custom,
    plan_id: t.plan_id,
    plan: t.plan_id ? { id: t.plan_id, name: t.plan_name, rank: t.plan_rank } : null,
    merged_into_id: t.merged_into_id,
    /** The number of the ticket this one was merged into, for "Merged into #1006". */
    merged_into_number: (t as { merged_into_number?: number | null }).merged_into_number ?? null,
    message_count: viewer && isStaff(viewer) ? t.message_count : t.message_count - (t.note_count ?? 0),
    first_response_at: iso(t.first_response_at),
    created_at: iso(t.created_at),
    updated_at: iso(t.updated_at),
    solved_at: iso(t.solved_at),
    closed_at: iso(t.closed_at),
    /** The status incident this ticket is about (docs/status.md). */
    status_incident_id: (t as { status_incident_id?: number | null }).status_incident_id ?? null,
    // Staff: on hold until then, when the lifecycle job reopens it (docs/lifecycle.md).
    ...(viewer && isStaff(viewer) ? { snoozed_until: iso((t as { snoozed_until?: Date | null }).snoozed_until) } : {}),
    // Staff: the ticket's id in the system it was imported from (docs/exports.md); GET /tickets?external_id= finds it.
    ...(staffViewer ? { external_id: t.external_id ?? null } : {}),
    ...presentSla(t as never),
  };
  for (const e of enrichers) e(t, out);
  return out;
}

export interface MessageRow {
  id: number;
  ticket_id: number;
  author_id: number | null;
  author_name: string | null;
  author_role: string | null;
  internal: boolean;
  channel: string;
  body_text: string;
  body_html: string;
  created_at: Date;
  sender_verified?: boolean | null;
  attachments: Array<{ id: number; filename: string; content_type: string; size: number }>;
}

export function presentMessage(m: MessageRow) {
  return {
    id: m.id,
    ticket_id: m.ticket_id,
    internal: m.internal,
    channel: m.channel,
    author: m.author_id ? { id: m.author_id, name: m.author_name, role: m.author_role } : null,
    body: m.body_text,
    html: m.body_html,
    // Written as HTML (mail, the formatting composer) rather than plain text: shown in a sandboxed frame (docs/mail-display.md).
    rich: !!m.body_html && m.body_html !== textToHtml(m.body_text),
    remote_images: !!m.body_html && hasRemoteImages(m.body_html),
    attachments: m.attachments ?? [],
    created_at: iso(m.created_at),
    // false only for mail whose sender claims an account (or staff) and was not proven (see server/channels/email/mailTrust.ts).
    sender_verified: m.sender_verified !== false,
  };
}
