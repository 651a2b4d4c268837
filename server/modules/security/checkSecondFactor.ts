import type { Queryable } from '../../db/client.ts';
import { useActiveCode } from './otpSecrets.ts';
import type { Keyring } from './secretBox.ts';
import { securityRepository, type OtpRow } from './securityRepository.ts';
import { hashRecoveryCode, isTotpFormat, newRecoveryCode } from './totp.ts';

export type SecondFactor = { ok: true; method: 'totp' | 'recovery_code' } | { ok: false; reason: 'invalid' | 'replayed' };

/**
 * A two-factor code: six digits from the authenticator app (current or previous step, never twice),
 * or one of the recovery codes (each works once). Marks what it used, in the caller's transaction.
 */
export async function checkSecondFactor(q: Queryable, ring: Keyring, row: OtpRow, code: string, now: Date): Promise<SecondFactor> {
  const c = code.trim();
  if (isTotpFormat(c)) {
    const r = await useActiveCode(q, ring, row, c, now);
    return r.ok ? { ok: true, method: 'totp' } : r;
  }
  if (c.length < 16 || c.length > 40) return { ok: false, reason: 'invalid' };
  return (await securityRepository.useRecoveryCode(q, row.person_id, hashRecoveryCode(c), now))
    ? { ok: true, method: 'recovery_code' }
    : { ok: false, reason: 'invalid' };
}

export const RECOVERY_CODE_COUNT = 10;

/** New recovery codes (the old ones stop working); only their hashes are stored. */
export async function issueRecoveryCodes(q: Queryable, personId: number, now: Date): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await securityRepository.replaceRecoveryCodes(q, personId, codes.map(hashRecoveryCode), now);
  return codes;
}
