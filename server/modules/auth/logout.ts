import type { Db } from '../../db/client.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { authRepository } from './authRepository.ts';
import { forgetCredential } from './authenticate.ts';
import { hashSecret } from './secrets.ts';

export async function logout(db: Db, opts: { sessionToken: string; meta?: RequestMeta }): Promise<void> {
  await db.tx(async (q) => {
    const s = await authRepository.revokeSession(q, hashSecret(opts.sessionToken));
    if (s) await recordAudit(q, { type: 'auth.logout', personId: s.person_id, meta: opts.meta, data: { session_id: s.id } });
  });
  forgetCredential(opts.sessionToken);
}
