import { csvLine } from '../reports/csv.ts';
import type { TicketFieldRow } from '../fields/ticketFieldRepository.ts';

/**
 * The columns of the ticket CSV export (docs/exports.md): fixed ticket columns, then one
 * `field:<key>` column per custom ticket field, in the admin's order. Sensitive fields get no column:
 * the ticket shield withholds them from every export (they never leave through a spreadsheet).
 */
export const TICKET_CSV_COLUMNS = [
  'id',
  'number',
  'subject',
  'status',
  'priority',
  'channel',
  'category',
  'plan',
  'organization',
  'requester',
  'requester_email',
  'assignee',
  'group',
  'tags',
  'created_at',
  'updated_at',
  'first_response_at',
  'solved_at',
  'closed_at',
] as const;

/** A UTF-8 byte order mark: Excel opens a CSV file as UTF-8 (Chinese names intact) only when it starts with one. */
export { UTF8_BOM } from '../reports/csv.ts';

export function customFieldColumns(defs: readonly TicketFieldRow[]): string[] {
  return defs.filter((d) => !d.sensitive).map((d) => d.key); // already in the admin's order (position, id)
}

export function ticketCsvHeader(fieldKeys: string[]): string {
  return csvLine([...TICKET_CSV_COLUMNS, ...fieldKeys.map((k) => `field:${k}`)]);
}

type Named = { name?: unknown; email?: unknown } | null | undefined;
const nameOf = (v: unknown) => ((v as Named)?.name as string | undefined) ?? null;

/** A custom field value as one cell: a list (multiselect) joined with "; ", anything else as it is. */
function fieldCell(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('; ');
  return v;
}

/** One presented ticket (presentTicket) as one CSV record; the formula guard is csvLine's. */
export function ticketCsvLine(t: Record<string, unknown>, fieldKeys: string[]): string {
  const custom = (t.custom_fields ?? {}) as Record<string, unknown>;
  const requester = t.requester as Named;
  return csvLine([
    t.id,
    t.number,
    t.subject,
    t.status,
    t.priority,
    t.channel,
    t.category,
    nameOf(t.plan),
    nameOf(t.organization),
    nameOf(requester),
    (requester?.email as string | undefined) ?? null,
    nameOf(t.assignee),
    nameOf(t.group),
    Array.isArray(t.tags) ? t.tags.join(' ') : null,
    t.created_at,
    t.updated_at,
    t.first_response_at,
    t.solved_at,
    t.closed_at,
    ...fieldKeys.map((k) => fieldCell(custom[k])),
  ]);
}
