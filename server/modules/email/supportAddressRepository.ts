import type { Queryable } from '../../db/client.ts';

export interface SupportAddressRow {
  id: number;
  email: string;
  name: string;
  is_default: boolean;
  /** The group its new tickets go to; null: none. */
  group_id: number | null;
  created_at: Date;
  updated_at: Date;
}
const COLUMNS = 'id, email, name, is_default, group_id, created_at, updated_at';

export const supportAddressRepository = {
  async list(q: Queryable): Promise<SupportAddressRow[]> {
    return q.query<SupportAddressRow>(`select ${COLUMNS} from support_addresses order by id`);
  },
  async get(q: Queryable, id: number): Promise<SupportAddressRow | null> {
    return (await q.query<SupportAddressRow>(`select ${COLUMNS} from support_addresses where id = $1`, [id]))[0] ?? null;
  },
  async byEmail(q: Queryable, email: string): Promise<SupportAddressRow | null> {
    return (
      (await q.query<SupportAddressRow>(`select ${COLUMNS} from support_addresses where lower(email) = lower($1)`, [email]))[0] ?? null
    );
  },
  /** The address outgoing mail is sent from when a ticket has none of its own. */
  async defaultAddress(q: Queryable): Promise<SupportAddressRow | null> {
    return (await q.query<SupportAddressRow>(`select ${COLUMNS} from support_addresses order by is_default desc, id limit 1`))[0] ?? null;
  },
  async insert(q: Queryable, a: { email: string; name: string; isDefault: boolean; groupId: number | null }): Promise<number> {
    if (a.isDefault) await q.query(`update support_addresses set is_default = false where is_default`);
    return (
      await q.query<{ id: number }>(
        `insert into support_addresses (email, name, is_default, group_id) values (lower($1), $2, $3 or not exists (select 1 from support_addresses), $4) returning id`,
        [a.email, a.name, a.isDefault, a.groupId],
      )
    )[0].id;
  },
  /** `groupId`: undefined keeps the group, null removes it. */
  async update(q: Queryable, id: number, a: { email?: string; name?: string; isDefault?: boolean; groupId?: number | null }) {
    if (a.isDefault) await q.query(`update support_addresses set is_default = false where is_default and id <> $1`, [id]);
    await q.query(
      `update support_addresses set email = coalesce(lower($2), email), name = coalesce($3, name), is_default = coalesce($4, is_default),
              group_id = case when $5::boolean then $6::bigint else group_id end, updated_at = now() where id = $1`,
      [id, a.email ?? null, a.name ?? null, a.isDefault ?? null, a.groupId !== undefined, a.groupId ?? null],
    );
  },
  async remove(q: Queryable, id: number): Promise<boolean> {
    return (await q.query(`delete from support_addresses where id = $1 returning id`, [id])).length > 0;
  },
  /** Keeps one default while addresses remain. */
  async ensureDefault(q: Queryable) {
    await q.query(`update support_addresses set is_default = true where id = (select id from support_addresses order by id limit 1)
                     and not exists (select 1 from support_addresses where is_default)`);
  },
  async insertIfMissing(q: Queryable, email: string) {
    await q.query(
      `insert into support_addresses (email, name, is_default) values (lower($1), '', not exists (select 1 from support_addresses)) on conflict do nothing`,
      [email],
    );
  },
  async emails(q: Queryable): Promise<string[]> {
    return (await q.query<{ email: string }>(`select lower(email) as email from support_addresses`)).map((r) => r.email);
  },
  /** Every address with the group its new tickets go to (the intake's cache). */
  async routes(q: Queryable): Promise<Array<{ email: string; group_id: number | null }>> {
    const rows = await q.query<{ email: string; group_id: number | string | null }>(
      `select lower(email) as email, group_id from support_addresses`,
    );
    return rows.map((r) => ({ email: r.email, group_id: r.group_id == null ? null : Number(r.group_id) }));
  },
};
