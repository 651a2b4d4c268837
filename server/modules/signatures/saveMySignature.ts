import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { signatureRepository, SIGNATURE_LOCALES, type Signatures } from './signatureRepository.ts';

/**
 * Sets the signed-in agent's signatures; a language left out keeps its signature, an empty one
 * removes it. Plain text: the composer appends it to public replies (docs/mail-display.md).
 */
export async function saveMySignature(db: Db, opts: { actor: Principal; input: Partial<Signatures> }): Promise<{ signatures: Signatures }> {
  if (!isStaff(opts.actor) || opts.actor.personId == null) throw forbidden(text('signatures.errors.staff_only'));
  const personId = opts.actor.personId;
  return db.tx(async (q) => {
    const current = await signatureRepository.get(q, personId);
    const next = Object.fromEntries(
      SIGNATURE_LOCALES.map((l) => [l, (opts.input[l] ?? current[l]).replace(/\r\n?/g, '\n').replace(/\s+$/, '')]),
    ) as Signatures;
    return { signatures: await signatureRepository.set(q, personId, next) };
  });
}
