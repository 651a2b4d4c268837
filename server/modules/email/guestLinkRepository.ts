import type { Queryable } from '../../db/client.ts';

export const guestLinkRepository = {
  /** A link that is neither expired nor revoked, of a person who is not deactivated. */
  async findValid(q: Queryable, hash: string) {
    const rows = await q.query<{ id: number; ticket_id: number; person_id: number }>(
      `update guest_links l set last_used_at = now()
        where l.token_hash = $1 and l.revoked_at is null and l.expires_at > now()
          and exists (select 1 from people p where p.id = l.person_id and p.active)
        returning l.id, l.ticket_id, l.person_id`,
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
  /** Every open link of a person: they turned on two-step sign-in, or were deactivated. */
  async revokeByPerson(q: Queryable, personId: number): Promise<number> {
    return (await q.query(`update guest_links set revoked_at = now() where person_id = $1 and revoked_at is null returning id`, [personId]))
      .length;
  },
};
