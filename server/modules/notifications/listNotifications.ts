import type { Db } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import { decodeCursor, page } from '../shared/cursor.ts';
import { notificationOwner } from './notificationPolicy.ts';
import { presentNotification } from './notificationPresenter.ts';
import { notificationRepository } from './notificationRepository.ts';

/** `unread_count` counts at most this many (an index-only count stays cheap with a huge backlog). */
export const UNREAD_CAP = 1000;

/** The caller's notifications, newest first (keyset on id), each line in the caller's language. */
export async function listNotifications(db: Db, opts: { actor: Principal; cursor?: string; limit: number; unread?: boolean }) {
  const personId = notificationOwner(opts.actor);
  const after = decodeCursor(opts.cursor, 1) as [number] | null;
  const rows = await notificationRepository.list(db, {
    personId,
    beforeId: after?.[0] ?? null,
    unread: opts.unread ?? false,
    limit: opts.limit + 1,
  });
  const p = page(rows, opts.limit, (r) => [r.id]);
  // The count the bell shows: exact up to UNREAD_CAP - 1, UNREAD_CAP meaning "that many or more".
  const unread = await notificationRepository.unreadCount(db, personId, UNREAD_CAP);
  return { data: p.data.map((n) => presentNotification(n, opts.actor.locale)), next_cursor: p.next_cursor, unread_count: unread };
}
