import type { Db } from '../../db/client.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { forgetAllCredentials } from './authenticate.ts';
import { consumeOneTimeToken } from './oneTimeTokens.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';

/** Invitation or password-reset link: sets the password, verifies the address the link was sent to. */
export async function setPasswordWithToken(db: Db, opts: { token: string; password: string; meta?: RequestMeta }): Promise<number | null> {
  checkPasswordStrength(opts.password);
  const hash = await hashPassword(opts.password);
  return db.tx(async (q) => {
    const t = await consumeOneTimeToken(q, ['invite', 'password_reset'], opts.token);
    if (t.person_id == null) return null;
    await q.query(`update people set password_hash = $2, updated_at = now() where id = $1`, [t.person_id, hash]);
    await q.query(`update person_emails set verified_at = coalesce(verified_at, now()) where person_id = $1 and is_primary`, [t.person_id]);
    await q.query(`update sessions set revoked_at = now() where person_id = $1 and revoked_at is null`, [t.person_id]);
    await recordAudit(q, { type: 'auth.password_changed', personId: t.person_id, meta: opts.meta, data: { via: t.purpose } });
    forgetAllCredentials();
    return t.person_id;
  });
}
