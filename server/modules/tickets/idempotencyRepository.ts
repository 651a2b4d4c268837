import type { Queryable } from '../../db/client.ts';

/** How long an Idempotency-Key of POST /api/v1/tickets holds (README, "Idempotency-Key"). */
export const IDEMPOTENCY_HOURS = 24;

export interface IdempotencyRow {
  fingerprint: string;
  ticket_id: number | null;
}

/** The SQL of `idempotency_keys`: one row per (caller, key); `person_id` null is the local operator. */
export const idempotencyRepository = {
  /** The caller's key if it is younger than 24 hours (an older row counts as gone). */
  async live(q: Queryable, personId: number | null, key: string): Promise<IdempotencyRow | null> {
    const rows = await q.query<IdempotencyRow>(
      `select fingerprint, ticket_id from idempotency_keys
        where person_id is not distinct from $1 and key = $2 and created_at > now() - make_interval(hours => $3)`,
      [personId, key, IDEMPOTENCY_HOURS],
    );
    return rows[0] ?? null;
  },

  /**
   * Claims the key inside the creating transaction: true when this transaction now holds it (new, or
   * expired and taken over). On PostgreSQL a concurrent claim of the same key waits here until the
   * holder commits (then finds its row: false) or rolls back (then claims it: true).
   */
  async claim(q: Queryable, o: { personId: number | null; key: string; fingerprint: string }): Promise<boolean> {
    const rows = await q.query<{ key: string }>(
      `insert into idempotency_keys (person_id, key, fingerprint) values ($1, $2, $3)
       on conflict (person_id, key) do update set fingerprint = excluded.fingerprint, ticket_id = null, created_at = now()
         where idempotency_keys.created_at <= now() - make_interval(hours => $4)
       returning key`,
      [o.personId, o.key, o.fingerprint, IDEMPOTENCY_HOURS],
    );
    return rows.length > 0;
  },

  async setTicket(q: Queryable, o: { personId: number | null; key: string; ticketId: number }) {
    await q.query(`update idempotency_keys set ticket_id = $3 where person_id is not distinct from $1 and key = $2`, [
      o.personId,
      o.key,
      o.ticketId,
    ]);
  },

  /** The periodic delete (jobs.cleanup): reads already ignore expired rows, this only frees the space. */
  async prune(q: Queryable) {
    await q.query(`delete from idempotency_keys where created_at <= now() - make_interval(hours => $1)`, [IDEMPOTENCY_HOURS]);
  },
};
