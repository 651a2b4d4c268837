import type { Db } from '../../db/client.ts';
import { conflict, forbidden, invalid, notFound, text } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { getTicketRow } from '../tickets/getTicket.ts';
import { changeTicket } from '../tickets/ticketPipeline.ts';
import { ticketPolicy } from '../tickets/ticketPolicy.ts';
import { presentTicket } from '../tickets/ticketPresenter.ts';

const YEAR = 366 * 86_400_000;

/**
 * Snooze (staff): the ticket goes on hold until `until`, then the lifecycle job reopens it. `until`
 * null ends a snooze now (the ticket reopens). A solved or closed ticket is not snoozed.
 */
export async function snoozeTicket(db: Db, o: { actor: Principal; ticketId: number; until: Date | null; now?: Date }) {
  if (!isStaff(o.actor)) throw forbidden(text('lifecycle.errors.snooze_staff_only'));
  const now = o.now ?? new Date();
  if (o.until && (o.until.getTime() <= now.getTime() || o.until.getTime() > now.getTime() + YEAR))
    throw invalid(t(o.actor.locale, 'tickets.lifecycle.snooze_range'), { field: 'until' });
  await db.tx((q) =>
    changeTicket(q, {
      ticketId: o.ticketId,
      actorId: o.actor.personId,
      apply: (cur) => {
        if (!ticketPolicy.canSee(o.actor, cur)) throw notFound('Ticket', o.ticketId);
        if (cur.status === 'solved' || cur.status === 'closed')
          throw conflict(t(o.actor.locale, 'tickets.lifecycle.snooze_done'), { field: 'status' });
        const before = cur.snoozed_until?.toISOString() ?? null;
        if (!o.until) {
          if (!before) return { events: [], result: null };
          return {
            at: now,
            patch: { status: 'open', snoozed_until: null },
            result: null,
            events: [{ type: 'ticket.updated', data: { changes: { status: [cur.status, 'open'], snoozed_until: [before, null] } } }],
          };
        }
        const until = o.until.toISOString();
        return {
          at: now,
          patch: { status: 'on_hold', snoozed_until: o.until },
          result: null,
          events: [
            {
              type: 'ticket.updated',
              data: {
                changes: {
                  ...(cur.status !== 'on_hold' ? { status: [cur.status, 'on_hold'] as [typeof cur.status, 'on_hold'] } : {}),
                  snoozed_until: [before, until],
                },
              },
            },
          ],
        };
      },
    }),
  );
  return presentTicket((await getTicketRow(db, o.ticketId))!, o.actor);
}
