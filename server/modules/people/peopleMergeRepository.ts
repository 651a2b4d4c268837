import type { Queryable } from '../../db/client.ts';
import type { Role } from '../auth/principal.ts';

/** What a merge needs to know of each person, read under a row lock. */
export interface MergePersonRow {
  id: number;
  name: string;
  role: Role;
  organization_id: number | null;
  has_password: boolean;
  merged_into_id: number | null;
}

/** The SQL of merging two people (mergePeople.ts, previewPeopleMerge.ts). */
export const peopleMergeRepository = {
  /** Both people, locked in id order so two opposite merges cannot deadlock. */
  async lockPair(q: Queryable, a: number, b: number, lock: boolean): Promise<MergePersonRow[]> {
    return q.query<MergePersonRow>(
      `select id, name, role, organization_id, password_hash is not null as has_password, merged_into_id
         from people where id = any($1::bigint[]) order by id ${lock ? 'for update' : ''}`,
      [[a, b]],
    );
  },
  /**
   * How many tickets name the person as requester, counting at most `cap + 1` index entries
   * (tickets_requester_idx), so a preview stays cheap for a customer with many tickets.
   */
  async countTickets(q: Queryable, personId: number, cap: number): Promise<number> {
    const rows = await q.query<{ n: number }>(`select count(*)::int as n from (select 1 from tickets where requester_id = $1 limit $2) c`, [
      personId,
      cap + 1,
    ]);
    return Number(rows[0].n);
  },
  /** The ids of the person's tickets, in id order (the order the pipeline locks them in). */
  async ticketIds(q: Queryable, personId: number, cap: number): Promise<number[]> {
    const rows = await q.query<{ id: number }>(`select id from tickets where requester_id = $1 order by id limit $2`, [personId, cap + 1]);
    return rows.map((r) => Number(r.id));
  },
  async addresses(q: Queryable, personId: number) {
    return q.query<{ email: string; verified: boolean; primary: boolean }>(
      `select email, verified_at is not null as verified, is_primary as primary from person_emails where person_id = $1 order by is_primary desc, id`,
      [personId],
    );
  },
  async openSessionCount(q: Queryable, personId: number): Promise<number> {
    const rows = await q.query<{ n: number }>(
      `select (select count(*)::int from sessions where person_id = $1 and revoked_at is null and expires_at > now())
            + (select count(*)::int from api_tokens where person_id = $1 and revoked_at is null and (expires_at is null or expires_at > now())) as n`,
      [personId],
    );
    return Number(rows[0].n);
  },
  /** Moves every address to the survivor as a secondary address, verified or not as it was; answers what moved. */
  /** Moved addresses count as added by the staff member merging (they recognize mail, never get a reset link). */
  async moveAddresses(q: Queryable, fromId: number, intoId: number, by: number | null) {
    return q.query<{ id: number; email: string; verified: boolean }>(
      `update person_emails set person_id = $2, is_primary = false, added_by = coalesce(added_by, $3)
        where person_id = $1 returning id, email, verified_at is not null as verified`,
      [fromId, intoId, by],
    );
  },
  /** Ends the API tokens and private ticket links of the merged-away person (sessions: authRepository). */
  async revokeTokens(q: Queryable, personId: number): Promise<{ tokens: number; guest_links: number }> {
    const tokens = await q.query(`update api_tokens set revoked_at = now() where person_id = $1 and revoked_at is null returning 1`, [
      personId,
    ]);
    const links = await q.query(`update guest_links set revoked_at = now() where person_id = $1 and revoked_at is null returning 1`, [
      personId,
    ]);
    await q.query(`delete from signup_claims where person_id = $1`, [personId]);
    return { tokens: tokens.length, guest_links: links.length };
  },
  /** The tombstone: inactive, naming the survivor; it keeps its name so history and old links still read. */
  async markMerged(q: Queryable, fromId: number, intoId: number, at: Date) {
    await q.query(`update people set merged_into_id = $2, merged_at = $3, active = false, updated_at = $3 where id = $1`, [
      fromId,
      intoId,
      at,
    ]);
  },
};
