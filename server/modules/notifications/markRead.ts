import type { Db } from '../../db/client.ts';
import { invalid } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import { notificationOwner } from './notificationPolicy.ts';
import { notificationRepository } from './notificationRepository.ts';

/** Marks the caller's notifications read: the given ids (others' ids are ignored), or all. Answers how many changed. */
export async function markRead(db: Db, opts: { actor: Principal; ids?: number[]; all?: boolean }): Promise<{ marked: number }> {
  const personId = notificationOwner(opts.actor);
  if (opts.all === true && !opts.ids?.length) return { marked: await notificationRepository.markAllRead(db, personId) };
  if (opts.ids?.length && opts.all !== true) return { marked: await notificationRepository.markRead(db, personId, [...new Set(opts.ids)]) };
  throw invalid(t(opts.actor.locale, 'notifications.errors.ids_or_all'), { field: 'ids' });
}
