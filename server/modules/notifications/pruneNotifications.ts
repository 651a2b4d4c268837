import type { Db } from '../../db/client.ts';
import { notificationRepository } from './notificationRepository.ts';

/** Read notifications are kept this long after they were created; unread ones are kept until read. */
export const RETENTION_DAYS = 90;
const BATCH = 5000;

/**
 * Deletes read notifications created more than RETENTION_DAYS ago, in batches (each its own short
 * statement, found through the partial index on read rows), so a large backlog never holds one long
 * lock. Returns how many were deleted.
 */
export async function pruneNotifications(db: Db, o: { now: Date; maxBatches?: number }): Promise<number> {
  const before = new Date(o.now.getTime() - RETENTION_DAYS * 24 * 3600_000);
  let total = 0;
  for (let i = 0; i < (o.maxBatches ?? 200); i++) {
    const n = await notificationRepository.pruneRead(db, before, BATCH);
    total += n;
    if (n < BATCH) break;
  }
  return total;
}
