import type { Queryable } from '../../db/client.ts';

export interface ViewRow {
  id: number;
  key: string | null;
  name: string | null;
  filters: unknown;
  shared: boolean;
  owner_id: number | null;
  position: number;
  created_at: Date;
  updated_at: Date;
  pinned: boolean;
}

const COLUMNS = `v.id, v.key, v.name, v.filters, v.shared, v.owner_id, v.position, v.created_at, v.updated_at`;
const pinned = (person: string) => `exists (select 1 from view_pins p where p.person_id = ${person} and p.view_id = v.id) as pinned`;
/** What a person sees: the shared views and their own. */
const VISIBLE = `(v.shared or v.owner_id = $1)`;

/** The only place the views' SQL lives. */
export const viewRepository = {
  async visible(q: Queryable, personId: number) {
    return q.query<ViewRow>(
      `select ${COLUMNS}, ${pinned('$1')} from views v where ${VISIBLE} order by v.shared desc, v.position, v.id limit 500`,
      [personId],
    );
  },
  async get(q: Queryable, personId: number, ref: number | string) {
    const by = typeof ref === 'number' ? 'v.id = $2' : 'v.key = $2';
    return (
      (await q.query<ViewRow>(`select ${COLUMNS}, ${pinned('$1')} from views v where ${VISIBLE} and ${by}`, [personId, ref]))[0] ?? null
    );
  },
  async insert(q: Queryable, v: { name: string; filters: unknown; shared: boolean; ownerId: number; position?: number }) {
    return (
      await q.query<{ id: number }>(
        `insert into views (name, filters, shared, owner_id, position) values ($1, $2, $3, $4, $5) returning id`,
        [v.name, JSON.stringify(v.filters), v.shared, v.ownerId, v.position ?? 1000],
      )
    )[0].id;
  },
  async update(
    q: Queryable,
    id: number,
    patch: { name?: string; filters?: unknown; shared?: boolean; owner_id?: number | null; position?: number },
  ) {
    const sets: string[] = [];
    const args: unknown[] = [id];
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      args.push(k === 'filters' ? JSON.stringify(v) : v);
      sets.push(`${k} = $${args.length}`);
    }
    if (sets.length) await q.query(`update views set ${sets.join(', ')}, updated_at = now() where id = $1`, args);
  },
  async remove(q: Queryable, id: number) {
    await q.query(`delete from views where id = $1`, [id]);
  },
  async pin(q: Queryable, personId: number, viewId: number) {
    await q.query(
      `insert into view_pins (person_id, view_id) values ($1, $2) on conflict (person_id) do update set view_id = excluded.view_id`,
      [personId, viewId],
    );
  },
  async unpin(q: Queryable, personId: number, viewId: number) {
    await q.query(`delete from view_pins where person_id = $1 and view_id = $2`, [personId, viewId]);
  },
};
