/**
 * Findings from facts. Each check's probe (server/modules/diagnostics) gathers facts; these rules
 * turn them into a status and a message code with its parameters. What is stored is locale-free
 * (`{key, status, code, params}`); the words are chosen when someone reads the run, in their language
 * (i18n keys `diagnostics.<key>.<code>.{title,detail,fix}`).
 */
export const CHECK_KEYS = ['dns', 'https', 'http', 'http_status', 'tls', 'redirects', 'latency'] as const;
export type CheckKey = (typeof CHECK_KEYS)[number];
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'error';
export type Params = Record<string, string | number>;

export interface Finding {
  key: CheckKey;
  status: CheckStatus;
  code: string;
  params: Params;
}

const f = (key: CheckKey, status: CheckStatus, code: string, params: Params = {}): Finding => ({ key, status, code, params });
const list = (xs: string[]) => xs.join(', ');

/** Days are whole days, rounded towards the nearer edge so "expires in 0 days" means today. */
const DAY = 86_400_000;
export const EXPIRY_WARNING_DAYS = 14;
export const LATENCY_WARN_MS = 1_000;
export const LATENCY_FAIL_MS = 3_000;

// ---- DNS --------------------------------------------------------------------------------------

export type DnsError = 'nxdomain' | 'nodata' | 'timeout' | 'servfail' | 'refused' | 'other';
export interface DnsFacts {
  error?: DnsError;
  addresses: string[];
  cname: string[];
  nameservers: string[];
  /** Addresses a check may not connect to, with their kind (addresses.ts). */
  blocked: { address: string; kind: string }[];
  /** The nameservers the asset expects, when it names any. */
  expectedNameservers?: string[] | null;
}

const norm = (ns: string) => ns.toLowerCase().replace(/\.$/, '');

export function dnsFinding(d: DnsFacts): Finding {
  if (d.error === 'nxdomain') return f('dns', 'fail', 'nxdomain');
  if (d.error === 'timeout') return f('dns', 'error', 'timeout');
  if (d.error === 'servfail' || d.error === 'refused') return f('dns', 'fail', 'servfail');
  if (d.error === 'other') return f('dns', 'error', 'lookup_failed');
  if (d.addresses.length === 0) return f('dns', 'fail', 'no_address', { cname: list(d.cname) });
  if (d.blocked.length > 0) return f('dns', 'fail', 'private_address', { address: d.blocked[0].address, kind: d.blocked[0].kind });
  const expected = (d.expectedNameservers ?? []).map(norm).sort();
  const found = d.nameservers.map(norm).sort();
  if (expected.length > 0 && found.length > 0 && expected.join() !== found.join())
    return f('dns', 'warn', 'ns_mismatch', { found: list(found), expected: list(expected) });
  const params: Params = { addresses: list(d.addresses), nameservers: list(found) || '—' };
  return d.cname.length ? f('dns', 'ok', 'resolves_cname', { ...params, cname: list(d.cname) }) : f('dns', 'ok', 'resolves', params);
}

// ---- Connections ------------------------------------------------------------------------------

export type ConnectError = 'refused' | 'timeout' | 'reset' | 'handshake' | 'unreachable' | 'other';
/** Why a probe did not connect at all: no usable address, or the address is one checks may not use. */
export type Skipped = 'no_address' | 'blocked';
export interface ConnectFacts {
  skipped?: Skipped;
  error?: ConnectError;
  status?: number;
  /** HTTPS only: did the certificate verify (against the system's CAs and KEFU_DIAG_CA_FILE)? */
  authorized?: boolean;
  port: number;
  /** HTTP only: the answer redirects to an https:// URL. */
  toHttps?: boolean;
}

function skippedFinding(key: CheckKey, why: Skipped): Finding {
  return f(key, 'error', why === 'blocked' ? 'skipped_blocked' : 'skipped_no_address');
}

export function httpsFinding(c: ConnectFacts): Finding {
  if (c.skipped) return skippedFinding('https', c.skipped);
  if (c.error)
    return f('https', 'fail', c.error === 'handshake' ? 'handshake' : c.error === 'timeout' ? 'timeout' : 'refused', { port: c.port });
  if (c.authorized === false) return f('https', 'fail', 'untrusted', { status: c.status ?? 0 });
  return f('https', 'ok', 'reachable', { status: c.status ?? 0 });
}

export function httpFinding(c: ConnectFacts): Finding {
  if (c.skipped) return skippedFinding('http', c.skipped);
  // Many sites serve HTTPS only; a closed port 80 is worth knowing, not a failure.
  if (c.error) return f('http', 'warn', c.error === 'timeout' ? 'timeout' : 'refused', { port: c.port });
  return c.toHttps
    ? f('http', 'ok', 'redirects_to_https', { status: c.status ?? 0 })
    : f('http', 'warn', 'no_https_redirect', { status: c.status ?? 0 });
}

// ---- Status code ------------------------------------------------------------------------------

/** Codes with their own explanation; the 52x family are answers of a proxy in front of the origin. */
const SPECIFIC_STATUS = new Set([500, 502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 530, 403, 404, 429]);

export function statusFinding(s: { status?: number; url?: string; skipped?: Skipped }): Finding {
  if (s.skipped) return skippedFinding('http_status', s.skipped);
  if (s.status == null) return f('http_status', 'error', 'no_response');
  const params = { status: s.status, url: s.url ?? '' };
  if (s.status >= 500) return f('http_status', 'fail', SPECIFIC_STATUS.has(s.status) ? `s${s.status}` : 'server_error', params);
  if (s.status >= 400) return f('http_status', 'warn', SPECIFIC_STATUS.has(s.status) ? `s${s.status}` : 'client_error', params);
  if (s.status >= 300) return f('http_status', 'warn', 'redirect_unfollowed', params);
  return f('http_status', 'ok', 'ok', params);
}

// ---- TLS --------------------------------------------------------------------------------------

export interface TlsFacts {
  skipped?: Skipped;
  /** No handshake completed (nothing listening, not TLS, the handshake failed). */
  handshake: boolean;
  /** OpenSSL/Node verification error code (`CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`, …), if any. */
  error?: string | null;
  validFrom?: string | null; // ISO
  validTo?: string | null; // ISO
  names?: string[];
}

const day = (iso: string) => iso.slice(0, 10);

export function tlsFinding(x: TlsFacts, now: Date): Finding {
  if (x.skipped) return skippedFinding('tls', x.skipped);
  if (!x.handshake) return f('tls', 'error', 'no_handshake');
  const to = x.validTo ? new Date(x.validTo) : null;
  const from = x.validFrom ? new Date(x.validFrom) : null;
  if (x.error === 'CERT_HAS_EXPIRED' || (to && to.getTime() < now.getTime()))
    return f('tls', 'fail', 'expired', {
      valid_to: to ? day(to.toISOString()) : '?',
      days: to ? Math.max(0, Math.floor((now.getTime() - to.getTime()) / DAY)) : 0,
    });
  if (x.error === 'CERT_NOT_YET_VALID' || (from && from.getTime() > now.getTime()))
    return f('tls', 'fail', 'not_yet_valid', { valid_from: from ? day(from.toISOString()) : '?' });
  if (x.error === 'ERR_TLS_CERT_ALTNAME_INVALID') return f('tls', 'fail', 'wrong_host', { names: list(x.names ?? []) || '—' });
  if (
    x.error === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    x.error === 'UNABLE_TO_GET_ISSUER_CERT' ||
    x.error === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
  )
    return f('tls', 'fail', 'incomplete_chain');
  if (x.error === 'DEPTH_ZERO_SELF_SIGNED_CERT' || x.error === 'SELF_SIGNED_CERT_IN_CHAIN') return f('tls', 'fail', 'self_signed');
  if (x.error) return f('tls', 'fail', 'untrusted', { error: x.error });
  const days = to ? Math.floor((to.getTime() - now.getTime()) / DAY) : null;
  if (to && days != null && days < EXPIRY_WARNING_DAYS) return f('tls', 'warn', 'expiring', { valid_to: day(to.toISOString()), days });
  return f('tls', 'ok', 'valid', { valid_to: to ? day(to.toISOString()) : '?', days: days ?? 0 });
}

// ---- Redirects --------------------------------------------------------------------------------

export type ChainEnd = 'final' | 'loop' | 'too_many' | 'blocked' | 'bad_location' | 'error';
export interface RedirectFacts {
  skipped?: Skipped;
  /** URLs visited, the first request first. */
  hops: string[];
  end: ChainEnd;
  /** The URL that was refused or repeated. */
  at?: string;
}

export function redirectFinding(r: RedirectFacts): Finding {
  if (r.skipped) return skippedFinding('redirects', r.skipped);
  const count = Math.max(0, r.hops.length - 1);
  if (r.end === 'loop') return f('redirects', 'fail', 'loop', { url: r.at ?? '', count });
  if (r.end === 'too_many') return f('redirects', 'fail', 'too_many', { count });
  if (r.end === 'blocked') return f('redirects', 'fail', 'blocked', { url: r.at ?? '' });
  if (r.end === 'bad_location') return f('redirects', 'fail', 'bad_location', { url: r.at ?? '' });
  if (r.end === 'error') return f('redirects', 'error', 'interrupted', { url: r.at ?? '', count });
  return count === 0 ? f('redirects', 'ok', 'none') : f('redirects', 'ok', 'followed', { count, url: r.hops[r.hops.length - 1] });
}

// ---- Latency ----------------------------------------------------------------------------------

export function latencyFinding(l: { ttfbMs?: number | null; skipped?: Skipped }): Finding {
  if (l.skipped) return skippedFinding('latency', l.skipped);
  if (l.ttfbMs == null) return f('latency', 'error', 'no_response');
  const ms = Math.round(l.ttfbMs);
  if (ms >= LATENCY_FAIL_MS) return f('latency', 'fail', 'very_slow', { ms });
  if (ms >= LATENCY_WARN_MS) return f('latency', 'warn', 'slow', { ms });
  return f('latency', 'ok', 'fast', { ms });
}

/** A check that ran out of its time budget says so, rather than pretending. */
export const timedOut = (key: CheckKey): Finding => f(key, 'error', 'budget_exceeded');

/** Codes any check may give (i18n `diagnostics.common.<code>`, with the check's name as `{check}`). */
export const COMMON_CODES = ['skipped_blocked', 'skipped_no_address', 'budget_exceeded'];

/** Every message code each check may give besides COMMON_CODES: the i18n files must have title, detail and fix for each. */
export const MESSAGE_CODES: Record<CheckKey, string[]> = {
  dns: ['nxdomain', 'timeout', 'servfail', 'lookup_failed', 'no_address', 'private_address', 'ns_mismatch', 'resolves', 'resolves_cname'],
  https: ['handshake', 'timeout', 'refused', 'untrusted', 'reachable'],
  http: ['timeout', 'refused', 'redirects_to_https', 'no_https_redirect'],
  http_status: ['no_response', ...[...SPECIFIC_STATUS].map((s) => `s${s}`), 'server_error', 'client_error', 'redirect_unfollowed', 'ok'],
  tls: ['no_handshake', 'expired', 'not_yet_valid', 'wrong_host', 'incomplete_chain', 'self_signed', 'untrusted', 'expiring', 'valid'],
  redirects: ['loop', 'too_many', 'blocked', 'bad_location', 'interrupted', 'none', 'followed'],
  latency: ['no_response', 'very_slow', 'slow', 'fast'],
};
