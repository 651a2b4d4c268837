import type { Db } from '../../db/client.ts';
import { satisfactionRepository } from './satisfactionRepository.ts';
import { loadSatisfactionSettings } from './satisfactionSettings.ts';
import { ratingKeyring, ratingUrl, signRatingToken } from './satisfactionToken.ts';

/**
 * The solved mail's five rating links (score 1..5), or null: surveys are off, or the ticket was
 * already rated (the requester is asked once; they can still change their rating in the portal or
 * through an earlier link). Signed links, nothing stored (satisfactionToken.ts).
 */
export async function surveyLinks(db: Db, o: { ticketId: number; personId: number; publicUrl: string; now: Date }) {
  if (!(await loadSatisfactionSettings(db)).enabled) return null;
  if (await satisfactionRepository.get(db, o.ticketId)) return null;
  const token = signRatingToken(await ratingKeyring(db), { ticketId: o.ticketId, personId: o.personId, now: o.now });
  return [1, 2, 3, 4, 5].map((score) => ({ score, url: ratingUrl(o.publicUrl, token, score) }));
}
