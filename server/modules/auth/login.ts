import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { presentPerson, type PersonJson } from '../people/personPresenter.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { checkSecondFactor } from '../security/checkSecondFactor.ts';
import { keyring } from '../security/secretBox.ts';
import { securityRepository } from '../security/securityRepository.ts';
import { reserveLoginAttempt, secondsUntil, settleLoginSuccess, throttleKeys } from '../security/throttle.ts';
import { authRepository } from './authRepository.ts';
import { verifyPassword } from './passwords.ts';
import { newSecret } from './secrets.ts';

export interface LoginResult {
  token: string;
  person: PersonJson;
  expiresAt: Date;
  twoFactor: boolean;
}

// Checked when the email is unknown, so an unknown address costs the same time as a wrong password.
const DUMMY_HASH = `scrypt$32768$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;

/**
 * Checks the password (and the two-factor code when it is on) and opens a session. Each attempt is
 * reserved before the password is checked (modules/security/throttle.ts): 10 failures per 15 minutes
 * lock the account, whichever of its addresses is typed (429 with the seconds left); an IP address
 * that keeps failing is slowed down step by step, never locked, so other people's right passwords
 * from it still work. The same message for an unknown email and a wrong password.
 */
export async function login(
  db: Db,
  opts: { email: string; password: string; otp?: string; meta?: RequestMeta; sessionDays: number; now?: Date; locale?: string },
): Promise<LoginResult> {
  const now = opts.now ?? new Date();
  const meta = opts.meta ?? {};
  const person = await authRepository.findPersonByEmail(db, opts.email);
  // The language the request asks in (the sign-in page's), never the account's: that would tell a
  // stranger that the address has an account, and which language its holder reads.
  const locale = opts.locale ?? 'en';
  // One count per account: keyed by its primary address, whichever address was typed.
  const acctKey = throttleKeys.loginAccount(person?.primary_email ?? opts.email);
  const ip = meta.ip ?? null;

  const reserved = await reserveLoginAttempt(db, { accountKey: acctKey, ip, now });
  if (!reserved.ok) {
    const seconds = secondsUntil(reserved.until, now);
    await recordAudit(db, {
      type: 'auth.login_throttled',
      personId: person?.id,
      meta,
      at: now,
      data: { email: opts.email, by: reserved.reason },
    });
    const key = reserved.reason === 'account' ? 'security.login.throttled' : 'security.login.slow_down';
    throw new AppError('rate_limited', t(locale, key, { seconds, minutes: Math.ceil(seconds / 60) }), {
      retry_after_seconds: seconds,
      locked_until: reserved.until.toISOString(),
    });
  }
  if (reserved.waitMs > 0) await new Promise((r) => setTimeout(r, reserved.waitMs));

  // The attempt is already counted as a failure; a success gives it back.
  const fail = async (reason: string, code: 'invalid_credentials' | 'invalid_otp') => {
    await recordAudit(db, { type: 'auth.login_failed', personId: person?.id, meta, at: now, data: { email: opts.email, reason } });
    return new AppError(code, t(locale, code === 'invalid_otp' ? 'security.login.invalid_otp' : 'security.login.invalid_credentials'));
  };

  const ok = await verifyPassword(opts.password, person?.password_hash ?? DUMMY_HASH);
  if (!person || !person.password_hash || !ok) throw await fail(person ? 'wrong_password' : 'unknown_email', 'invalid_credentials');
  if (!person.active) throw await fail('inactive', 'invalid_credentials');

  const otpRow = await securityRepository.otp(db, person.id, 'two_factor');
  const twoFactor = !!otpRow?.enabled_at;
  let method = 'password';
  const ring = twoFactor ? await keyring(db) : null;
  if (twoFactor && !opts.otp) throw new AppError('otp_required', t(locale, 'security.login.otp_required'), { field: 'otp' });

  const { token, hash } = newSecret('kfs');
  const opened = await db.tx(async (q) => {
    if (twoFactor) {
      const r = await checkSecondFactor(q, ring!, otpRow!, opts.otp!, now);
      if (!r.ok) return { ok: false as const, reason: r.reason === 'replayed' ? 'replayed_otp' : 'invalid_otp' };
      method = r.method === 'totp' ? 'password+totp' : 'password+recovery_code';
      if (r.method === 'recovery_code')
        await recordAudit(q, {
          type: 'two_factor.recovery_code_used',
          personId: person.id,
          meta,
          at: now,
          data: { left: await securityRepository.recoveryCodesLeft(q, person.id) },
        });
    }
    await settleLoginSuccess(q, { accountKey: acctKey, ip });
    const s = await authRepository.insertSession(q, {
      hash,
      personId: person.id,
      ip: meta.ip ?? undefined,
      userAgent: meta.userAgent ?? undefined,
      days: opts.sessionDays,
    });
    await recordAudit(q, { type: 'auth.login', personId: person.id, meta, at: now, data: { method, session_id: s.id, role: person.role } });
    return { ok: true as const, expiresAt: s.expires_at };
  });
  if (!opened.ok) throw await fail(opened.reason, 'invalid_otp');
  return { token, person: presentPerson((await peopleRepository.get(db, person.id))!), expiresAt: opened.expiresAt, twoFactor };
}
