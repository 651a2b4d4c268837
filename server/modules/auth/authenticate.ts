import type { Db } from '../../db/client.ts';
import { authRepository, type AuthRow } from './authRepository.ts';
import type { Principal } from './principal.ts';
import { hashSecret } from './secrets.ts';

const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { principal: Principal | null; until: number }>();

/** Forget cached credentials (after logout or revocation). Other instances forget within TTL_MS. */
export function forgetCredential(token: string) {
  cache.delete(hashSecret(token));
}
export function forgetAllCredentials() {
  cache.clear();
}

function toPrincipal(row: AuthRow | null, via: 'session' | 'token'): Principal | null {
  if (!row || !row.active) return null;
  return {
    kind: 'person',
    personId: row.person_id,
    role: row.role,
    organizationId: row.organization_id,
    locale: row.locale,
    via,
    twoFactor: row.two_factor,
    emailVerified: row.email_verified,
    ...(row.ticket_groups ? { ticketGroups: row.ticket_groups } : {}),
    ...(via === 'session' ? { sessionId: row.row_id } : { tokenId: row.row_id }),
  };
}

/** Resolves a session cookie or API token to a principal; null when unknown, expired or revoked. */
export async function authenticate(
  db: Db,
  opts: { sessionToken?: string; bearer?: string; localSecret?: string },
): Promise<Principal | null> {
  const { sessionToken, bearer, localSecret } = opts;
  if (bearer && localSecret && bearer === localSecret) {
    return { kind: 'system', personId: null, role: 'admin', organizationId: null, locale: 'en', via: 'local' };
  }
  const token = bearer ?? sessionToken;
  if (!token) return null;
  const hash = hashSecret(token);
  const now = Date.now();
  const hit = cache.get(hash);
  if (hit && hit.until > now) return hit.principal;
  const via = bearer ? 'token' : 'session';
  const row = via === 'token' ? await authRepository.tokenPrincipal(db, hash) : await authRepository.sessionPrincipal(db, hash);
  const principal = toPrincipal(row, via);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(hash, { principal, until: now + TTL_MS });
  if (principal?.tokenId) void authRepository.touchToken(db, principal.tokenId).catch(() => undefined);
  if (principal?.sessionId) void authRepository.touchSession(db, principal.sessionId).catch(() => undefined);
  return principal;
}
