import type { Queryable } from '../../db/client.ts';
import { DEFAULT_DELIVERY, NOTIFICATION_KINDS, type Delivery, type NotificationKind } from '../../domain/notifications/decide.ts';
import type { Principal } from '../auth/principal.ts';
import { notificationOwner } from './notificationPolicy.ts';
import { notificationRepository } from './notificationRepository.ts';

export type Preferences = Record<NotificationKind, Delivery>;

/** Each person's delivery per kind: their saved choice, else the default. Several people in one query. */
export async function preferencesOf(q: Queryable, personIds: number[]): Promise<Map<number, Preferences>> {
  const out = new Map<number, Preferences>();
  for (const id of personIds) out.set(id, structuredClone(DEFAULT_DELIVERY));
  for (const r of await notificationRepository.preferences(q, personIds)) {
    const p = out.get(r.person_id);
    if (p && r.kind in p) p[r.kind] = { in_app: r.in_app, email: r.email };
  }
  return out;
}

export const presentPreferences = (p: Preferences) => ({ data: NOTIFICATION_KINDS.map((kind) => ({ kind, ...p[kind] })) });

/** The caller's delivery choice for every kind (defaults filled in). */
export async function getPreferences(q: Queryable, opts: { actor: Principal }) {
  const personId = notificationOwner(opts.actor);
  return presentPreferences((await preferencesOf(q, [personId])).get(personId)!);
}
