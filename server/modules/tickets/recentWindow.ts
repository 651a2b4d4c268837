import type { Db } from '../../db/client.ts';

/**
 * Newest-first word searches (the ticket list, the header search) look at the recent tickets first,
 * by walking `created_at` backwards and testing each ticket's words, then at the older ones through
 * the search index alone. The walk is fast while it is short: it covers the last 30 days, but never
 * more than the newest `recentWindow.rows` tickets (a desk of ten million tickets has 270,000 a month, and a
 * walk over all of them for words that match none took a quarter of a second).
 */
export const RECENT_MS = 30 * 24 * 3600_000;
/** The newest tickets the walk covers at most (a setting of this module so that a test can make it small). */
export const recentWindow = { rows: 20_000 };
/** The boundary moves with new tickets; a search may use one up to this old (both steps use the same one, so nothing is missed or repeated). */
const MAX_AGE_MS = 60_000;

const cache = new WeakMap<Db, { at: number; rows: number; nth: Date | null }>();

/** The start of the recent window: 30 days ago, or the creation time of the `recentWindow.rows`-th newest ticket if that is later. */
export async function recentCutoff(db: Db, now = new Date()): Promise<Date> {
  const floor = new Date(now.getTime() - RECENT_MS);
  let c = cache.get(db);
  if (!c || c.rows !== recentWindow.rows || Date.now() - c.at > MAX_AGE_MS) {
    const rows = await db.query<{ created_at: Date }>(
      `select created_at from tickets order by created_at desc, id desc offset $1 limit 1`,
      [recentWindow.rows - 1],
      { prepare: true },
    );
    c = { at: Date.now(), rows: recentWindow.rows, nth: rows[0] ? new Date(rows[0].created_at) : null };
    cache.set(db, c);
  }
  return c.nth && c.nth > floor ? c.nth : floor;
}
