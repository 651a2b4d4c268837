import type { Queryable } from '../../db/client.ts';

export interface AuditRow {
  id: number;
  type: string;
  person_id: number | null;
  actor_id: number | null;
  ticket_id: number | null;
  ip: string | null;
  user_agent: string | null;
  token_id: number | null;
  data: Record<string, unknown>;
  created_at: Date;
  /** The names of the person and the actor, read with the page (null for none, or an id no longer there). */
  person_name?: string | null;
  actor_name?: string | null;
  token_name?: string | null;
}
export interface AuditFilter {
  personId?: number;
  types?: string[];
  from?: Date;
  to?: Date;
}

/** The audit log's SQL. Newest first in the order written (id), keyset-paginated on id. */
export const auditRepository = {
  async insert(q: Queryable, e: Omit<AuditRow, 'id' | 'created_at'> & { created_at: Date | null }) {
    await q.query(
      `insert into audit_log (type, person_id, actor_id, ticket_id, ip, user_agent, token_id, data, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, coalesce($9, now()))`,
      [e.type, e.person_id, e.actor_id, e.ticket_id, e.ip, e.user_agent, e.token_id, JSON.stringify(e.data), e.created_at],
    );
  },
  async list(q: Queryable, f: AuditFilter, afterId: number | null, limit: number): Promise<AuditRow[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown) => {
      args.push(v);
      return `$${args.length}`;
    };
    if (f.personId != null) where.push(`(a.person_id = ${arg(f.personId)} or a.actor_id = $${args.length})`);
    if (f.types?.length) where.push(`a.type = any(${arg(f.types)}::text[])`);
    if (f.from) where.push(`a.created_at >= ${arg(f.from)}`);
    if (f.to) where.push(`a.created_at < ${arg(f.to)}`);
    if (afterId != null) where.push(`a.id < ${arg(afterId)}`);
    // The names join the page's rows only (the limit applies first), each by primary key.
    return q.query<AuditRow>(
      `select a.*, p.name as person_name, ac.name as actor_name, tk.name as token_name
         from (select id, type, person_id, actor_id, ticket_id, ip, user_agent, token_id, data, created_at from audit_log a
                ${where.length ? 'where ' + where.join(' and ') : ''} order by a.id desc limit ${arg(limit)}) a
         left join people p on p.id = a.person_id
         left join people ac on ac.id = a.actor_id
         left join api_tokens tk on tk.id = a.token_id
        order by a.id desc`,
      args,
    );
  },
};
