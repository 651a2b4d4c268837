import type { Db } from '../../db/client.ts';
import { AppError, forbidden, localizedError, notFound, text } from '../../errors.ts';
import { t as tr } from '../../i18n/index.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { authRepository, type TokenRow } from './authRepository.ts';
import { forgetAllCredentials } from './authenticate.ts';
import { isAdmin, type Principal } from './principal.ts';
import { newSecret } from './secrets.ts';

export function presentToken(t: TokenRow) {
  return {
    id: t.id,
    person_id: t.person_id,
    name: t.name,
    prefix: t.prefix,
    created_at: t.created_at,
    last_used_at: t.last_used_at,
    expires_at: t.expires_at,
    revoked_at: t.revoked_at,
  };
}

/** A signed-in person creates an API token for themselves (an admin may create one for someone else). */
export async function createToken(
  db: Db,
  opts: { actor: Principal; name: string; personId?: number; expiresAt?: Date | null; meta?: RequestMeta },
) {
  const personId = opts.personId ?? opts.actor.personId;
  if (personId == null) throw localizedError('invalid_request', 'auth.errors.person_id_required');
  if (personId !== opts.actor.personId && !isAdmin(opts.actor)) throw forbidden(text('auth.errors.token_for_other_admin_only'));
  const { token, hash } = newSecret('kft');
  try {
    const row = await db.tx(async (q) => {
      const r = await authRepository.insertToken(q, {
        personId,
        name: opts.name,
        hash,
        prefix: token.slice(0, 10),
        expiresAt: opts.expiresAt ?? null,
      });
      await recordAudit(q, {
        type: 'token.created',
        personId,
        actorId: opts.actor.personId,
        meta: opts.meta,
        data: { token_id: r.id, name: r.name },
      });
      return r;
    });
    return { ...presentToken(row), token };
  } catch (e) {
    if ((e as { code?: string }).code === '23503') throw notFound('Person', personId);
    throw e;
  }
}

export async function listTokens(db: Db, opts: { actor: Principal; all?: boolean; cursor: number | null; limit: number }) {
  const scope = opts.all && isAdmin(opts.actor) ? null : (opts.actor.personId ?? -1);
  const rows = await authRepository.listTokens(db, scope, opts.cursor, opts.limit + 1);
  const more = rows.length > opts.limit;
  const page = rows.slice(0, opts.limit);
  return { data: page.map(presentToken), next_cursor: more ? String(page[page.length - 1].id) : null };
}

export async function revokeToken(db: Db, opts: { actor: Principal; id: number; meta?: RequestMeta }) {
  const t = await authRepository.getToken(db, opts.id);
  if (!t || (t.person_id !== opts.actor.personId && !isAdmin(opts.actor))) throw notFound('Token', opts.id);
  // A token may end itself (a script cleaning up after a leak), not its owner's other tokens: those
  // are the owner's credentials, managed from a session as making one is (docs/security.md).
  if (opts.actor.via === 'token' && t.person_id === opts.actor.personId && t.id !== opts.actor.tokenId)
    throw new AppError('session_required', tr(opts.actor.locale, 'security.session_required'), { sign_in: '/signin' });
  await db.tx(async (q) => {
    await authRepository.revokeToken(q, opts.id);
    if (!t.revoked_at)
      await recordAudit(q, {
        type: 'token.revoked',
        personId: t.person_id,
        actorId: opts.actor.personId,
        meta: opts.meta,
        data: { token_id: t.id, name: t.name },
      });
  });
  forgetAllCredentials();
  return presentToken({ ...t, revoked_at: t.revoked_at ?? new Date() });
}
