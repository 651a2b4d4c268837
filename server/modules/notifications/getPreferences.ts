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

/** Quiet hours per person (default off), several in one query. */
export async function quietHoursOf(q: Queryable, personIds: number[]): Promise<Map<number, boolean>> {
  const out = new Map<number, boolean>(personIds.map((id) => [id, false]));
  for (const r of await notificationRepository.settings(q, personIds)) out.set(r.person_id, r.quiet_hours);
  return out;
}

export const presentPreferences = (p: Preferences, quietHours: boolean) => ({
  data: NOTIFICATION_KINDS.map((kind) => ({ kind, ...p[kind] })),
  quiet_hours: quietHours,
});

/** The caller's delivery choice for every kind (defaults filled in), and quiet hours. */
export async function getPreferences(q: Queryable, opts: { actor: Principal }) {
  const personId = notificationOwner(opts.actor);
  const prefs = (await preferencesOf(q, [personId])).get(personId)!;
  return presentPreferences(prefs, (await quietHoursOf(q, [personId])).get(personId)!);
}
