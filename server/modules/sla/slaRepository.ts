import type { Queryable } from '../../db/client.ts';
import type { CalendarSpec } from '../../domain/calendar/index.ts';
import type { PolicyKind, SlaPolicy, SlaPolicyMatch, SlaTarget } from '../../domain/sla/index.ts';

export interface CalendarRow {
  id: number;
  name: string;
  display_name: Record<string, string> | null;
  spec: CalendarSpec;
  created_at: Date;
  updated_at: Date;
}
export interface PolicyRow {
  id: number;
  name: string;
  display_name: Record<string, string> | null;
  kind: PolicyKind;
  position: number;
  match: SlaPolicyMatch;
  targets: SlaTarget[];
  created_at: Date;
  updated_at: Date;
}
/** The parts of ticket events the SLA timeline reads. */
export interface EventData {
  /** A status on ticket.created; a [from, to] pair on message.added. */
  status?: string | [string, string];
  priority?: string;
  internal?: boolean;
  author_role?: string;
  changes?: { status?: [string, string]; priority?: [string, string] };
  /** ticket.merged: the ticket this one was merged into (on the merged-away ticket). */
  into?: number;
}
export interface EventRow {
  type: string;
  data: EventData;
  created_at: Date;
}

/**
 * A display name given wins; a new `name` without one drops the old translations (they named the old
 * name: an admin who renames "Standard hours" must not keep seeing 标准工作时间); otherwise it stays.
 */
const NEXT_DISPLAY_NAME = (name: string, displayName: string) =>
  `case when ${displayName}::jsonb is not null then ${displayName}::jsonb when ${name}::text is not null and ${name}::text <> name then null else display_name end`;

export const slaRepository = {
  listCalendars: (q: Queryable) => q.query<CalendarRow>(`select * from calendars order by lower(name), id limit 1000`),
  getCalendar: async (q: Queryable, id: number) => (await q.query<CalendarRow>(`select * from calendars where id = $1`, [id]))[0] ?? null,
  async insertCalendar(q: Queryable, name: string, spec: CalendarSpec, displayName?: Record<string, string>) {
    return (
      await q.query<CalendarRow>(`insert into calendars (name, spec, display_name) values ($1, $2, $3) returning *`, [
        name,
        JSON.stringify(spec),
        displayName ? JSON.stringify(displayName) : null,
      ])
    )[0];
  },
  async updateCalendar(
    q: Queryable,
    id: number,
    name: string | undefined,
    spec: CalendarSpec | undefined,
    displayName?: Record<string, string>,
  ) {
    return (
      (
        await q.query<CalendarRow>(
          `update calendars set name = coalesce($2, name), spec = coalesce($3, spec), display_name = ${NEXT_DISPLAY_NAME('$2', '$4')}, updated_at = now()
           where id = $1 returning *`,
          [id, name ?? null, spec ? JSON.stringify(spec) : null, displayName ? JSON.stringify(displayName) : null],
        )
      )[0] ?? null
    );
  },
  deleteCalendar: (q: Queryable, id: number) => q.query(`delete from calendars where id = $1`, [id]),
  calendarInUse: async (q: Queryable, id: number) =>
    (await q.query(`select 1 from sla_policies where targets @> $1::jsonb limit 1`, [JSON.stringify([{ calendar_id: String(id) }])]))
      .length > 0,

  listPolicies: (q: Queryable) => q.query<PolicyRow>(`select * from sla_policies order by position, id limit 1000`),
  getPolicy: async (q: Queryable, id: number) => (await q.query<PolicyRow>(`select * from sla_policies where id = $1`, [id]))[0] ?? null,
  async insertPolicy(q: Queryable, p: Omit<PolicyRow, 'id' | 'created_at' | 'updated_at'>) {
    return (
      await q.query<PolicyRow>(
        `insert into sla_policies (name, kind, position, match, targets, display_name) values ($1, $2, $3, $4, $5, $6) returning *`,
        [
          p.name,
          p.kind,
          p.position,
          JSON.stringify(p.match),
          JSON.stringify(p.targets),
          p.display_name ? JSON.stringify(p.display_name) : null,
        ],
      )
    )[0];
  },
  async updatePolicy(q: Queryable, id: number, p: Partial<Omit<PolicyRow, 'id' | 'created_at' | 'updated_at'>>) {
    return (
      (
        await q.query<PolicyRow>(
          `update sla_policies set name = coalesce($2, name), kind = coalesce($3, kind), position = coalesce($4, position),
         match = coalesce($5, match), targets = coalesce($6, targets), display_name = ${NEXT_DISPLAY_NAME('$2', '$7')}, updated_at = now()
         where id = $1 returning *`,
          [
            id,
            p.name ?? null,
            p.kind ?? null,
            p.position ?? null,
            p.match ? JSON.stringify(p.match) : null,
            p.targets ? JSON.stringify(p.targets) : null,
            p.display_name ? JSON.stringify(p.display_name) : null,
          ],
        )
      )[0] ?? null
    );
  },
  deletePolicy: (q: Queryable, id: number) => q.query(`delete from sla_policies where id = $1`, [id]),

  /** What a recompute needs about a ticket, in one query. */
  async ticketFacts(q: Queryable, id: number) {
    return (
      (
        await q.query<{
          id: number;
          status: string;
          priority: string;
          channel: string;
          category: string | null;
          plan_id: number | null;
          plan_rank: number;
          addons: string[] | null;
          sla_policy: SlaPolicy | null;
          sla_state: { escalated?: string[]; escalations?: { warned?: string[]; breached?: string[] } } | null;
          created_at: Date;
        }>(
          `select t.id, t.status, t.priority, t.channel, t.category, t.plan_id, t.plan_rank, o.addons, t.sla_policy, t.sla_state, t.created_at
         from tickets t left join organizations o on o.id = t.organization_id where t.id = $1`,
          [id],
        )
      )[0] ?? null
    );
  },
  ticketEvents: (q: Queryable, id: number) =>
    q.query<EventRow>(
      `select type, data, created_at from ticket_events where ticket_id = $1 and type in ('ticket.created', 'ticket.updated', 'message.added', 'ticket.merged') order by id limit 10000`,
      [id],
    ),
  async saveTicketSla(q: Queryable, id: number, cols: Record<string, unknown>) {
    const keys = Object.keys(cols);
    await q.query(`update tickets set ${keys.map((k, i) => `${k} = $${i + 2}`).join(', ')} where id = $1`, [
      id,
      ...keys.map((k) => cols[k]),
    ]);
  },
  /** Tickets whose next escalation check has come by `now` (the job's clock). */
  dueForCheck: (q: Queryable, limit: number, now: Date) =>
    q.query<{ id: number }>(`select id from tickets where sla_check_at <= $2 order by sla_check_at limit $1`, [limit, now]),
};
