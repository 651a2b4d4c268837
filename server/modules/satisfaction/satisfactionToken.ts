import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../../db/client.ts';
import { keyring, type Keyring } from '../security/secretBox.ts';

/**
 * The link in the solved mail: `/satisfaction/<token>`. The token is signed, not stored: it says
 * "ticket T, requester R, issued at I" and an HMAC-SHA256 of exactly that, with a key derived
 * (HKDF) from the desk's secret key (security/secretBox.ts: KEFU_SECRET_KEY, else the generated
 * one). It proves only "R may rate T": it signs no one in and shows no message. Valid for
 * TOKEN_DAYS after it was issued; every key of the keyring is tried, so setting KEFU_SECRET_KEY
 * later keeps mailed links working.
 *
 * Form: `<ticket id>.<person id>.<issued, unix seconds>.<mac, base64url>`.
 */
export const TOKEN_DAYS = 30;
const PATTERN = /^([1-9]\d{0,15})\.([1-9]\d{0,15})\.(\d{9,11})\.([A-Za-z0-9_-]{43})$/;

const macKey = (bytes: Buffer) => Buffer.from(hkdfSync('sha256', bytes, 'kefu', 'kefu satisfaction link v1', 32));
const mac = (key: Buffer, t: number, p: number, iat: number) =>
  createHmac('sha256', key).update(`satisfaction:${t}:${p}:${iat}`).digest('base64url');

export function signRatingToken(ring: Keyring, o: { ticketId: number; personId: number; now: Date }): string {
  const iat = Math.floor(o.now.getTime() / 1000);
  return `${o.ticketId}.${o.personId}.${iat}.${mac(macKey(ring.primary.bytes), o.ticketId, o.personId, iat)}`;
}

/** What a token proves, or null when it is malformed, forged, expired or issued in the future. */
export function verifyRatingToken(ring: Keyring, token: string, now: Date): { ticketId: number; personId: number; issuedAt: Date } | null {
  const m = PATTERN.exec(token);
  if (!m) return null;
  const [ticketId, personId, iat] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const given = Buffer.from(m[4], 'base64url');
  const ok = [...ring.all.values()].some((k) => {
    const want = Buffer.from(mac(macKey(k.bytes), ticketId, personId, iat), 'base64url');
    return want.length === given.length && timingSafeEqual(want, given);
  });
  if (!ok) return null;
  const age = now.getTime() - iat * 1000;
  // A few minutes of clock difference between instances are tolerated.
  if (age < -5 * 60_000 || age > TOKEN_DAYS * 86_400_000) return null;
  return { ticketId, personId, issuedAt: new Date(iat * 1000) };
}

export const ratingKeyring = (db: Queryable & object) => keyring(db);

/** The rating page's address with a preselected score. */
export const ratingUrl = (publicUrl: string, token: string, score?: number) =>
  `${publicUrl.replace(/\/+$/, '')}/satisfaction/${token}${score ? `?score=${score}` : ''}`;
