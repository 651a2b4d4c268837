import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';
import { invalidateSlaConfig, loadSlaConfig } from './slaConfig.ts';

export async function slaSettings(db: Db, o: { actor: Principal }) {
  if (!isStaff(o.actor)) throw forbidden(text('sla.errors.settings_staff_only'));
  return { warning_minutes: (await loadSlaConfig(db)).warningMs / 60_000 };
}

export async function updateSlaSettings(db: Db, o: { actor: Principal; warning_minutes: number }) {
  if (!isAdmin(o.actor)) throw forbidden(text('sla.errors.settings_admin_only'));
  await db.query(
    `insert into settings (key, value) values ('sla.warning_minutes', $1) on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [JSON.stringify(o.warning_minutes)],
  );
  invalidateSlaConfig();
  return { warning_minutes: o.warning_minutes };
}
