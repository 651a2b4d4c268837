import type { Queryable } from '../../db/client.ts';

export interface SupportAddressRow {
  id: number;
  email: string;
  name: string;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
}
const COLUMNS = 'id, email, name, is_default, created_at, updated_at';

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
  async insert(q: Queryable, a: { email: string; name: string; isDefault: boolean }): Promise<number> {
    if (a.isDefault) await q.query(`update support_addresses set is_default = false where is_default`);
    return (
      await q.query<{ id: number }>(
        `insert into support_addresses (email, name, is_default) values (lower($1), $2, $3 or not exists (select 1 from support_addresses)) returning id`,
        [a.email, a.name, a.isDefault],
      )
    )[0].id;
  },
  async update(q: Queryable, id: number, a: { email?: string; name?: string; isDefault?: boolean }) {
    if (a.isDefault) await q.query(`update support_addresses set is_default = false where is_default and id <> $1`, [id]);
    await q.query(
      `update support_addresses set email = coalesce(lower($2), email), name = coalesce($3, name), is_default = coalesce($4, is_default), updated_at = now() where id = $1`,
      [id, a.email ?? null, a.name ?? null, a.isDefault ?? null],
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
};
