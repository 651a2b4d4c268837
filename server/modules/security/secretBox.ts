import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/client.ts';
import { securityRepository } from './securityRepository.ts';

/**
 * Secrets at rest (TOTP secrets) are sealed with AES-256-GCM. The key comes from KEFU_SECRET_KEY
 * (at least 32 characters; HKDF-SHA256 turns it into 32 bytes). When it is unset, a random key is
 * generated once and kept in the settings table: that protects against leaks of single tables or
 * rows, not against a copy of the whole database (see docs/security.md). Both keys are tried on
 * decryption, so setting KEFU_SECRET_KEY later keeps old secrets readable.
 *
 * Sealed form: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url). The additional data binds a
 * ciphertext to its row (`person:<id>:<purpose>`), so secrets cannot be swapped between rows.
 */
export interface Keyring {
  primary: Key;
  all: Map<string, Key>;
}
interface Key {
  id: string;
  bytes: Buffer;
}

export class SecretKeyError extends Error {}

const SETTING = 'security.secret_key';
const rings = new WeakMap<object, Promise<Keyring>>();

function makeKey(bytes: Buffer): Key {
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes };
}

/** Derives the key from KEFU_SECRET_KEY; throws (naming the variable) when it is too short. */
export function keyFromEnv(value: string | undefined): Key | null {
  if (value === undefined || value === '') return null;
  if (value.length < 32) throw new SecretKeyError('KEFU_SECRET_KEY: must be at least 32 characters (try `openssl rand -base64 32`)');
  return makeKey(Buffer.from(hkdfSync('sha256', value, 'kefu', 'kefu secret box v1', 32)));
}

async function loadKeyring(q: Queryable, env: NodeJS.ProcessEnv): Promise<Keyring> {
  const fromEnv = keyFromEnv(env.KEFU_SECRET_KEY);
  let stored = await securityRepository.getSetting<string>(q, SETTING);
  if (!stored && !fromEnv) {
    await securityRepository.insertSettingIfAbsent(q, SETTING, randomBytes(32).toString('base64'));
    stored = await securityRepository.getSetting<string>(q, SETTING);
  }
  const all = new Map<string, Key>();
  const dbKey = stored ? makeKey(Buffer.from(stored, 'base64')) : null;
  for (const k of [dbKey, fromEnv]) if (k) all.set(k.id, k);
  return { primary: (fromEnv ?? dbKey)!, all };
}

/** The keyring for this database (loaded once; KEFU_SECRET_KEY is read at that moment). */
export function keyring(db: Queryable & object, env: NodeJS.ProcessEnv = process.env): Promise<Keyring> {
  let r = rings.get(db);
  if (!r) {
    r = loadKeyring(db, env);
    rings.set(db, r);
    r.catch(() => rings.delete(db));
  }
  return r;
}

const b64 = (b: Buffer) => b.toString('base64url');

export function seal(ring: Keyring, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', ring.primary.bytes, iv);
  c.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return ['v1', ring.primary.id, b64(iv), b64(c.getAuthTag()), b64(ct)].join('.');
}

export function open(ring: Keyring, sealed: string, aad: string): string {
  const [v, id, iv, tag, ct] = sealed.split('.');
  const key = ring.all.get(id);
  if (v !== 'v1' || !key)
    throw new SecretKeyError(
      `A stored secret was sealed with key ${id}, which this server does not have; restore the KEFU_SECRET_KEY it was made with`,
    );
  const d = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}

export const secretAad = (personId: number, purpose: string) => `person:${personId}:${purpose}`;
