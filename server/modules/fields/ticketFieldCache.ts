import type { Queryable } from '../../db/client.ts';
import type { FieldDefinition } from '../../domain/customFields/customFields.ts';
import { ticketFieldRepository, type TicketFieldRow } from './ticketFieldRepository.ts';

/**
 * The field definitions, cached per instance for the synchronous readers: the ticket presenter
 * (`custom_fields`, fields hidden from customers) and the sensitive-field shield. Re-read at most
 * every few seconds (the HTTP layer refreshes before each request, with the security settings);
 * a change made on this instance applies at once, on others within MAX_AGE_MS. Writes validate
 * against the table itself, never this cache.
 */
const MAX_AGE_MS = 5_000;
let cached: TicketFieldRow[] = [];
let loadedAt = 0;
let loading: Promise<void> | null = null;

export const currentTicketFields = (): readonly TicketFieldRow[] => cached;

export function setCachedTicketFields(rows: TicketFieldRow[], now = Date.now()) {
  cached = rows;
  loadedAt = now;
}

export async function refreshTicketFields(q: Queryable, now = Date.now()): Promise<readonly TicketFieldRow[]> {
  if (now - loadedAt < MAX_AGE_MS) return cached;
  loading ??= ticketFieldRepository
    .all(q)
    .then((rows) => setCachedTicketFields(rows, now))
    .finally(() => {
      loading = null;
    });
  await loading;
  return cached;
}

/** Reads the table and refreshes this instance's cache (after a write, and where a write validates). */
export async function loadTicketFields(q: Queryable): Promise<TicketFieldRow[]> {
  const rows = await ticketFieldRepository.all(q);
  setCachedTicketFields(rows);
  return rows;
}

/** Keys of fields defined as sensitive: withheld like `security.sensitive_fields` (docs/security.md). */
export const sensitiveFieldKeys = (): string[] => cached.filter((f) => f.sensitive).map((f) => f.key);

export const asDefinition = (r: TicketFieldRow): FieldDefinition => ({
  key: r.key,
  type: r.type,
  options: r.options,
  categories: r.categories,
  required: r.required,
  visible_to_customers: r.visible_to_customers,
  sensitive: r.sensitive,
  active: r.active,
});
