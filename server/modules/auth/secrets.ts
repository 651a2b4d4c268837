import { createHash, randomBytes } from 'node:crypto';

/** A random secret with a readable prefix; only its hash is stored. */
export function newSecret(prefix: string): { token: string; hash: string } {
  const token = `${prefix}_${randomBytes(24).toString('base64url')}`;
  return { token, hash: hashSecret(token) };
}

export const hashSecret = (token: string) => createHash('sha256').update(token).digest('hex');
