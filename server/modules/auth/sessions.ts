import type { Db } from '../../db/client.ts';
import { forbidden, notFound, text } from '../../errors.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { authRepository, type SessionRow } from './authRepository.ts';
import { forgetAllCredentials } from './authenticate.ts';
import { isAdmin, type Principal } from './principal.ts';

export function presentSession(s: SessionRow, currentId?: number) {
  return {
    id: s.id,
    ip: s.ip,
    user_agent: s.user_agent,
    created_at: s.created_at.toISOString(),
    last_seen_at: s.last_seen_at.toISOString(),
    expires_at: s.expires_at.toISOString(),
    current: s.id === currentId,
  };
}

/** The signed-in person's open sessions (signed-in browsers), most recently used first. */
export async function listMySessions(db: Db, opts: { actor: Principal; now?: Date }) {
  if (opts.actor.personId == null) return { data: [] };
  const rows = await authRepository.activeSessions(db, opts.actor.personId, opts.now ?? new Date());
  return { data: rows.map((s) => presentSession(s, opts.actor.sessionId)) };
}

/** Signs one of your own sessions out (another browser, a lost phone). */
export async function revokeMySession(db: Db, opts: { actor: Principal; id: number; meta?: RequestMeta }) {
  const personId = opts.actor.personId;
  if (personId == null) throw notFound('Session', opts.id);
  await db.tx(async (q) => {
    if (!(await authRepository.revokeSessionById(q, personId, opts.id))) throw notFound('Session', opts.id);
    await recordAudit(q, { type: 'session.revoked', personId, meta: opts.meta, data: { session_id: opts.id } });
  });
  forgetAllCredentials();
  return { id: opts.id, revoked: true };
}

/** An admin signs a person out everywhere (API tokens are separate: revoke those at /api/v1/tokens). */
export async function revokePersonSessions(db: Db, opts: { actor: Principal; personId: number; meta?: RequestMeta; now?: Date }) {
  if (!isAdmin(opts.actor)) throw forbidden(text('auth.errors.sessions_admin_only'));
  if (!(await peopleRepository.get(db, opts.personId))) throw notFound('Person', opts.personId);
  const now = opts.now ?? new Date();
  const revoked = await db.tx(async (q) => {
    const n = await authRepository.revokePersonSessions(q, opts.personId, now);
    await recordAudit(q, {
      type: 'session.revoked_all',
      personId: opts.personId,
      actorId: opts.actor.personId,
      meta: opts.meta,
      at: now,
      data: { sessions_revoked: n },
    });
    return n;
  });
  forgetAllCredentials();
  return { person_id: opts.personId, revoked };
}
