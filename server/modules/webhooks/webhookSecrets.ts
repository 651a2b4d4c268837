import { createHmac, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/client.ts';
import { keyring, open, seal } from '../security/secretBox.ts';

const AAD = 'webhook:secret';

/** A new signing secret, `whsec_…`: shown to the admin once, kept sealed with the desk's key. */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;
export const sealWebhookSecret = async (db: Queryable & object, secret: string) => seal(await keyring(db), secret, AAD);
export const openWebhookSecret = async (db: Queryable & object, sealed: string) => open(await keyring(db), sealed, AAD);

/**
 * `X-Kefu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the receiver recomputes it
 * with the secret and refuses a mismatch or an old timestamp (a replay).
 */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}
