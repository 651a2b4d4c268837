import type { Db } from '../../db/client.ts';
import { statusAfterMessage, type Status } from '../../domain/tickets/ticket.ts';
import { conflict, forbidden, invalid, notFound, text, unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { getTicketRow } from './getTicket.ts';
import { changeTicket } from './ticketPipeline.ts';
import { presentTicket } from './ticketPresenter.ts';
import { ticketPolicy } from './ticketPolicy.ts';
import { ticketRepository } from './ticketRepository.ts';

/**
 * A merge moves the whole conversation, so it never crosses customers: both tickets belong to the
 * same organization, or both to none and to the same requester.
 */
export const mayMerge = (
  a: { organization_id: number | null; requester_id: number },
  b: { organization_id: number | null; requester_id: number },
) => (a.organization_id != null ? a.organization_id === b.organization_id : b.organization_id == null && a.requester_id === b.requester_id);

/**
 * The target's status after a merge. A source still waiting on the team (new or open) brings the
 * requester's unanswered words: the target moves as if the requester had written on it (a solved,
 * pending or on-hold target opens again). A source already answered (pending, on hold, solved)
 * leaves the target as it is. docs/ticket-links.md, "Merge".
 */
export const targetStatusAfterMerge = (source: Status, target: Status): Status =>
  source === 'new' || source === 'open' ? statusAfterMessage(target, 'customer', false) : target;

/** Merges `sourceId` into `targetId`: the conversation moves, the source is closed and points to the target. */
export async function mergeTickets(db: Db, opts: { actor: Principal; sourceId: number; targetId: number }) {
  const { actor, sourceId, targetId } = opts;
  if (!isStaff(actor)) throw forbidden(text('tickets.errors.merge_staff_only'));
  if (sourceId === targetId) throw invalid(text('tickets.errors.merge_self'), { field: 'target_id' });
  await db.tx(async (q) => {
    // Lock in id order so two opposite merges cannot deadlock (the pipeline's own lock is then a no-op).
    const [a, b] = sourceId < targetId ? [sourceId, targetId] : [targetId, sourceId];
    const first = await ticketRepository.lock(q, a);
    const second = await ticketRepository.lock(q, b);
    const source = a === sourceId ? first : second;
    const target = a === targetId ? first : second;
    if (!source || !ticketPolicy.canSee(actor, source)) throw notFound('Ticket', sourceId);
    if (!target || !ticketPolicy.canSee(actor, target)) throw notFound('Ticket', targetId);
    if (source.merged_into_id) throw conflict(text('tickets.errors.already_merged', { number: source.number }));
    if (target.status === 'closed') throw conflict(text('tickets.errors.merge_target_closed'), { field: 'target_id' });
    if (!mayMerge(source, target))
      throw unprocessable(t(actor.locale, 'tickets.merge.cross_organization', { source: source.number, target: target.number }), {
        field: 'target_id',
        reason: 'different_organization',
      });
    const at = new Date();
    const reopen = targetStatusAfterMerge(source.status, target.status);
    // The target takes the conversation, its search text, counters and tags; then the source closes and points to it.
    await changeTicket(q, {
      ticketId: targetId,
      actorId: actor.personId,
      apply: async () => {
        await q.query(`update messages set ticket_id = $2 where ticket_id = $1`, [sourceId, targetId]);
        await q.query(
          `update tickets t set search = t.search || s.search, search_internal = case when s.search_internal is null then t.search_internal else coalesce(t.search_internal, ''::tsvector) || s.search_internal end,
                  message_count = t.message_count + s.message_count, note_count = t.note_count + s.note_count, tags = array(select distinct unnest(t.tags || s.tags))
             from tickets s where t.id = $2 and s.id = $1`,
          [sourceId, targetId],
        );
        return {
          touch: true,
          at,
          ...(reopen !== target.status ? { patch: { status: reopen } } : {}),
          events: [
            { type: 'ticket.merged', data: { from: sourceId } },
            ...(reopen !== target.status
              ? [
                  {
                    type: 'ticket.updated' as const,
                    data: { changes: { status: [target.status, reopen] as [Status, Status] }, merged_from: sourceId },
                  },
                ]
              : []),
          ],
          result: null,
        };
      },
    });
    await changeTicket(q, {
      ticketId: sourceId,
      actorId: actor.personId,
      apply: () => ({
        patch: { status: 'closed', merged_into_id: targetId, message_count: 0, note_count: 0 },
        at,
        events: [{ type: 'ticket.merged', data: { into: targetId } }],
        result: null,
      }),
    });
  });
  return presentTicket((await getTicketRow(db, targetId))!, actor);
}
