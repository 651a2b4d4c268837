import type { Db } from '../../db/client.ts';
import { AppError, conflict, forbidden, notFound } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { getTicketRow } from '../tickets/getTicket.ts';
import { changeTicket } from '../tickets/ticketPipeline.ts';
import { ticketPolicy } from '../tickets/ticketPolicy.ts';
import { presentRating } from './satisfactionPresenter.ts';
import { satisfactionRepository } from './satisfactionRepository.ts';
import { loadSatisfactionSettings } from './satisfactionSettings.ts';

export interface RatingInput {
  score: number;
  comment?: string | null;
}

const RATABLE = new Set(['solved', 'closed']);

/** The ticket may be rated now: solved or closed, not merged away. Checked before and under the row lock. */
function assertRatable(actor: Principal, tk: { status: string; merged_into_id: number | null }) {
  if (tk.merged_into_id != null) throw conflict(t(actor.locale, 'satisfaction.errors.merged'), { field: 'status' });
  if (!RATABLE.has(tk.status)) throw conflict(t(actor.locale, 'satisfaction.errors.not_solved'), { field: 'status' });
}

/**
 * The requester rates their solved (or closed) ticket 1–5, with an optional comment. Only the
 * requester: another organization's ticket (or one the actor may not see) is a 404, staff and the
 * requester's colleagues get a 403 (nobody rates on the customer's behalf). A second rating replaces
 * the first. Through the ticket pipeline: one `satisfaction.rated` event (the notifier reads it for
 * low scores); no status change, no updated_at bump, no SLA recompute (not a clock event).
 * `via` says where the rating came from (the portal, or the mailed link: rateByToken).
 */
export async function rateTicket(db: Db, o: { actor: Principal; ticketId: number; input: RatingInput; via?: 'portal' | 'link' }) {
  const { actor } = o;
  const settings = await loadSatisfactionSettings(db);
  const tk = await getTicketRow(db, o.ticketId);
  if (!tk || !ticketPolicy.canSee(actor, tk)) throw notFound('Ticket', o.ticketId);
  if (isStaff(actor) || actor.personId == null) throw forbidden(t(actor.locale, 'satisfaction.errors.staff'));
  if (tk.requester_id !== actor.personId) throw forbidden(t(actor.locale, 'satisfaction.errors.requester_only'));
  if (!settings.enabled) throw new AppError('conflict', t(actor.locale, 'satisfaction.errors.disabled'));
  assertRatable(actor, tk);
  const comment = o.input.comment?.trim() ? o.input.comment.trim() : null;
  const personId = actor.personId;
  return db.tx((q) =>
    changeTicket(q, {
      ticketId: o.ticketId,
      actorId: personId,
      apply: async (cur) => {
        assertRatable(actor, cur);
        if (cur.requester_id !== personId) throw forbidden(t(actor.locale, 'satisfaction.errors.requester_only'));
        const at = new Date();
        const previous = await satisfactionRepository.upsert(q, { ticketId: cur.id, personId, score: o.input.score, comment, at });
        return {
          at,
          events: [{ type: 'satisfaction.rated', data: { score: o.input.score, comment, previous, via: o.via ?? 'portal' } }],
          result: presentRating({ score: o.input.score, comment, rated_at: at }),
        };
      },
    }),
  );
}
