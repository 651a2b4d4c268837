import type { Queryable } from '../../db/client.ts';
import type { Role } from '../auth/principal.ts';

export interface PersonRow {
  id: number;
  name: string;
  role: Role;
  organization_id: number | null;
  locale: string;
  timezone: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  emails: Array<{ email: string; primary: boolean; verified: boolean }>;
  has_password: boolean;
  /** 'invited': no password yet and an invitation was issued (open or not); see personPresenter. */
  status: 'active' | 'invited' | 'deactivated';
  /** The open invitation's end, null when none is open (expired, used or ended by a newer link). */
  invitation_expires_at: Date | null;
  /** The sign-in throttle lock of the account, when it is locked now. */
  locked_until: Date | null;
  /** Set on a tombstone: the person this one was merged into (docs/people.md). */
  merged_into_id: number | null;
  /** 'all' tickets, or only the tickets of the person's groups (agents; docs/access.md). */
  ticket_access: 'all' | 'groups';
}

const SELECT = `select p.id, p.name, p.role, p.organization_id, p.locale, p.timezone, p.active, p.created_at, p.updated_at, p.ticket_access, p.merged_into_id,
  p.password_hash is not null as has_password,
  case when not p.active then 'deactivated'
       when p.password_hash is null and exists (select 1 from one_time_tokens o where o.person_id = p.id and o.purpose = 'invite') then 'invited'
       else 'active' end as status,
  (select max(o.expires_at) from one_time_tokens o where o.person_id = p.id and o.purpose = 'invite' and o.used_at is null and o.expires_at > now()) as invitation_expires_at,
  -- The sign-in lock is keyed by the primary address (throttleKeys.loginAccount in security/throttle.ts).
  (select t.locked_until from security_throttles t where t.key = 'login:acct:' || (select lower(pe.email) from person_emails pe where pe.person_id = p.id and pe.is_primary order by pe.id limit 1)
     and t.locked_until > now()) as locked_until,
  coalesce((select json_agg(json_build_object('email', e.email, 'primary', e.is_primary, 'verified', e.verified_at is not null) order by e.is_primary desc, e.id)
    from person_emails e where e.person_id = p.id), '[]'::json) as emails
  from people p`;

export interface PeopleFilter {
  role?: Role;
  organizationId?: number;
  q?: string;
  after?: [string, number] | null;
  limit: number;
}

/**
 * Whether an address (`e`, of person `p`) speaks for its person: a verified address does, and so
 * does the primary address of a customer known only by mail (no password: nobody can sign in as
 * them). One rule for mail routing and for tickets opened by address.
 */
export const ADDRESS_PROVEN = `(e.verified_at is not null or (p.role = 'customer' and p.password_hash is null and e.is_primary))`;

export const peopleRepository = {
  /** A person with their primary address, in one statement (the address's unique index may refuse it: 23505 person_emails_email_uq). */
  async insertWithPrimaryEmail(
    q: Queryable,
    p: { name: string; role: Role; organizationId: number | null; passwordHash: string | null; locale: string; timezone: string | null },
    email: string,
    verified: boolean,
  ) {
    const rows = await q.query<{ id: number }>(
      `with p as (insert into people (name, role, organization_id, password_hash, locale, timezone) values ($1, $2, $3, $4, $5, $6) returning id),
         e as (insert into person_emails (person_id, email, is_primary, verified_at) select id, lower($7), true, case when $8::boolean then now() end from p)
       select id from p`,
      [p.name, p.role, p.organizationId, p.passwordHash, p.locale, p.timezone, email, verified],
      { prepare: true },
    );
    return rows[0].id;
  },
  /** `addedBy`: the staff member who added it to someone else's profile (it then never gets a reset link). */
  async addEmail(q: Queryable, personId: number, email: string, primary: boolean, verified = false, addedBy: number | null = null) {
    await q.query(
      `insert into person_emails (person_id, email, is_primary, verified_at, added_by) values ($1, lower($2), $3, case when $4::boolean then now() end, $5)`,
      [personId, email, primary, verified, addedBy],
      { prepare: true },
    );
  },
  async removeEmail(q: Queryable, personId: number, email: string) {
    await q.query(`delete from person_emails where person_id = $1 and lower(email) = lower($2) and not is_primary`, [personId, email]);
  },
  async get(q: Queryable, id: number): Promise<PersonRow | null> {
    const rows = await q.query<PersonRow>(`${SELECT} where p.id = $1`, [id]);
    return rows[0] ?? null;
  },
  /**
   * Who holds an address, and whether it speaks for them: a verified address does, and so does the
   * primary address of a customer known only by mail (no password: nobody can sign in as them).
   * An address added to a profile but never verified does not.
   */
  async addressHolder(q: Queryable, email: string): Promise<{ person_id: number; proven: boolean } | null> {
    const rows = await q.query<{ person_id: number; proven: boolean }>(
      `select e.person_id, ${ADDRESS_PROVEN} as proven
         from person_emails e join people p on p.id = e.person_id where lower(e.email) = lower($1)`,
      [email],
      { prepare: true },
    );
    return rows[0] ?? null;
  },
  async idByEmail(q: Queryable, email: string): Promise<number | null> {
    const rows = await q.query<{ person_id: number }>(`select person_id from person_emails where lower(email) = lower($1)`, [email]);
    return rows[0]?.person_id ?? null;
  },
  async list(q: Queryable, f: PeopleFilter): Promise<PersonRow[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown) => {
      args.push(v);
      return `$${args.length}`;
    };
    // A merged-away person is a tombstone: it resolves by id, but lists and search leave it out.
    where.push('p.merged_into_id is null');
    if (f.role) where.push(`p.role = ${arg(f.role)}`);
    if (f.organizationId != null) where.push(`p.organization_id = ${arg(f.organizationId)}`);
    if (f.q) {
      const like = arg(`%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`);
      where.push(
        `(lower(p.name) like ${like} or exists (select 1 from person_emails e where e.person_id = p.id and lower(e.email) like ${like}))`,
      );
    }
    if (f.after) where.push(`(lower(p.name), p.id) > (${arg(f.after[0])}, ${arg(f.after[1])})`);
    const sql = `${SELECT} ${where.length ? 'where ' + where.join(' and ') : ''} order by lower(p.name), p.id limit ${arg(f.limit)}`;
    return q.query<PersonRow>(sql, args);
  },
  /** Locks the active admins' rows (so two admins cannot demote each other at once) and answers their ids. */
  async lockActiveAdmins(q: Queryable): Promise<number[]> {
    const rows = await q.query<{ id: number }>(`select id from people where role = 'admin' and active order by id for update`);
    return rows.map((r) => Number(r.id));
  },
  async update(q: Queryable, id: number, patch: Record<string, unknown>) {
    const cols = Object.keys(patch);
    if (!cols.length) return;
    const sets = cols.map((c, i) => `${c} = $${i + 2}`).join(', ');
    await q.query(`update people set ${sets}, updated_at = now() where id = $1`, [id, ...cols.map((c) => patch[c])]);
  },
  /**
   * People whose name or one of whose addresses starts with `prefix` (case-insensitive): two btree range
   * scans on the `text_pattern_ops` indexes of migration 0016, at most `limit` of each, then names looked up.
   */
  async searchByPrefix(q: Queryable, f: { prefix: string; organizationId?: number; limit: number }): Promise<PersonHit[]> {
    const like = `${escapeLike(f.prefix.toLowerCase())}%`;
    return q.query<PersonHit>(
      `select p.id, p.name, p.role, p.organization_id, (select o.name from organizations o where o.id = p.organization_id) as organization_name,
              (select e.email from person_emails e where e.person_id = p.id order by e.is_primary desc, e.id limit 1) as email
         from people p
        where p.id in ((select id from people where lower(name) like $1 order by lower(name) using ~<~ limit $2)
                          union (select person_id from person_emails where lower(email) like $1 order by lower(email) using ~<~ limit $2))
          and ($3::bigint is null or p.organization_id = $3) and p.merged_into_id is null
        order by lower(p.name), p.id limit $2`,
      [like, f.limit, f.organizationId ?? null],
    );
  },
};

/** A person found by the header search (docs/search.md). */
export interface PersonHit {
  id: number;
  name: string;
  role: Role;
  organization_id: number | null;
  organization_name: string | null;
  email: string | null;
}
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);
