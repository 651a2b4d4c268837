import type { Queryable } from '../../db/client.ts';
import { keyring, open, seal } from '../security/secretBox.ts';

/**
 * The mail passwords at rest (docs/security.md, "Secrets at rest"): the SMTP relay's password inside
 * the `email.smtp` setting's URL, and each IMAP mailbox's password, are sealed with the desk's key
 * like the authenticator secrets. A sealed value is marked, so one saved before this (plain) still
 * works and is sealed the next time it is saved.
 */
const MARK = 'kefu-sealed.';
const SMTP_AAD = 'setting:email.smtp';
const MAILBOX_AAD = 'mailbox:password';

const isSealed = (v: string) => v.startsWith(MARK);

/** smtp://user:secret@host → smtp://user:kefu-sealed.v1…@host (the rest of the URL as written). */
export async function sealSmtpUrl(db: Queryable & object, url: string | null): Promise<string | null> {
  if (!url) return url;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url; // refused where it is validated; nothing to hide in what is not a URL
  }
  if (!u.password || isSealed(u.password)) return url;
  u.password = MARK + seal(await keyring(db), decodeURIComponent(u.password), SMTP_AAD);
  return u.toString();
}

/** The URL to connect with: the password unsealed (a plain one, saved before, as it is). */
export async function openSmtpUrl(db: Queryable & object, url: string): Promise<string> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (!u.password || !isSealed(u.password)) return url;
  u.password = encodeURIComponent(open(await keyring(db), u.password.slice(MARK.length), SMTP_AAD));
  return u.toString();
}

export async function sealMailboxPassword(db: Queryable & object, password: string): Promise<string> {
  return !password || isSealed(password) ? password : MARK + seal(await keyring(db), password, MAILBOX_AAD);
}

export async function openMailboxPassword(db: Queryable & object, stored: string): Promise<string> {
  return isSealed(stored) ? open(await keyring(db), stored.slice(MARK.length), MAILBOX_AAD) : stored;
}
