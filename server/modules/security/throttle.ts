import type { Queryable } from '../../db/client.ts';
import { securityRepository } from './securityRepository.ts';

/**
 * Failure counters kept in the database, so every app instance sees the same count: `max` failures
 * within `windowMs` lock the key for `lockMs`. A lock that has run out starts a fresh window.
 */
export interface ThrottleRule { max: number; windowMs: number; lockMs: number }

const MIN = 60_000;
export const THROTTLES = {
  loginAccount: { max: 10, windowMs: 15 * MIN, lockMs: 15 * MIN },
  loginIp: { max: 50, windowMs: 15 * MIN, lockMs: 15 * MIN },
  verification: { max: 5, windowMs: 15 * MIN, lockMs: 15 * MIN },
  /** Wrong codes while enrolling or disabling two-factor or an authenticator app. */
  otp: { max: 10, windowMs: 15 * MIN, lockMs: 15 * MIN },
} satisfies Record<string, ThrottleRule>;

export const throttleKeys = {
  loginAccount: (email: string) => `login:acct:${email.trim().toLowerCase()}`,
  loginIp: (ip: string) => `login:ip:${ip}`,
  verification: (personId: number) => `verify:${personId}`,
  otp: (personId: number) => `otp:${personId}`,
};

export async function lockedUntil(q: Queryable, keys: string[], now: Date): Promise<Date | null> {
  return securityRepository.throttleLockedUntil(q, keys, now);
}

/** Counts one failure; inside a transaction. Returns the failures in the window and the lock, if this failure caused one. */
export async function recordFailure(q: Queryable, key: string, rule: ThrottleRule, now: Date): Promise<{ failures: number; lockedUntil: Date | null }> {
  const row = await securityRepository.lockThrottle(q, key, now);
  const expired = row.window_started_at.getTime() <= now.getTime() - rule.windowMs || (row.locked_until != null && row.locked_until <= now);
  const failures = expired ? 1 : row.failures + 1;
  const locked = failures >= rule.max ? new Date(now.getTime() + rule.lockMs) : null;
  await securityRepository.saveThrottle(q, { key, failures, window_started_at: expired ? now : row.window_started_at, locked_until: locked });
  if (Math.random() < 0.01) await securityRepository.pruneThrottles(q, now);
  return { failures, lockedUntil: locked };
}

export const clearFailures = (q: Queryable, key: string) => securityRepository.clearThrottle(q, key);

export const secondsUntil = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
