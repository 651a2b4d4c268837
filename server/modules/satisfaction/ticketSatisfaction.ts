import type { Queryable } from '../../db/client.ts';
import { presentRating } from './satisfactionPresenter.ts';
import { satisfactionRepository } from './satisfactionRepository.ts';
import { loadSatisfactionSettings } from './satisfactionSettings.ts';

/**
 * The `satisfaction` of a ticket's JSON: `{score, comment, rated_at}` or null. Staff always see it;
 * for the requester it is there only while surveys are on (its presence is what shows the portal's
 * rating widget). Answers undefined when the key is to be left out.
 */
export async function ticketSatisfaction(q: Queryable, o: { ticketId: number; staff: boolean }) {
  if (!o.staff && !(await loadSatisfactionSettings(q)).enabled) return undefined;
  const r = await satisfactionRepository.get(q, o.ticketId);
  return { rating: r ? presentRating(r) : null };
}
