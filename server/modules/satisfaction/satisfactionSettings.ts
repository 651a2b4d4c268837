import type { Db, Queryable } from '../../db/client.ts';
import { t } from '../../i18n/index.ts';
import { forbidden } from '../../errors.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';

/**
 * The survey's settings (docs/satisfaction.md), one row of the settings table:
 * - `enabled` (default true): off means no block in the solved mail, no portal widget, and the
 *   rating endpoints refuse (the links answer 404, the ticket endpoint 409).
 * - `notify_below` (default 3): a score below it (1–2 by default) notifies the ticket's group, or
 *   its assignee when it has no group; 1 turns the notice off.
 */
export interface SatisfactionSettings {
  enabled: boolean;
  notify_below: number;
}
export const DEFAULT_SATISFACTION: SatisfactionSettings = { enabled: true, notify_below: 3 };
const KEY = 'satisfaction';

export async function loadSatisfactionSettings(q: Queryable): Promise<SatisfactionSettings> {
  const row = (await q.query<{ value: Partial<SatisfactionSettings> }>(`select value from settings where key = $1`, [KEY]))[0];
  return { ...DEFAULT_SATISFACTION, ...(row?.value ?? {}) };
}

/** Staff may read them (they explain why a customer was or was not asked). */
export async function getSatisfactionSettings(db: Db, o: { actor: Principal }) {
  if (!isStaff(o.actor)) throw forbidden(t(o.actor.locale, 'satisfaction.errors.settings_staff_only'));
  return loadSatisfactionSettings(db);
}

/** Admin: fields left out keep their value. */
export async function updateSatisfactionSettings(db: Db, o: { actor: Principal; patch: Partial<SatisfactionSettings> }) {
  if (!isAdmin(o.actor)) throw forbidden(t(o.actor.locale, 'satisfaction.errors.settings_admin_only'));
  const next = { ...(await loadSatisfactionSettings(db)), ...o.patch };
  await db.query(
    `insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [KEY, JSON.stringify(next)],
  );
  return next;
}
