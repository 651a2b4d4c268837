import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit, type RequestMeta } from './audit.ts';
import { confirmEnrolment } from './otpSecrets.ts';

/** Confirms the authenticator app with a code it shows; from then on its codes verify the person on tickets. */
export async function confirmSupportApp(db: Db, opts: { actor: Principal; code: string; meta?: RequestMeta; now?: Date }) {
  const personId = opts.actor.personId;
  if (personId == null) throw forbidden(text('security.errors.app_enrol_signed_in'));
  const now = opts.now ?? new Date();
  await confirmEnrolment(db, {
    actor: opts.actor,
    purpose: 'support_app',
    code: opts.code,
    meta: opts.meta,
    now,
    then: (q) => recordAudit(q, { type: 'support_app.enabled', personId, meta: opts.meta, at: now }),
  });
  return { enabled: true };
}
