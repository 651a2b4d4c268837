import type { Db } from '../../db/client.ts';
import { invalid } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import { notificationOwner } from './notificationPolicy.ts';
import { notificationRepository } from './notificationRepository.ts';

/** Marks the caller's notifications read: the given ids (others' ids are ignored), or all. Answers how many changed. */
export async function markRead(db: Db, opts: { actor: Principal; ids?: number[]; all?: boolean }): Promise<{ marked: number }> {
  const personId = notificationOwner(opts.actor);
  const all = opts.all === true && !opts.ids?.length;
  const ids = opts.ids?.length && opts.all !== true ? [...new Set(opts.ids)] : null;
  if (!all && !ids) throw invalid(t(opts.actor.locale, 'notifications.errors.ids_or_all'), { field: 'ids' });
  // The person's other tabs hear of it (live gateway), after commit, so their count updates.
  return db.tx(async (q) => {
    const marked = all ? await notificationRepository.markAllRead(q, personId) : await notificationRepository.markRead(q, personId, ids!);
    if (marked) await notificationRepository.announceRead(q, personId, all ? 'all' : ids!);
    return { marked };
  });
}
