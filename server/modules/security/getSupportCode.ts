import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { openActive } from './otpSecrets.ts';
import { keyring, seal, secretAad } from './secretBox.ts';
import { securityRepository } from './securityRepository.ts';
import { newTotpSecret, STEP_SECONDS, totpAt } from './totp.ts';

/**
 * The rotating support code the portal shows: a TOTP from a per-person secret kept on the server,
 * made on first use. The person reads it out to an agent, who verifies them on a ticket.
 */
export async function getSupportCode(db: Db, opts: { actor: Principal; now?: Date }) {
  const personId = opts.actor.personId;
  if (personId == null) throw forbidden(text('security.errors.support_code_signed_in'));
  const now = opts.now ?? new Date();
  const ring = await keyring(db);
  let row = await securityRepository.otp(db, personId, 'support_code');
  if (!row?.secret_enc) {
    await securityRepository.insertActiveIfAbsent(
      db,
      personId,
      'support_code',
      seal(ring, newTotpSecret(), secretAad(personId, 'support_code')),
      now,
    );
    row = await securityRepository.otp(db, personId, 'support_code');
  }
  const { code, expiresAt } = await totpAt(openActive(ring, row!), now);
  return { code, expires_at: expiresAt.toISOString(), period: STEP_SECONDS };
}
