import type { Queryable } from '../../db/client.ts';

export interface OrganizationRow {
  id: number;
  name: string;
  plan_id: number | null;
  plan_name: string | null;
  plan_key: string | null;
  addons: string[];
  email_domains: string[];
  notes: string;
  created_at: Date;
  updated_at: Date;
  incident_balance: number;
}
export interface AssetRow {
  id: number;
  organization_id: number;
  kind: string;
  name: string;
  created_at: Date;
  /** Domains: the nameservers the zone should use (diagnostics warn otherwise); null: no expectation. */
  expected_nameservers: string[] | null;
}

const SELECT = `select o.id, o.name, o.plan_id, pl.name as plan_name, pl.key as plan_key, o.addons, o.email_domains, o.notes, o.created_at, o.updated_at,
  coalesce((select sum(p.remaining) from purchases p join services s on s.key = p.service_key
             where p.organization_id = o.id and s.counts_as_incident and (p.expires_at is null or p.expires_at > now())), 0)::int as incident_balance
  from organizations o left join plans pl on pl.id = o.plan_id`;

export const organizationRepository = {
  async insert(q: Queryable, o: { name: string; planId: number | null; addons: string[]; emailDomains: string[]; notes: string }) {
    const rows = await q.query<{ id: number }>(
      `insert into organizations (name, plan_id, addons, email_domains, notes) values ($1, $2, $3, $4, $5) returning id`,
      [o.name, o.planId, o.addons, o.emailDomains, o.notes],
    );
    return rows[0].id;
  },
  async get(q: Queryable, id: number): Promise<OrganizationRow | null> {
    return (await q.query<OrganizationRow>(`${SELECT} where o.id = $1`, [id]))[0] ?? null;
  },
  async list(q: Queryable, f: { q?: string; planId?: number; onlyId?: number; after: [string, number] | null; limit: number }) {
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown) => {
      args.push(v);
      return `$${args.length}`;
    };
    if (f.q) where.push(`lower(o.name) like ${arg(`%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`)}`);
    if (f.planId != null) where.push(`o.plan_id = ${arg(f.planId)}`);
    if (f.onlyId != null) where.push(`o.id = ${arg(f.onlyId)}`);
    if (f.after) where.push(`(lower(o.name), o.id) > (${arg(f.after[0])}, ${arg(f.after[1])})`);
    return q.query<OrganizationRow>(
      `${SELECT} ${where.length ? 'where ' + where.join(' and ') : ''} order by lower(o.name), o.id limit ${arg(f.limit)}`,
      args,
    );
  },
  async update(q: Queryable, id: number, patch: Record<string, unknown>) {
    const cols = Object.keys(patch);
    if (!cols.length) return;
    await q.query(`update organizations set ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() where id = $1`, [
      id,
      ...cols.map((c) => patch[c]),
    ]);
  },
  /** Closes the current plan period and opens a new one: reports can tell which plan a past ticket was under. */
  async recordPlanChange(q: Queryable, o: { organizationId: number; planId: number | null; addons: string[]; actorId: number | null }) {
    await q.query(`update organization_plan_history set valid_to = now() where organization_id = $1 and valid_to is null`, [
      o.organizationId,
    ]);
    await q.query(`insert into organization_plan_history (organization_id, plan_id, addons, changed_by) values ($1, $2, $3, $4)`, [
      o.organizationId,
      o.planId,
      o.addons,
      o.actorId,
    ]);
  },
  planHistory: (q: Queryable, organizationId: number) =>
    q.query<{ plan_id: number | null; plan_name: string | null; addons: string[]; valid_from: Date; valid_to: Date | null }>(
      `select h.plan_id, pl.name as plan_name, h.addons, h.valid_from, h.valid_to from organization_plan_history h left join plans pl on pl.id = h.plan_id
        where h.organization_id = $1 order by h.valid_from desc, h.id desc limit 200`,
      [organizationId],
    ),
  async insertAsset(q: Queryable, a: { organizationId: number; kind: string; name: string; expectedNameservers?: string[] | null }) {
    return (
      await q.query<AssetRow>(
        `insert into assets (organization_id, kind, name, expected_nameservers) values ($1, $2, $3, $4::jsonb) returning *`,
        [a.organizationId, a.kind, a.name, a.expectedNameservers?.length ? JSON.stringify(a.expectedNameservers) : null],
      )
    )[0];
  },
  async listAssets(q: Queryable, organizationId: number, after: number | null, limit: number) {
    return q.query<AssetRow>(`select * from assets where organization_id = $1 and ($2::bigint is null or id > $2) order by id limit $3`, [
      organizationId,
      after,
      limit,
    ]);
  },
  async getAsset(q: Queryable, id: number): Promise<AssetRow | null> {
    return (await q.query<AssetRow>(`select * from assets where id = $1`, [id]))[0] ?? null;
  },
  async deleteAsset(q: Queryable, id: number) {
    await q.query(`delete from assets where id = $1`, [id]);
  },
  async byEmailDomain(q: Queryable, domain: string): Promise<number | null> {
    return (
      (
        await q.query<{ id: number }>(
          `select id from organizations where email_domains @> array[lower($1)] order by id limit 1`,
          [domain],
          { prepare: true },
        )
      )[0]?.id ?? null
    );
  },
  /** Organizations whose name starts with `prefix` (case-insensitive; the `text_pattern_ops` index of migration 0016). */
  async searchByPrefix(q: Queryable, f: { prefix: string; onlyId?: number; limit: number }) {
    const like = `${f.prefix.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    return q.query<{ id: number; name: string; plan_id: number | null; plan_name: string | null }>(
      `select o.id, o.name, o.plan_id, (select pl.name from plans pl where pl.id = o.plan_id) as plan_name
         from organizations o where o.id in (select id from organizations where lower(name) like $1 order by lower(name) using ~<~ limit $2) and ($3::bigint is null or o.id = $3)
        order by lower(o.name), o.id limit $2`,
      [like, f.limit, f.onlyId ?? null],
    );
  },
};
