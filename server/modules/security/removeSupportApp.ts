import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit, type RequestMeta } from './audit.ts';
import { securityRepository } from './securityRepository.ts';

/** Forgets the person's authenticator app for support verification; the portal's rotating code still works. */
export async function removeSupportApp(db: Db, opts: { actor: Principal; meta?: RequestMeta; now?: Date }) {
  const personId = opts.actor.personId;
  if (personId == null) throw forbidden(text('security.errors.app_signed_in'));
  await db.tx(async (q) => {
    if (await securityRepository.deleteOtp(q, personId, 'support_app'))
      await recordAudit(q, { type: 'support_app.removed', personId, meta: opts.meta, at: opts.now });
  });
  return { enabled: false };
}
