import type { Db, Queryable } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import { decodeCursor, page } from '../shared/cursor.ts';
import { loadVisibleTicket } from './getTicket.ts';
import { ticketPolicy } from './ticketPolicy.ts';
import { presentMessage, type MessageRow } from './ticketPresenter.ts';

const SELECT = `select m.id, m.ticket_id, m.author_id, p.name as author_name, p.role as author_role, m.internal, m.channel, m.body_text, m.body_html, m.created_at, m.sender_verified,
  coalesce((select json_agg(json_build_object('id', a.id, 'filename', a.filename, 'content_type', a.content_type, 'size', a.size) order by a.id)
    from attachments a where a.message_id = m.id), '[]'::json) as attachments
  from messages m left join people p on p.id = m.author_id`;

export async function listMessagesByIds(q: Queryable, ids: number[]) {
  const rows = await q.query<MessageRow>(`${SELECT} where m.id = any($1::bigint[]) order by m.id`, [ids]);
  return rows.map(presentMessage);
}

/** The conversation, oldest first. A customer never sees internal notes. */
export async function listMessages(db: Db, opts: { actor: Principal; ticketId: number; cursor?: string; limit: number }) {
  await loadVisibleTicket(db, opts.actor, opts.ticketId);
  const after = decodeCursor(opts.cursor, 1) as [number] | null;
  const internal = ticketPolicy.canSeeInternal(opts.actor);
  const rows = await db.query<MessageRow>(
    `${SELECT} where m.ticket_id = $1 and ($2::boolean or not m.internal) and ($3::bigint is null or m.id > $3) order by m.id limit $4`,
    [opts.ticketId, internal, after?.[0] ?? null, opts.limit + 1],
  );
  const p = page(rows, opts.limit, (r) => [r.id]);
  return { data: p.data.map(presentMessage), next_cursor: p.next_cursor };
}
