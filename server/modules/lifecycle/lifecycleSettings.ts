import type { Db, Queryable } from '../../db/client.ts';
import { DEFAULT_LIFECYCLE, lifecycleProblem, type LifecycleSettings } from '../../domain/tickets/lifecycle.ts';
import { forbidden, text, unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';

const KEY = 'tickets.lifecycle';

export async function loadLifecycle(q: Queryable): Promise<LifecycleSettings> {
  const row = (await q.query<{ value: Partial<LifecycleSettings> }>(`select value from settings where key = $1`, [KEY]))[0];
  return { ...DEFAULT_LIFECYCLE, ...(row?.value ?? {}) };
}

/** The lifecycle rules (staff may read them: they explain why a ticket closed on its own). */
export async function getLifecycleSettings(db: Db, o: { actor: Principal }) {
  if (!isStaff(o.actor)) throw forbidden(text('lifecycle.errors.settings_staff_only'));
  return loadLifecycle(db);
}

/** Changes some rules (admin); fields left out keep their value, `null` turns a rule off. */
export async function updateLifecycleSettings(db: Db, o: { actor: Principal; patch: Partial<LifecycleSettings> }) {
  if (!isAdmin(o.actor)) throw forbidden(text('lifecycle.errors.settings_admin_only'));
  const next = { ...(await loadLifecycle(db)), ...o.patch };
  const problem = lifecycleProblem(next);
  if (problem) throw unprocessable(t(o.actor.locale, `tickets.lifecycle.${problem.reason}`), { field: problem.field });
  await db.query(
    `insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [KEY, JSON.stringify(next)],
  );
  return next;
}
