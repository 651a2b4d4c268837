import { createHash, randomBytes } from 'node:crypto';
import { generate, generateSecret, generateURI, verify } from 'otplib';

/**
 * RFC 6238 TOTP through otplib 13's functional API. Pitfalls handled here: `verify()` returns an
 * object (check `.valid`), string secrets must be Base32, and the default tolerance would refuse
 * the previous 30 s code, so the window is given explicitly: the current step and the one before.
 */
export const STEP_SECONDS = 30;
export const ISSUER = 'Kefu';

export const stepOf = (now: Date) => Math.floor(now.getTime() / 1000 / STEP_SECONDS);

/** A new random secret (20 bytes), Base32 as authenticator apps and oathtool expect. */
export const newTotpSecret = () => generateSecret({ length: 20 });

/** The code at `now` and when it stops being the current one. */
export async function totpAt(secret: string, now: Date): Promise<{ code: string; expiresAt: Date }> {
  const code = await generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
  return { code, expiresAt: new Date((stepOf(now) + 1) * STEP_SECONDS * 1000) };
}

export const isTotpFormat = (code: string) => /^\d{6}$/.test(code);

/** The time step `code` belongs to (current or previous step at `now`), or null. Replay checks are the caller's. */
export async function matchTotp(secret: string, code: string, now: Date): Promise<number | null> {
  if (!isTotpFormat(code)) return null;
  const r = await verify({ secret, token: code, epoch: Math.floor(now.getTime() / 1000), epochTolerance: [STEP_SECONDS, 0] });
  if (!r.valid) return null;
  // The window [now - 30 s, now] spans exactly this step (delta 0) and the one before (delta -1).
  return r.delta === 0 || r.delta === -1 ? stepOf(now) + r.delta : null;
}

export function otpauthUri(o: { secret: string; label: string; issuer?: string }): string {
  return generateURI({ issuer: o.issuer ?? ISSUER, label: o.label, secret: o.secret });
}

/** Recovery codes: 80 random bits as four groups of four Base32 letters, e.g. `k7qm-2xdp-9vaf-ur3c`. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
export function newRecoveryCode(): string {
  const bytes = randomBytes(16);
  let s = '';
  for (let i = 0; i < 16; i++) s += ALPHABET[bytes[i] & 31];
  return s.match(/.{4}/g)!.join('-');
}

/** Case, spaces and dashes do not matter when a recovery code is typed. */
export const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
export const hashRecoveryCode = (code: string) =>
  createHash('sha256')
    .update(`kefu-recovery:${normalizeRecoveryCode(code)}`)
    .digest('hex');
