import type { Db } from '../../db/client.ts';
import { UNSOLVED } from '../../domain/tickets/ticket.ts';
import { forbidden, invalid } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { currentTicketFields } from '../fields/ticketFieldCache.ts';
import { listTickets, type TicketFilter } from '../tickets/listTickets.ts';
import { findView } from '../views/getView.ts';
import { parseViewFilters, toTicketFilter } from '../views/viewFilters.ts';
import { customFieldColumns, ticketCsvHeader, ticketCsvLine, UTF8_BOM } from './ticketCsv.ts';

export type ExportFormat = 'csv' | 'jsonl';

/** Tickets per query: one page is one statement of its own (no transaction spans the download). */
export const EXPORT_PAGE_SIZE = 1000;

/**
 * The tickets of a list filter as CSV or JSON Lines (docs/exports.md), oldest first by
 * (created_at, id) — the list's `sort=created_at` — read page by page with the list's own keyset
 * cursor, so an export holds exactly what the list shows the same person (group limit included).
 *
 * With `view` (an id or a built-in key), the tickets that view shows instead (its filters, plan, SLA
 * and dates included); list filters cannot be added to it.
 *
 * Staff only: customers get a 403 (they read their tickets in the portal). The first page is read
 * before this returns, so a refusal or a failing query is an ordinary error answer; the generator
 * then yields one chunk per page, and its consumer (a stream piped to the response) asks for the next
 * page only once the previous one was taken (backpressure). Stopping the generator (the client went
 * away) stops the queries.
 */
export async function exportTickets(
  db: Db,
  opts: {
    actor: Principal;
    filter: Omit<TicketFilter, 'limit' | 'cursor' | 'sort'>;
    view?: number | string;
    format: ExportFormat;
    pageSize?: number;
    now?: Date;
  },
): Promise<AsyncGenerator<string>> {
  const { actor, format } = opts;
  if (!isStaff(actor)) throw forbidden(t(actor.locale, 'activity.export_staff_only'));
  // One instant for every page: relative filters (SLA at risk, the last N days) do not move mid-export.
  const now = opts.now ?? new Date();
  const filter = opts.view == null ? opts.filter : await viewFilter(db, actor, opts.view, opts.filter, now);
  const limit = opts.pageSize ?? EXPORT_PAGE_SIZE;
  const fieldKeys = format === 'csv' ? customFieldColumns(currentTicketFields()) : [];
  const page = (cursor?: string) => listTickets(db, { actor, now, filter: { ...filter, sort: 'created_at', limit, cursor } });
  const render = (rows: Array<Record<string, unknown>>) =>
    format === 'csv' ? rows.map((r) => ticketCsvLine(r, fieldKeys)).join('') : rows.map((r) => JSON.stringify(r) + '\n').join('');
  let current = await page();
  async function* chunks(): AsyncGenerator<string> {
    const head = (format === 'csv' ? UTF8_BOM + ticketCsvHeader(fieldKeys) : '') + render(current.data);
    if (head) yield head;
    while (current.next_cursor) {
      current = await page(current.next_cursor);
      if (current.data.length) yield render(current.data);
    }
  }
  return chunks();
}

/**
 * A view's filter for an export. A view listed in queue order shows unsolved tickets only (the queue
 * holds no others): in created_at order that must be said with the statuses.
 */
async function viewFilter(db: Db, actor: Principal, ref: number | string, extra: object, now: Date) {
  if (Object.values(extra).some((v) => v !== undefined))
    throw invalid(t(actor.locale, 'activity.export_view_or_filters'), { field: 'view' });
  const v = await findView(db, actor, ref);
  const { sort, ...f } = toTicketFilter(parseViewFilters(v.filters), now);
  return sort === 'queue' && !f.status?.length ? { ...f, status: [...UNSOLVED] } : f;
}
