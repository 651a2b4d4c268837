import type { Queryable } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import { kbRepository } from './kbRepository.ts';

/**
 * Counts a reader's answer to "Did this help?" on a published article: helpful or not, and
 * `deflected` when it ended a ticket form ("This solved it": no ticket was filed). Anyone may
 * answer (guests too); the route limits how often per address. A draft or unknown id is a 404.
 */
export async function recordFeedback(db: Queryable, o: { id: number; helpful: boolean; deflected: boolean }) {
  const ok = await kbRepository.count(db, o.id, {
    helpful: o.helpful ? 1 : 0,
    unhelpful: o.helpful ? 0 : 1,
    // Only a helpful answer can have ended a request.
    deflections: o.helpful && o.deflected ? 1 : 0,
  });
  if (!ok) throw notFound('Help article', o.id);
}
