import type { Db } from '../../db/client.ts';
import { authRepository } from './authRepository.ts';
import { forgetCredential } from './authenticate.ts';
import { hashSecret } from './secrets.ts';

export async function logout(db: Db, opts: { sessionToken: string }): Promise<void> {
  await authRepository.revokeSession(db, hashSecret(opts.sessionToken));
  forgetCredential(opts.sessionToken);
}
