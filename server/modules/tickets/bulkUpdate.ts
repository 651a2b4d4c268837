import type { Db } from '../../db/client.ts';
import { AppError, conflict, forbidden, invalid, sayError, text, unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { mergeTickets } from './mergeTickets.ts';
import { ticketPolicy } from './ticketPolicy.ts';
import { updateTicket, type UpdateTicketInput } from './updateTicket.ts';

/** Most tickets one bulk call changes; clients send bigger selections in several calls. */
export const BULK_MAX = 100;

export interface BulkInput extends Pick<
  UpdateTicketInput,
  'status' | 'priority' | 'group_id' | 'assignee_id' | 'add_tags' | 'remove_tags'
> {
  /** Merge every listed ticket into this one (by id); not combined with other changes. */
  merge_into?: number;
}

export type BulkResult = {
  id: number;
  number: number | null;
  ok: boolean;
  error: { code: string; message: string; field?: string } | null;
};

/**
 * The same change to many tickets, each through the one change path (updateTicket / mergeTickets):
 * each ticket commits or fails on its own, with its own events, and the answer says which.
 */
export async function bulkUpdate(db: Db, opts: { actor: Principal; ids: number[]; update: BulkInput }): Promise<{ data: BulkResult[] }> {
  const { actor, update } = opts;
  if (!isStaff(actor)) throw forbidden(text('tickets.errors.bulk_staff_only'));
  const ids = [...new Set(opts.ids)];
  if (!ids.length) throw unprocessable(text('tickets.errors.bulk_none'), { field: 'ids' });
  if (ids.length > BULK_MAX) throw unprocessable(text('tickets.errors.bulk_too_many', { max: BULK_MAX }), { field: 'ids', max: BULK_MAX });
  const { merge_into: into, ...change } = update;
  const changes = Object.entries(change).filter(([, v]) => v !== undefined);
  if (into != null && changes.length) throw unprocessable(text('tickets.errors.bulk_merge_with_changes'), { field: 'update.merge_into' });
  if (into == null && !changes.length) throw unprocessable(text('tickets.errors.bulk_nothing'), { field: 'update' });

  const found = new Map(
    (
      await db.query<{
        id: number;
        number: number;
        status: string;
        organization_id: number | null;
        requester_id: number;
        group_id: number | null;
        assignee_id: number | null;
      }>(`select id, number, status, organization_id, requester_id, group_id, assignee_id from tickets where id = any($1::bigint[])`, [ids])
    )
      // A ticket outside an agent's groups is one they cannot see: not found, number not told.
      .filter((r) => ticketPolicy.canSee(actor, r))
      .map((r) => [r.id, r]),
  );
  const data: BulkResult[] = [];
  for (const id of ids) {
    const cur = found.get(id);
    const number = cur?.number ?? null;
    try {
      // The usual refusals, said in the reader's language before trying; the use cases still decide.
      if (!cur) throw new AppError('not_found', t(actor.locale, 'views.bulk.not_found'));
      if (into == null && cur.status === 'closed') throw conflict(t(actor.locale, 'views.bulk.closed'), { field: 'status' });
      if (into === id) throw invalid(t(actor.locale, 'views.bulk.merge_self'), { field: 'merge_into' });
      if (into != null) await mergeTickets(db, { actor, sourceId: id, targetId: into });
      else await updateTicket(db, { actor, id, input: Object.fromEntries(changes) as UpdateTicketInput });
      data.push({ id, number, ok: true, error: null });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const field = (e.details as { field?: unknown } | undefined)?.field;
      // Each ticket's refusal in the reader's language, as a refusal of the request itself would be.
      const message = e.text ? sayError(actor.locale, e.text) : e.message;
      data.push({ id, number, ok: false, error: { code: e.code, message, ...(typeof field === 'string' ? { field } : {}) } });
    }
  }
  return { data };
}
