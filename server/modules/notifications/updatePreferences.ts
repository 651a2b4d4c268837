import type { Db } from '../../db/client.ts';
import type { Delivery, NotificationKind } from '../../domain/notifications/decide.ts';
import type { Principal } from '../auth/principal.ts';
import { preferencesOf, presentPreferences, quietHoursOf } from './getPreferences.ts';
import { notificationOwner } from './notificationPolicy.ts';
import { notificationRepository } from './notificationRepository.ts';

export type PreferencesPatch = Partial<Record<NotificationKind, Partial<Delivery>>> & { quiet_hours?: boolean };

/** Changes the caller's delivery for the kinds given (a kind left out, or a field left out, keeps its value). Both off mutes a kind. `quiet_hours`: hold mail while the desk's default calendar is closed. */
export async function updatePreferences(db: Db, opts: { actor: Principal; patch: PreferencesPatch }) {
  const personId = notificationOwner(opts.actor);
  return db.tx(async (q) => {
    const cur = (await preferencesOf(q, [personId])).get(personId)!;
    const { quiet_hours: quiet, ...kinds } = opts.patch;
    const changed = (Object.keys(kinds) as NotificationKind[])
      .filter((k) => kinds[k])
      .map((kind) => {
        cur[kind] = { ...cur[kind], ...kinds[kind] };
        return { kind, ...cur[kind] };
      });
    await notificationRepository.savePreferences(q, personId, changed);
    if (quiet !== undefined) await notificationRepository.saveSettings(q, personId, { quiet_hours: quiet });
    return presentPreferences(cur, quiet ?? (await quietHoursOf(q, [personId])).get(personId)!);
  });
}
