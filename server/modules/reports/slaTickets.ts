import type { Queryable } from '../../db/client.ts';
import { invalid } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import { decodeCursor, page } from '../shared/cursor.ts';
import type { Period } from './reportPeriod.ts';
import { assertCanReadReports } from './reportSettings.ts';
import { slaOutcomesRepository, type DrillFilters, type DrillRow } from './slaOutcomesRepository.ts';

const MIN = 60_000;
const minutes = (ms: number) => Math.round((ms / MIN) * 10) / 10;

/** A drill-down row; minutes have one decimal. Business time is as of the ticket's last SLA computation. */
export function presentDrillRow(r: DrillRow, outcome: DrillFilters['outcome'], now: number) {
  const end = r.stopped_at ? r.stopped_at.getTime() : now;
  return {
    ticket_id: r.ticket_id,
    number: r.number,
    subject: r.subject,
    status: r.status,
    plan: r.plan,
    plan_id: r.plan_id,
    priority: r.priority,
    metric: r.metric,
    kind: r.kind,
    due_at: r.due_at.toISOString(),
    stopped_at: r.stopped_at ? r.stopped_at.toISOString() : null,
    outcome,
    business_minutes: minutes(Number(r.business_ms)),
    calendar_minutes: minutes(end - r.started_at.getTime()),
    overdue_minutes: minutes(Math.max(0, end - r.due_at.getTime())),
  };
}

/**
 * The tickets behind a compliance figure (GET /reports/sla/tickets): breached by default, keyset
 * pages in (due_at, ticket_id, metric) order. A group-limited agent sees their scope only.
 */
export async function slaTickets(
  db: Queryable,
  o: { actor: Principal; period: Period; filters: DrillFilters; cursor?: string; limit: number; now: number },
) {
  assertCanReadReports(o.actor);
  const after = decodeCursor(o.cursor, 3) as [string, number, string] | null;
  if (after && (typeof after[0] !== 'string' || typeof after[1] !== 'number' || typeof after[2] !== 'string'))
    throw invalid(t(o.actor.locale, 'reports.invalid_cursor'), { field: 'cursor' });
  const rows = await slaOutcomesRepository.tickets(db, {
    ...o.period,
    now: new Date(o.now),
    filters: o.filters,
    actor: o.actor,
    after,
    limit: o.limit,
  });
  const p = page(rows, o.limit, (r) => [r.due_key, r.ticket_id, r.metric]);
  return { data: p.data.map((r) => presentDrillRow(r, o.filters.outcome, o.now)), next_cursor: p.next_cursor };
}
