import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import { forgetAllCredentials } from '../auth/authenticate.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { recordAudit, type RequestMeta } from './audit.ts';
import { securityRepository } from './securityRepository.ts';
import { loadSecuritySettings, SECURITY_SETTING_KEYS, setCachedSecuritySettings, type SecuritySettings } from './securitySettings.ts';

/** An admin changes security settings; the change is audited and applies at once on this instance. */
export async function updateSecuritySettings(
  db: Db,
  opts: { actor: Principal; patch: Partial<SecuritySettings>; meta?: RequestMeta; now?: Date },
) {
  if (!isAdmin(opts.actor)) throw forbidden(text('security.errors.settings_change_admin_only'));
  const changed = Object.keys(opts.patch).filter((k) => opts.patch[k as keyof SecuritySettings] !== undefined) as Array<
    keyof SecuritySettings
  >;
  const settings = await db.tx(async (q) => {
    for (const k of changed) await securityRepository.putSetting(q, SECURITY_SETTING_KEYS[k], opts.patch[k]);
    if (changed.length)
      await recordAudit(q, {
        type: 'security.settings_changed',
        personId: opts.actor.personId,
        meta: opts.meta,
        at: opts.now,
        data: Object.fromEntries(changed.map((k) => [k, opts.patch[k]])),
      });
    return loadSecuritySettings(q);
  });
  setCachedSecuritySettings(settings);
  forgetAllCredentials();
  return settings;
}
