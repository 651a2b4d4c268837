import type { Queryable } from '../../db/client.ts';
import type { MacroActions } from './macroInput.ts';

/** The only place the macros' SQL lives. */
export interface MacroRow {
  id: number;
  name: string;
  body_en: string;
  body_zh: string;
  actions: MacroActions;
  owner_id: number | null;
  created_by: number | null;
  usage_count: number;
  last_used_at: Date | null;
  created_at: Date;
  updated_at: Date;
  my_uses: number;
}

/** `$1` is the reader (null for the local operator, who has no personal macros and no usage of their own). */
const SELECT = `select m.id, m.name, m.body_en, m.body_zh, m.actions, m.owner_id, m.created_by, m.usage_count, m.last_used_at, m.created_at, m.updated_at,
  coalesce((select u.uses from macro_usage u where u.macro_id = m.id and u.person_id = $1), 0)::int as my_uses
  from macros m`;
const VISIBLE = `(m.owner_id is null or m.owner_id = $1)`;

export interface MacroWrite {
  name: string;
  body_en: string;
  body_zh: string;
  actions: MacroActions;
  owner_id: number | null;
}

export const macroRepository = {
  /** Shared and the reader's own, the reader's most used first, then the most used by all, then by name. */
  async listVisible(q: Queryable, readerId: number | null): Promise<MacroRow[]> {
    return q.query<MacroRow>(`${SELECT} where ${VISIBLE} order by my_uses desc, m.usage_count desc, lower(m.name), m.id limit 1000`, [
      readerId,
    ]);
  },
  async getVisible(q: Queryable, id: number, readerId: number | null): Promise<MacroRow | null> {
    return (await q.query<MacroRow>(`${SELECT} where m.id = $2 and ${VISIBLE}`, [readerId, id]))[0] ?? null;
  },
  async insert(q: Queryable, m: MacroWrite, createdBy: number | null): Promise<number> {
    return (
      await q.query<{ id: number }>(
        `insert into macros (name, body_en, body_zh, actions, owner_id, created_by) values ($1, $2, $3, $4::jsonb, $5, $6) returning id`,
        [m.name, m.body_en, m.body_zh, JSON.stringify(m.actions), m.owner_id, createdBy],
      )
    )[0].id;
  },
  async update(q: Queryable, id: number, m: MacroWrite): Promise<void> {
    await q.query(
      `update macros set name = $2, body_en = $3, body_zh = $4, actions = $5::jsonb, owner_id = $6, updated_at = now() where id = $1`,
      [id, m.name, m.body_en, m.body_zh, JSON.stringify(m.actions), m.owner_id],
    );
  },
  async remove(q: Queryable, id: number): Promise<void> {
    await q.query(`delete from macros where id = $1`, [id]);
  },
  /** One more use, by the macro's total and by the person's own count. */
  async countUse(q: Queryable, id: number, personId: number | null): Promise<void> {
    await q.query(`update macros set usage_count = usage_count + 1, last_used_at = now() where id = $1`, [id]);
    if (personId != null)
      await q.query(
        `insert into macro_usage (macro_id, person_id, uses) values ($1, $2, 1)
        on conflict (person_id, macro_id) do update set uses = macro_usage.uses + 1, last_used_at = now()`,
        [id, personId],
      );
  },
  /** What the placeholders of a reply to this ticket need beyond the ticket row: the requester's language and the agent. */
  async people(q: Queryable, requesterId: number, agentId: number | null) {
    const rows = await q.query<{ id: number; name: string; locale: string; email: string | null }>(
      `select p.id, p.name, p.locale, (select e.email from person_emails e where e.person_id = p.id order by e.is_primary desc, e.id limit 1) as email
       from people p where p.id = any($1::bigint[])`,
      [[requesterId, ...(agentId != null ? [agentId] : [])]],
    );
    return {
      requester: rows.find((r) => r.id === requesterId) ?? null,
      agent: agentId != null ? (rows.find((r) => r.id === agentId) ?? null) : null,
    };
  },
};
