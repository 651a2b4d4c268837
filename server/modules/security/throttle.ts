import type { Db, Queryable } from '../../db/client.ts';
import { securityRepository } from './securityRepository.ts';

/**
 * Failure counters kept in the database, so every app instance sees the same count: `max` failures
 * within `windowMs` lock the key for `lockMs`. A lock that has run out starts a fresh window.
 */
export interface ThrottleRule {
  max: number;
  windowMs: number;
  lockMs: number;
}

const MIN = 60_000;
export const THROTTLES = {
  loginAccount: { max: 10, windowMs: 15 * MIN, lockMs: 15 * MIN },
  /** The window in which an IP address's sign-in failures count towards its slow-down (it is never locked). */
  loginIp: { max: 50, windowMs: 15 * MIN, lockMs: 15 * MIN },
  verification: { max: 5, windowMs: 15 * MIN, lockMs: 15 * MIN },
  /** Wrong codes while enrolling or disabling two-factor or an authenticator app. */
  otp: { max: 10, windowMs: 15 * MIN, lockMs: 15 * MIN },
  /** Password-reset and verification mail to one address (each kind counted apart); more are dropped silently. */
  mailPerAddress: { max: 5, windowMs: 60 * MIN, lockMs: 0 },
  /** Tickets filed through the public web form (docs/guest-tickets.md), per typed address and per IP address; over it: 429. */
  guestTicketAddress: { max: 3, windowMs: 60 * MIN, lockMs: 0 },
  guestTicketIp: { max: 10, windowMs: 60 * MIN, lockMs: 0 },
  /** Addresses a person adds to their own profile (each mails a link; a refusal tells the address is taken); over it: 429. */
  addressesAdded: { max: 10, windowMs: 60 * MIN, lockMs: 0 },
  /** Wrong current passwords from a signed-in session (a new password, an address on one's own profile). */
  currentPassword: { max: 10, windowMs: 15 * MIN, lockMs: 15 * MIN },
} satisfies Record<string, ThrottleRule>;

/**
 * The progressive slow-down of an IP address that fails to sign in: after `free` failures in the
 * window each attempt from it waits `baseMs`·2^(failures − free), at most `maxMs`, in turn (one slot
 * after the other, so parallel requests do not get around it). When the queue of waiting attempts
 * is longer than `queueMs`, the attempt is answered 429 at once. Mutable for tests.
 */
export const LOGIN_IP_SLOWDOWN = { free: 10, baseMs: 100, maxMs: 2_000, queueMs: 20_000 };
export type SlowdownRule = typeof LOGIN_IP_SLOWDOWN;

export function loginIpDelayMs(failures: number, rule: SlowdownRule = LOGIN_IP_SLOWDOWN): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(failures - rule.free, 30));
}

export const throttleKeys = {
  loginAccount: (email: string) => `login:acct:${email.trim().toLowerCase()}`,
  loginIp: (ip: string) => `login:ip:${ip}`,
  verification: (personId: number) => `verify:${personId}`,
  otp: (personId: number) => `otp:${personId}`,
  mail: (kind: 'reset' | 'verify', email: string) => `mail:${kind}:${email.trim().toLowerCase()}`,
  guestTicketAddress: (email: string) => `guest-ticket:addr:${email.trim().toLowerCase()}`,
  guestTicketIp: (ip: string) => `guest-ticket:ip:${ip}`,
  addressesAdded: (personId: number) => `addresses:${personId}`,
  currentPassword: (personId: number) => `current-password:${personId}`,
};

export async function lockedUntil(q: Queryable, keys: string[], now: Date): Promise<Date | null> {
  return securityRepository.throttleLockedUntil(q, keys, now);
}

/** Counts one failure; inside a transaction. Returns the failures in the window and the lock, if this failure caused one. */
export async function recordFailure(
  q: Queryable,
  key: string,
  rule: ThrottleRule,
  now: Date,
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const row = await securityRepository.lockThrottle(q, key, now);
  const expired = row.window_started_at.getTime() <= now.getTime() - rule.windowMs || (row.locked_until != null && row.locked_until <= now);
  const failures = expired ? 1 : row.failures + 1;
  const locked = failures >= rule.max ? new Date(now.getTime() + rule.lockMs) : null;
  await securityRepository.saveThrottle(q, {
    key,
    failures,
    window_started_at: expired ? now : row.window_started_at,
    locked_until: locked,
  });
  if (Math.random() < 0.01) await securityRepository.pruneThrottles(q, now);
  return { failures, lockedUntil: locked };
}

export const clearFailures = (q: Queryable, key: string) => securityRepository.clearThrottle(q, key);

export const secondsUntil = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

// The reservation below needs the slow-down column (0006_accounts.sql); its SQL stays with it here.
interface SlotRow {
  failures: number;
  window_started_at: Date;
  locked_until: Date | null;
  next_attempt_at: Date | null;
}
async function lockSlotRow(q: Queryable, key: string, now: Date): Promise<SlotRow> {
  await q.query(`insert into security_throttles (key, failures, window_started_at) values ($1, 0, $2) on conflict (key) do nothing`, [
    key,
    now,
  ]);
  return (
    await q.query<SlotRow>(
      `select failures, window_started_at, locked_until, next_attempt_at from security_throttles where key = $1 for update`,
      [key],
    )
  )[0];
}

export type LoginReservation = { ok: true; waitMs: number } | { ok: false; until: Date; reason: 'account' | 'address' };
class Refused {
  constructor(readonly r: LoginReservation) {}
}

/**
 * Reserves one sign-in attempt before the password is checked, in one transaction, so concurrent
 * attempts cannot all read the same count: the attempt counts as a failure of the account at once
 * (the 10th locks it; a success clears the count) and takes the IP address's next slot. Answers how
 * long to wait for that slot, or why the attempt is refused (the account is locked, or the
 * address's queue is full).
 */
export async function reserveLoginAttempt(db: Db, o: { accountKey: string; ip: string | null; now: Date }): Promise<LoginReservation> {
  const now = o.now.getTime();
  try {
    return await db.tx(async (q) => {
      const rule = THROTTLES.loginAccount;
      const a = await lockSlotRow(q, o.accountKey, o.now);
      if (a.locked_until && a.locked_until.getTime() > now) throw new Refused({ ok: false, until: a.locked_until, reason: 'account' });
      const expired = a.window_started_at.getTime() <= now - rule.windowMs || a.locked_until != null;
      const failures = expired ? 1 : a.failures + 1;
      await q.query(`update security_throttles set failures = $2, window_started_at = $3, locked_until = $4 where key = $1`, [
        o.accountKey,
        failures,
        expired ? o.now : a.window_started_at,
        failures >= rule.max ? new Date(now + rule.lockMs) : null,
      ]);
      if (!o.ip) return { ok: true as const, waitMs: 0 };

      const key = throttleKeys.loginIp(o.ip);
      const r = await lockSlotRow(q, key, o.now);
      const fresh = r.window_started_at.getTime() <= now - THROTTLES.loginIp.windowMs;
      const ipFailures = fresh ? 0 : r.failures;
      const slot = Math.max(now, fresh || !r.next_attempt_at ? now : r.next_attempt_at.getTime());
      if (slot - now > LOGIN_IP_SLOWDOWN.queueMs) throw new Refused({ ok: false, until: new Date(slot), reason: 'address' });
      await q.query(
        `update security_throttles set failures = $2, window_started_at = $3, locked_until = null, next_attempt_at = $4 where key = $1`,
        [key, ipFailures + 1, fresh ? o.now : r.window_started_at, new Date(slot + loginIpDelayMs(ipFailures))],
      );
      return { ok: true as const, waitMs: slot - now };
    });
  } catch (e) {
    if (e instanceof Refused) return e.r;
    throw e;
  }
}

/** A right password: the account's count starts again; the address gets back the failure its attempt reserved. */
export async function settleLoginSuccess(q: Queryable, o: { accountKey: string; ip: string | null }) {
  await securityRepository.clearThrottle(q, o.accountKey);
  if (o.ip)
    await q.query(`update security_throttles set failures = greatest(failures - 1, 0) where key = $1`, [throttleKeys.loginIp(o.ip)]);
}

/**
 * Counts one use of a quota (e.g. mail to one address) in one statement; answers whether it is
 * still within `rule.max` per `rule.windowMs`.
 */
export async function takeQuota(q: Queryable, key: string, rule: ThrottleRule, now: Date): Promise<boolean> {
  return (await takeQuotaUntil(q, key, rule, now)).ok;
}

/** `takeQuota`, also answering when the window ends (for `Retry-After` when the quota is used up). */
export async function takeQuotaUntil(q: Queryable, key: string, rule: ThrottleRule, now: Date): Promise<{ ok: boolean; resetAt: Date }> {
  const rows = await q.query<{ failures: number; window_started_at: Date }>(
    `insert into security_throttles as s (key, failures, window_started_at) values ($1, 1, $2)
     on conflict (key) do update set
       failures = case when s.window_started_at <= $3 then 1 else s.failures + 1 end,
       window_started_at = case when s.window_started_at <= $3 then $2 else s.window_started_at end
     returning failures, window_started_at`,
    [key, now, new Date(now.getTime() - rule.windowMs)],
  );
  return { ok: rows[0].failures <= rule.max, resetAt: new Date(new Date(rows[0].window_started_at).getTime() + rule.windowMs) };
}

/** Ends the sign-in lock (and the failure count) of the account whose primary address is `primaryEmail`; answers whether it was locked. */
export async function unlockAccount(q: Queryable, primaryEmail: string, now: Date): Promise<boolean> {
  const key = throttleKeys.loginAccount(primaryEmail);
  const was = await securityRepository.throttleLockedUntil(q, [key], now);
  await securityRepository.clearThrottle(q, key);
  return was != null;
}
