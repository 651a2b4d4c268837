import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { signatureRepository, type Signatures } from './signatureRepository.ts';

/** The signed-in agent's signatures (staff only: customers do not sign replies). */
export async function getMySignature(db: Db, opts: { actor: Principal }): Promise<{ signatures: Signatures }> {
  if (!isStaff(opts.actor) || opts.actor.personId == null) throw forbidden(text('signatures.errors.staff_only'));
  return { signatures: await signatureRepository.get(db, opts.actor.personId) };
}
