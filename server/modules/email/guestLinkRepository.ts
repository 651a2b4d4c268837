import type { Queryable } from '../../db/client.ts';

export const guestLinkRepository = {
  /** A link that is neither expired nor revoked. */
  async findValid(q: Queryable, hash: string) {
    const rows = await q.query<{ id: number; ticket_id: number; person_id: number }>(
      `update guest_links set last_used_at = now() where token_hash = $1 and revoked_at is null and expires_at > now() returning id, ticket_id, person_id`,
      [hash],
    );
    return rows[0] ?? null;
  },
  /** A ticket's public messages (never internal notes), oldest first. */
  async publicMessageIds(q: Queryable, ticketId: number): Promise<number[]> {
    return (
      await q.query<{ id: number }>(`select id from messages where ticket_id = $1 and not internal order by id limit 500`, [ticketId])
    ).map((r) => r.id);
  },
  async revokeByHash(q: Queryable, hash: string): Promise<boolean> {
    return (
      (await q.query(`update guest_links set revoked_at = now() where token_hash = $1 and revoked_at is null returning id`, [hash]))
        .length > 0
    );
  },
  async revokeByTicket(q: Queryable, ticketId: number): Promise<number> {
    return (await q.query(`update guest_links set revoked_at = now() where ticket_id = $1 and revoked_at is null returning id`, [ticketId]))
      .length;
  },
};
