import type { Db, Queryable } from '../../db/client.ts';
import { AppError, conflict } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit, type AuditType, type RequestMeta } from './audit.ts';
import { keyring, open, seal, secretAad, type Keyring } from './secretBox.ts';
import { securityRepository, type OtpPurpose, type OtpRow } from './securityRepository.ts';
import { clearFailures, recordFailure, secondsUntil, THROTTLES, throttleKeys, lockedUntil } from './throttle.ts';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.ts';

/** Shared steps of the OTP use cases: sealing secrets, enrolment with a confirming code, code checks with replay refusal. */

export const openActive = (ring: Keyring, row: OtpRow) => open(ring, row.secret_enc!, secretAad(row.person_id, row.purpose));
export const openPending = (ring: Keyring, row: OtpRow) => open(ring, row.pending_enc!, secretAad(row.person_id, `${row.purpose}:pending`));

export type CodeCheck = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' };

/**
 * Checks a code against an active secret: the current or previous 30 s step, never a step already
 * used (RFC 6238 5.2). A match marks its step used, in the caller's transaction.
 */
export async function useActiveCode(q: Queryable, ring: Keyring, row: OtpRow | null, code: string, now: Date): Promise<CodeCheck> {
  if (!row?.secret_enc) return { ok: false, reason: 'invalid' };
  const step = await matchTotp(openActive(ring, row), code, now);
  if (step == null) return { ok: false, reason: 'invalid' };
  if (!(await securityRepository.useStep(q, row.person_id, row.purpose, step))) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}

/** Starts enrolling an authenticator app: a pending secret and its otpauth:// URI (for the QR code). */
export async function startEnrolment(
  db: Db,
  o: { actor: Principal; purpose: OtpPurpose; label: string; audit: AuditType; meta?: RequestMeta; now: Date },
) {
  const personId = o.actor.personId!;
  const ring = await keyring(db);
  const secret = newTotpSecret();
  await db.tx(async (q) => {
    await securityRepository.setPending(q, personId, o.purpose, seal(ring, secret, secretAad(personId, `${o.purpose}:pending`)), o.now);
    await recordAudit(q, { type: o.audit, personId, meta: o.meta, at: o.now });
  });
  return { secret, otpauth_uri: otpauthUri({ secret, label: o.label }) };
}

/** Refuses while too many wrong codes were typed for this person's own OTP changes. */
export async function assertOtpNotLocked(db: Db, actor: Principal, now: Date) {
  const until = await lockedUntil(db, [throttleKeys.otp(actor.personId!)], now);
  if (until) {
    const seconds = secondsUntil(until, now);
    throw new AppError('rate_limited', t(actor.locale, 'security.otp.locked', { seconds }), {
      retry_after_seconds: seconds,
      locked_until: until.toISOString(),
    });
  }
}

/**
 * Inside the transaction that checks a person's own code: locks their counter first, so codes sent at
 * the same moment are checked one after another and each sees the failures before it; refuses while locked.
 */
export async function holdOwnCodeCounter(q: Queryable, actor: Principal, now: Date) {
  const row = await securityRepository.lockThrottle(q, throttleKeys.otp(actor.personId!), now);
  if (row.locked_until && row.locked_until > now) {
    const seconds = secondsUntil(row.locked_until, now);
    throw new AppError('rate_limited', t(actor.locale, 'security.otp.locked', { seconds }), {
      retry_after_seconds: seconds,
      locked_until: row.locked_until.toISOString(),
    });
  }
}

/** A wrong own code counted inside the caller's transaction (with its audit entry); answers the 422 to throw once it commits. */
export async function countOwnCodeFailure(
  q: Queryable,
  o: { actor: Principal; purpose: OtpPurpose; reason: string; meta?: RequestMeta; now: Date },
): Promise<AppError> {
  const personId = o.actor.personId!;
  await recordFailure(q, throttleKeys.otp(personId), THROTTLES.otp, o.now);
  await recordAudit(q, {
    type: 'two_factor.code_rejected',
    personId,
    meta: o.meta,
    at: o.now,
    data: { purpose: o.purpose, reason: o.reason },
  });
  return new AppError('unprocessable', t(o.actor.locale, 'security.otp.wrong_code'), { field: 'code', reason: o.reason });
}

/** Counts a wrong code typed by the person themselves (enrolment, disabling); audited without the code. */
export async function rejectOwnCode(
  db: Db,
  o: { actor: Principal; purpose: OtpPurpose; reason: string; meta?: RequestMeta; now: Date },
): Promise<never> {
  throw await db.tx((q) => countOwnCodeFailure(q, o));
}

/** Confirms the pending secret with a code from the app; it becomes the active secret. `then` runs in the same transaction. */
export async function confirmEnrolment<T>(
  db: Db,
  o: { actor: Principal; purpose: OtpPurpose; code: string; meta?: RequestMeta; now: Date; then: (q: Queryable) => Promise<T> },
): Promise<T> {
  const personId = o.actor.personId!;
  await assertOtpNotLocked(db, o.actor, o.now);
  const ring = await keyring(db);
  const row = await securityRepository.otp(db, personId, o.purpose);
  if (!row?.pending_enc) throw conflict(t(o.actor.locale, 'security.otp.nothing_pending'));
  const secret = openPending(ring, row);
  const step = await matchTotp(secret, o.code, o.now);
  if (step == null) return rejectOwnCode(db, { ...o, reason: 'invalid' });
  return db.tx(async (q) => {
    const ok = await securityRepository.activatePending(
      q,
      personId,
      o.purpose,
      seal(ring, secret, secretAad(personId, o.purpose)),
      step,
      o.now,
    );
    if (!ok) throw conflict(t(o.actor.locale, 'security.otp.nothing_pending'));
    await clearFailures(q, throttleKeys.otp(personId));
    return o.then(q);
  });
}
