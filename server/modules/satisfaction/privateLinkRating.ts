import type { Db } from '../../db/client.ts';
import { presentRating } from './satisfactionPresenter.ts';
import { satisfactionRepository } from './satisfactionRepository.ts';
import { loadSatisfactionSettings } from './satisfactionSettings.ts';
import { ratingKeyring, signRatingToken } from './satisfactionToken.ts';

/**
 * "How did we do?" on the private page of a ticket (docs/satisfaction.md): the private link acts as
 * the requester, so the page may rate as the solved mail's link does. Answers a fresh rating token
 * (the same signed token as the mail's, posted to `/api/v1/public/satisfaction/{token}`) and the
 * current rating, or null: surveys are off, the ticket is not solved or closed, it was merged away,
 * or the link is not its requester's.
 */
export async function privateLinkRating(
  db: Db,
  o: { ticket: { id: number; status: string; merged_into_id: number | null; requester_id: number | null }; personId: number; now: Date },
) {
  const { ticket } = o;
  if (ticket.requester_id !== o.personId || ticket.merged_into_id != null) return null;
  if (ticket.status !== 'solved' && ticket.status !== 'closed') return null;
  if (!(await loadSatisfactionSettings(db)).enabled) return null;
  const r = await satisfactionRepository.get(db, ticket.id);
  return {
    token: signRatingToken(await ratingKeyring(db), { ticketId: ticket.id, personId: o.personId, now: o.now }),
    rating: r ? presentRating(r) : null,
  };
}
