import type { Db } from '../../db/client.ts';
import { forbidden } from '../../errors.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';
import { invalidateSlaConfig, loadSlaConfig } from './slaConfig.ts';

export async function slaSettings(db: Db, o: { actor: Principal }) {
  if (!isStaff(o.actor)) throw forbidden('Only agents and admins may read SLA settings');
  return { warning_minutes: (await loadSlaConfig(db)).warningMs / 60_000 };
}

export async function updateSlaSettings(db: Db, o: { actor: Principal; warning_minutes: number }) {
  if (!isAdmin(o.actor)) throw forbidden('Only an admin may change SLA settings');
  await db.query(
    `insert into settings (key, value) values ('sla.warning_minutes', $1) on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [JSON.stringify(o.warning_minutes)],
  );
  invalidateSlaConfig();
  return { warning_minutes: o.warning_minutes };
}
