/**
 * Why an IMAP mailbox could not be checked, as a kind an admin can act on: the server refused the
 * connection, its name was not found, it did not answer in time, the TLS handshake failed, or it refused
 * the user name or password. Pure: from the error the IMAP library (imapflow) or Node threw, or from its
 * text as stored in `mailboxes.last_error` (which keeps the codes these rules look for).
 */
export const IMAP_FAILURE_KINDS = ['refused', 'host_not_found', 'timeout', 'tls', 'auth', 'private_address', 'other'] as const;
export type ImapFailureKind = (typeof IMAP_FAILURE_KINDS)[number];

export interface ImapFailure {
  /** Node's or imapflow's code: ECONNREFUSED, ENOTFOUND, GREETING_TIMEOUT, ERR_SSL_WRONG_VERSION_NUMBER… */
  code?: string;
  /** imapflow: the server answered NO to LOGIN/AUTHENTICATE. */
  authenticationFailed?: boolean;
  /** imapflow: the server's response code, e.g. AUTHENTICATIONFAILED. */
  serverResponseCode?: string;
  /** The error's text (the server's own words when it gave some). */
  text?: string;
}

const BY_CODE: Array<[RegExp, ImapFailureKind]> = [
  [/^ECONNREFUSED$/, 'refused'],
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_NODATA)$/, 'host_not_found'],
  [/^(ETIMEDOUT|ETIMEOUT|CONNECT_TIMEOUT|GREETING_TIMEOUT|UPGRADE_TIMEOUT|ESOCKETTIMEDOUT)$/, 'timeout'],
  [/^(ERR_SSL_|ERR_TLS_|EPROTO$|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_)/, 'tls'],
  [/^(AUTHENTICATIONFAILED|AUTHORIZATIONFAILED)$/, 'auth'],
  [/^EPRIVATEADDRESS$/, 'private_address'],
];

const BY_TEXT: Array<[RegExp, ImapFailureKind]> = [
  [/\bEPRIVATEADDRESS\b/, 'private_address'],
  [/\bECONNREFUSED\b/, 'refused'],
  [/\b(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_NODATA)\b/, 'host_not_found'],
  [/\b(AUTHENTICATIONFAILED|AUTHORIZATIONFAILED)\b|authentication failed|invalid credentials|login failed/i, 'auth'],
  [/\bETIMEDOUT\b|timed? ?out|in required time/i, 'timeout'],
  [/\b(SSL|TLS)\b|ssl3?_|certificate|wrong version number|handshake/i, 'tls'],
];

export function imapFailureKind(f: ImapFailure): ImapFailureKind {
  if (f.authenticationFailed) return 'auth';
  for (const code of [f.code, f.serverResponseCode]) if (code) for (const [re, kind] of BY_CODE) if (re.test(code)) return kind;
  for (const [re, kind] of BY_TEXT) if (f.text && re.test(f.text)) return kind;
  return 'other';
}
