import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { clearFailures, lockedUntil, recordFailure, secondsUntil, THROTTLES, throttleKeys } from '../security/throttle.ts';
import { authRepository } from './authRepository.ts';
import { verifyPassword } from './passwords.ts';

/**
 * The current password a signed-in person types to prove they are the account holder (a new
 * password, an address on their own profile). A session is not the password: whoever holds one
 * (a browser left signed in, a stolen cookie) must not be able to guess it here without limit. Each
 * check is counted as a failure before the password is compared, so guesses sent at once are
 * counted one after another; the 11th within 15 minutes, and every one for the 15 minutes after,
 * answers 429 with the seconds to wait. A right password gives the count back.
 *
 * Answers false when the person has no password (nothing to check); throws when it is wrong.
 */
export async function checkCurrentPassword(
  db: Db,
  o: { personId: number; password: string | undefined; locale: string; missingKey: string; now?: Date },
): Promise<boolean> {
  const stored = await authRepository.passwordHash(db, o.personId);
  if (!stored) return false;
  if (o.password === undefined) throw new AppError('unprocessable', t(o.locale, o.missingKey), { field: 'current_password' });
  const now = o.now ?? new Date();
  const key = throttleKeys.currentPassword(o.personId);
  const rule = THROTTLES.currentPassword;
  const refuse = (until: Date) => {
    const seconds = secondsUntil(until, now);
    return new AppError('rate_limited', t(o.locale, 'security.password.current_throttled', { seconds }), {
      field: 'current_password',
      retry_after_seconds: seconds,
    });
  };
  const locked = await lockedUntil(db, [key], now);
  if (locked) throw refuse(locked);
  const counted = await db.tx((q) => recordFailure(q, key, rule, now));
  if (counted.failures > rule.max) throw refuse(counted.lockedUntil ?? new Date(now.getTime() + rule.lockMs));
  if (!(await verifyPassword(o.password, stored)))
    throw new AppError('invalid_credentials', t(o.locale, 'security.password.current_wrong'), { field: 'current_password' });
  await clearFailures(db, key);
  return true;
}
