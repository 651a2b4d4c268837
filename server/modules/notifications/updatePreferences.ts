import type { Db } from '../../db/client.ts';
import type { Delivery, NotificationKind } from '../../domain/notifications/decide.ts';
import type { Principal } from '../auth/principal.ts';
import { preferencesOf, presentPreferences } from './getPreferences.ts';
import { notificationOwner } from './notificationPolicy.ts';
import { notificationRepository } from './notificationRepository.ts';

export type PreferencesPatch = Partial<Record<NotificationKind, Partial<Delivery>>>;

/** Changes the caller's delivery for the kinds given (a kind left out, or a field left out, keeps its value). Both off mutes a kind. */
export async function updatePreferences(db: Db, opts: { actor: Principal; patch: PreferencesPatch }) {
  const personId = notificationOwner(opts.actor);
  return db.tx(async (q) => {
    const cur = (await preferencesOf(q, [personId])).get(personId)!;
    const changed = (Object.keys(opts.patch) as NotificationKind[]).filter((k) => opts.patch[k]).map((kind) => {
      cur[kind] = { ...cur[kind], ...opts.patch[kind] };
      return { kind, ...cur[kind] };
    });
    await notificationRepository.savePreferences(q, personId, changed);
    return presentPreferences(cur);
  });
}
