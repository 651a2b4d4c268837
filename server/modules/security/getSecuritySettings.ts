import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { loadSecuritySettings, setCachedSecuritySettings } from './securitySettings.ts';

export async function getSecuritySettings(db: Db, opts: { actor: Principal }) {
  if (!isAdmin(opts.actor)) throw forbidden(text('security.errors.settings_read_admin_only'));
  const s = await loadSecuritySettings(db);
  setCachedSecuritySettings(s);
  return s;
}
