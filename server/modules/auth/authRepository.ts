import type { Queryable } from '../../db/client.ts';
import type { Role } from './principal.ts';

export interface AuthRow {
  person_id: number;
  role: Role;
  organization_id: number | null;
  locale: string;
  active: boolean;
  row_id: number;
  two_factor: boolean;
  email_verified: boolean;
  /** The agent's groups when they are limited to them; null without a limit. */
  ticket_groups: number[] | null;
}
export interface SessionRow {
  id: number;
  person_id: number;
  ip: string | null;
  user_agent: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

/**
 * `ticket_groups` of the person `p`: their groups when they are an agent limited to them
 * (`Principal.ticketGroups`), else null. For every statement that builds a principal from a person row.
 */
export const TICKET_GROUPS_SQL = `case when p.role = 'agent' and p.ticket_access = 'groups'
       then coalesce((select array_agg(gm.group_id::int order by gm.group_id) from group_members gm where gm.person_id = p.id), '{}'::int[]) end`;

/** Person columns every principal needs: role, organization, two-factor and primary-email state. */
const PRINCIPAL_COLUMNS = `p.id as person_id, p.role, p.organization_id, p.locale, p.active,
  exists (select 1 from otp_secrets o where o.person_id = p.id and o.purpose = 'two_factor' and o.enabled_at is not null) as two_factor,
  coalesce((select e.verified_at is not null from person_emails e where e.person_id = p.id and e.is_primary order by e.id limit 1), false) as email_verified,
  ${TICKET_GROUPS_SQL} as ticket_groups`;

export const authRepository = {
  /** The person holding `email` (any of their addresses), with that address's row and their primary address. */
  async findPersonByEmail(q: Queryable, email: string) {
    const rows = await q.query<{
      id: number;
      password_hash: string | null;
      active: boolean;
      role: Role;
      locale: string;
      email_verified: boolean;
      email_id: number;
      email: string;
      is_primary: boolean;
      added_by_staff: boolean;
      primary_email: string | null;
    }>(
      `select p.id, p.password_hash, p.active, p.role, p.locale, e.verified_at is not null as email_verified, e.id as email_id, e.email, e.is_primary,
              e.added_by is not null and e.added_by <> p.id as added_by_staff,
              (select pe.email from person_emails pe where pe.person_id = p.id and pe.is_primary order by pe.id limit 1) as primary_email
         from person_emails e join people p on p.id = e.person_id where lower(e.email) = lower($1)`,
      [email],
    );
    return rows[0] ?? null;
  },
  async passwordHash(q: Queryable, personId: number): Promise<string | null> {
    return (
      (await q.query<{ password_hash: string | null }>(`select password_hash from people where id = $1`, [personId]))[0]?.password_hash ??
      null
    );
  },
  /** Answers who the person is now (an invitation signs its person in only when active). */
  async setPassword(q: Queryable, personId: number, hash: string) {
    const rows = await q.query<{ role: string; active: boolean }>(
      `update people set password_hash = $2, updated_at = now() where id = $1 returning role, active`,
      [personId, hash],
    );
    return rows[0] ?? null;
  },
  /** One address row of one person: by its id when known, else by the address (the person's primary when null). */
  async emailRow(q: Queryable, personId: number, ref: { id?: number | null; email?: string | null }) {
    const rows = await q.query<{ id: number; email: string; is_primary: boolean; verified: boolean }>(
      `select id, email, is_primary, verified_at is not null as verified from person_emails
        where person_id = $1 and case when $2::bigint is not null then id = $2 when $3::text is not null then lower(email) = lower($3) else is_primary end
        order by id limit 1`,
      [personId, ref.id ?? null, ref.email ?? null],
    );
    return rows[0] ?? null;
  },
  /**
   * Marks exactly one address row of exactly one person verified: the row `emailId` (when given) holding
   * `email`, owned by `personId`. Answers the address, or null when that row is gone or now someone else's.
   */
  async markEmailVerified(q: Queryable, personId: number, emailId: number | null, email: string): Promise<string | null> {
    const rows = await q.query<{ email: string }>(
      `update person_emails set verified_at = coalesce(verified_at, now())
        where person_id = $1 and ($2::bigint is null or id = $2) and lower(email) = lower($3) returning email`,
      [personId, emailId, email],
    );
    return rows[0]?.email ?? null;
  },
  async personForVerification(q: Queryable, personId: number) {
    const rows = await q.query<{ id: number; role: Role; organization_id: number | null; password_hash: string | null }>(
      `select id, role, organization_id, password_hash from people where id = $1`,
      [personId],
    );
    return rows[0] ?? null;
  },
  /** A guest's sign-up waiting for the verification link of `email` (a newer sign-up replaces it). */
  async putSignupClaim(
    q: Queryable,
    c: { personId: number; email: string; passwordHash: string; name: string | null; locale: string | null; now: Date },
  ) {
    await q.query(
      `insert into signup_claims (person_id, email, password_hash, name, locale, created_at) values ($1, lower($2), $3, $4, $5, $6)
       on conflict (person_id) do update set email = excluded.email, password_hash = excluded.password_hash, name = excluded.name, locale = excluded.locale, created_at = excluded.created_at`,
      [c.personId, c.email, c.passwordHash, c.name, c.locale, c.now],
    );
  },
  /**
   * Removes and answers the person's sign-up claim made with `email` (the address whose link was just
   * followed) if it is younger than `maxAgeHours`; a claim made with another address stays.
   */
  async takeSignupClaim(q: Queryable, personId: number, email: string, now: Date, maxAgeHours: number) {
    const rows = await q.query<{ password_hash: string; name: string | null; locale: string | null; created_at: Date }>(
      `delete from signup_claims where person_id = $1 and lower(email) = lower($2) returning password_hash, name, locale, created_at`,
      [personId, email],
    );
    const c = rows[0];
    return c && c.created_at.getTime() > now.getTime() - maxAgeHours * 3600_000 ? c : null;
  },
  async setOrganization(q: Queryable, personId: number, organizationId: number) {
    await q.query(`update people set organization_id = $2, updated_at = now() where id = $1`, [personId, organizationId]);
  },
  async insertSession(q: Queryable, s: { hash: string; personId: number; ip?: string; userAgent?: string; days: number }) {
    const rows = await q.query<{ id: number; expires_at: Date }>(
      `insert into sessions (token_hash, person_id, ip, user_agent, expires_at) values ($1, $2, $3, $4, now() + make_interval(days => $5::int)) returning id, expires_at`,
      [s.hash, s.personId, s.ip ?? null, s.userAgent ?? null, Math.ceil(s.days)],
    );
    return rows[0];
  },
  async sessionPrincipal(q: Queryable, hash: string): Promise<AuthRow | null> {
    const rows = await q.query<AuthRow>(
      `select s.id as row_id, ${PRINCIPAL_COLUMNS}
         from sessions s join people p on p.id = s.person_id
        where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()`,
      [hash],
    );
    return rows[0] ?? null;
  },
  async tokenPrincipal(q: Queryable, hash: string): Promise<AuthRow | null> {
    const rows = await q.query<AuthRow>(
      `select t.id as row_id, ${PRINCIPAL_COLUMNS}
         from api_tokens t join people p on p.id = t.person_id
        where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())`,
      [hash],
    );
    return rows[0] ?? null;
  },
  /** Ends the session with this token; answers whose it was (null when unknown or already ended). */
  async revokeSession(q: Queryable, hash: string): Promise<{ id: number; person_id: number } | null> {
    const rows = await q.query<{ id: number; person_id: number }>(
      `update sessions set revoked_at = now() where token_hash = $1 and revoked_at is null returning id, person_id`,
      [hash],
    );
    return rows[0] ?? null;
  },
  async revokeSessionById(q: Queryable, personId: number, id: number): Promise<boolean> {
    return (
      (
        await q.query(`update sessions set revoked_at = now() where id = $1 and person_id = $2 and revoked_at is null returning 1`, [
          id,
          personId,
        ])
      ).length > 0
    );
  },
  /** Ends all of a person's sessions (but `exceptId`); answers how many. */
  async revokePersonSessions(q: Queryable, personId: number, now: Date, exceptId: number | null = null): Promise<number> {
    const rows = await q.query(
      `update sessions set revoked_at = $2 where person_id = $1 and revoked_at is null and expires_at > $2 and ($3::bigint is null or id <> $3) returning 1`,
      [personId, now, exceptId],
    );
    return rows.length;
  },
  async activeSessions(q: Queryable, personId: number, now: Date): Promise<SessionRow[]> {
    return q.query<SessionRow>(
      `select id, person_id, ip, user_agent, created_at, last_seen_at, expires_at from sessions
        where person_id = $1 and revoked_at is null and expires_at > $2 order by last_seen_at desc, id desc limit 200`,
      [personId, now],
    );
  },
  async touchSession(q: Queryable, id: number) {
    await q.query(`update sessions set last_seen_at = now() where id = $1 and last_seen_at < now() - interval '1 minute'`, [id]);
  },
  async insertToken(q: Queryable, t: { personId: number; name: string; hash: string; prefix: string; expiresAt: Date | null }) {
    const rows = await q.query<TokenRow>(
      `insert into api_tokens (person_id, name, token_hash, prefix, expires_at) values ($1, $2, $3, $4, $5)
       returning id, person_id, name, prefix, created_at, last_used_at, expires_at, revoked_at`,
      [t.personId, t.name, t.hash, t.prefix, t.expiresAt],
    );
    return rows[0];
  },
  async listTokens(q: Queryable, personId: number | null, after: number | null, limit: number) {
    return q.query<TokenRow>(
      `select id, person_id, name, prefix, created_at, last_used_at, expires_at, revoked_at from api_tokens
        where ($1::bigint is null or person_id = $1) and ($2::bigint is null or id < $2) order by id desc limit $3`,
      [personId, after, limit],
    );
  },
  async getToken(q: Queryable, id: number) {
    const rows = await q.query<TokenRow & { token_hash: string }>(
      `select id, person_id, name, prefix, token_hash, created_at, last_used_at, expires_at, revoked_at from api_tokens where id = $1`,
      [id],
    );
    return rows[0] ?? null;
  },
  /** Ends every API token of the person (a password reset or change); answers how many were open. */
  async revokePersonTokens(q: Queryable, personId: number): Promise<number> {
    const rows = await q.query(
      `update api_tokens set revoked_at = now() where person_id = $1 and revoked_at is null and (expires_at is null or expires_at > now()) returning 1`,
      [personId],
    );
    return rows.length;
  },
  async revokeToken(q: Queryable, id: number) {
    await q.query(`update api_tokens set revoked_at = coalesce(revoked_at, now()) where id = $1`, [id]);
  },
  async touchToken(q: Queryable, id: number) {
    await q.query(
      `update api_tokens set last_used_at = now() where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
      [id],
    );
  },
};

export interface TokenRow {
  id: number;
  person_id: number;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}
