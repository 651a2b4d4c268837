import type { Queryable } from '../../db/client.ts';
import type { Finding } from '../../domain/diagnostics/findings.ts';

export interface DiagnosticRow {
  id: number;
  asset_id: number | null;
  domain: string;
  person_id: number | null;
  ticket_id: number | null;
  ran_at: Date;
  finished_at: Date | null;
  checks: Finding[];
}

const COLS = 'id, asset_id, domain, person_id, ticket_id, ran_at, finished_at, checks';

export const diagnosticsRepository = {
  /** Records a run as started (it counts towards the rate limit from now on). */
  async start(q: Queryable, r: { assetId: number | null; domain: string; personId: number | null }): Promise<{ id: number; ran_at: Date }> {
    return (
      await q.query<{ id: number; ran_at: Date }>(
        `insert into diagnostics (asset_id, domain, person_id) values ($1, $2, $3) returning id, ran_at`,
        [r.assetId, r.domain, r.personId],
      )
    )[0];
  },
  /** Runs by this person started in the window, up to and including run `id` (so concurrent starts all count). */
  async countRecent(q: Queryable, personId: number, id: number, since: Date): Promise<{ n: number; oldest: Date | null }> {
    return (
      await q.query<{ n: number; oldest: Date | null }>(
        `select count(*)::int as n, min(ran_at) as oldest from diagnostics where person_id = $1 and id <= $2 and ran_at > $3`,
        [personId, id, since],
      )
    )[0];
  },
  async remove(q: Queryable, id: number) {
    await q.query(`delete from diagnostics where id = $1`, [id]);
  },
  async finish(q: Queryable, id: number, checks: Finding[], facts: Record<string, unknown>) {
    await q.query(`update diagnostics set checks = $2::jsonb, facts = $3::jsonb, finished_at = now() where id = $1`, [
      id,
      JSON.stringify(checks),
      JSON.stringify(facts),
    ]);
  },
  async get(q: Queryable, id: number): Promise<DiagnosticRow | null> {
    return (await q.query<DiagnosticRow>(`select ${COLS} from diagnostics where id = $1`, [id]))[0] ?? null;
  },
  /** Attaches a finished, unattached run to a ticket; false when another ticket took it first. */
  async attach(q: Queryable, id: number, ticketId: number): Promise<boolean> {
    const rows = await q.query(
      `update diagnostics set ticket_id = $2 where id = $1 and ticket_id is null and finished_at is not null returning id`,
      [id, ticketId],
    );
    return rows.length === 1;
  },
  async forTicket(q: Queryable, ticketId: number, limit: number): Promise<DiagnosticRow[]> {
    return q.query<DiagnosticRow>(
      `select ${COLS} from diagnostics where ticket_id = $1 and finished_at is not null order by ran_at desc, id desc limit $2`,
      [ticketId, limit],
    );
  },
};
