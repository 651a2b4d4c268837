import type { Queryable } from '../../db/client.ts';
import type { Role } from './principal.ts';

export interface AuthRow { person_id: number; role: Role; organization_id: number | null; locale: string; active: boolean; row_id: number }

export const authRepository = {
  async findPersonByEmail(q: Queryable, email: string) {
    const rows = await q.query<{ id: number; password_hash: string | null; active: boolean; role: Role }>(
      `select p.id, p.password_hash, p.active, p.role from person_emails e join people p on p.id = e.person_id where lower(e.email) = lower($1)`, [email]);
    return rows[0] ?? null;
  },
  async insertSession(q: Queryable, s: { hash: string; personId: number; ip?: string; userAgent?: string; days: number }) {
    const rows = await q.query<{ id: number; expires_at: Date }>(
      `insert into sessions (token_hash, person_id, ip, user_agent, expires_at) values ($1, $2, $3, $4, now() + make_interval(days => $5::int)) returning id, expires_at`,
      [s.hash, s.personId, s.ip ?? null, s.userAgent ?? null, Math.ceil(s.days)]);
    return rows[0];
  },
  async sessionPrincipal(q: Queryable, hash: string): Promise<AuthRow | null> {
    const rows = await q.query<AuthRow>(
      `select s.id as row_id, p.id as person_id, p.role, p.organization_id, p.locale, p.active
         from sessions s join people p on p.id = s.person_id
        where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()`, [hash]);
    return rows[0] ?? null;
  },
  async tokenPrincipal(q: Queryable, hash: string): Promise<AuthRow | null> {
    const rows = await q.query<AuthRow>(
      `select t.id as row_id, p.id as person_id, p.role, p.organization_id, p.locale, p.active
         from api_tokens t join people p on p.id = t.person_id
        where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())`, [hash]);
    return rows[0] ?? null;
  },
  async revokeSession(q: Queryable, hash: string) {
    await q.query(`update sessions set revoked_at = now() where token_hash = $1 and revoked_at is null`, [hash]);
  },
  async insertToken(q: Queryable, t: { personId: number; name: string; hash: string; prefix: string; expiresAt: Date | null }) {
    const rows = await q.query<TokenRow>(
      `insert into api_tokens (person_id, name, token_hash, prefix, expires_at) values ($1, $2, $3, $4, $5)
       returning id, person_id, name, prefix, created_at, last_used_at, expires_at, revoked_at`,
      [t.personId, t.name, t.hash, t.prefix, t.expiresAt]);
    return rows[0];
  },
  async listTokens(q: Queryable, personId: number | null, after: number | null, limit: number) {
    return q.query<TokenRow>(
      `select id, person_id, name, prefix, created_at, last_used_at, expires_at, revoked_at from api_tokens
        where ($1::bigint is null or person_id = $1) and ($2::bigint is null or id < $2) order by id desc limit $3`,
      [personId, after, limit]);
  },
  async getToken(q: Queryable, id: number) {
    const rows = await q.query<TokenRow & { token_hash: string }>(`select id, person_id, name, prefix, token_hash, created_at, last_used_at, expires_at, revoked_at from api_tokens where id = $1`, [id]);
    return rows[0] ?? null;
  },
  async revokeToken(q: Queryable, id: number) {
    await q.query(`update api_tokens set revoked_at = coalesce(revoked_at, now()) where id = $1`, [id]);
  },
  async touchToken(q: Queryable, id: number) {
    await q.query(`update api_tokens set last_used_at = now() where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')`, [id]);
  },
};

export interface TokenRow { id: number; person_id: number; name: string; prefix: string; created_at: Date; last_used_at: Date | null; expires_at: Date | null; revoked_at: Date | null }
