import type { Db } from '../../db/client.ts';
import { forbidden } from '../../errors.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { loadSecuritySettings, setCachedSecuritySettings } from './securitySettings.ts';

export async function getSecuritySettings(db: Db, opts: { actor: Principal }) {
  if (!isAdmin(opts.actor)) throw forbidden('Only an admin may read security settings');
  const s = await loadSecuritySettings(db);
  setCachedSecuritySettings(s);
  return s;
}
