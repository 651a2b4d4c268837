import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { text, unprocessable } from '../../errors.ts';

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((res, rej) => scryptCb(pw, salt, len, opts, (e, k) => (e ? rej(e) : res(k))));

// scrypt, memory-hard: N=2^15, r=8 → 32 MiB per hash.
const N = 32768,
  R = 8,
  P = 1,
  LEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, LEN, { N, r: R, p: P, maxmem: 128 * N * R * 2 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [algo, n, r, p, salt, hash] = stored.split('$');
  if (algo !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: +n, r: +r, p: +p, maxmem: 256 * +n * +r });
  return timingSafeEqual(key, expected);
}

const COMMON = new Set([
  'password',
  'password1',
  '12345678',
  '123456789',
  'qwertyui',
  'iloveyou',
  'admin123',
  'letmein1',
  '11111111',
  '00000000',
  'abcdefgh',
  'kefu1234',
]);

/** Strength rules: at least 8 characters, not all one character, not a well-known password. */
export function checkPasswordStrength(password: string): void {
  if (password.length < 8) throw unprocessable(text('auth.errors.password_too_short', { min: 8 }), { field: 'password' });
  if (password.length > 256) throw unprocessable(text('auth.errors.password_too_long', { max: 256 }), { field: 'password' });
  if (new Set(password).size < 3 || COMMON.has(password.toLowerCase()))
    throw unprocessable(text('auth.errors.password_too_common'), { field: 'password' });
}
