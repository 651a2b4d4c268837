import type { Queryable } from '../../db/client.ts';
import type { PlanRow } from './listPlans.ts';

/** Everything a new ticket needs to know about its organization and plan, in one round trip. */
export interface TicketPlanContext {
  org_id: number | null;
  addons: string[] | null;
  plan_id: number | null;
  plan_key: string | null;
  plan_name: string | null;
  plan_rank: number | null;
  plan_settings: Record<string, unknown> | null;
  incident_balance: number;
  paid_incidents_offered: boolean;
}

export const planRepository = {
  get: async (q: Queryable, id: number) =>
    (await q.query<PlanRow>(`select id, key, name, rank, settings, created_at from plans where id = $1`, [id]))[0] ?? null,
  /** The organization (if any) and the plan that applies: the organization's, else the desk's default (setting `plans.default_key`). */
  /** The desk's community link: the enabled community channel's contact, or null (withDeskCommunity). */
  async deskCommunity(q: Queryable): Promise<string | null> {
    const r = await q.query<{ contact: string }>(`select contact from channels where key = 'community' and enabled`);
    return r[0]?.contact.trim() || null;
  },
  async ticketContext(q: Queryable, organizationId: number | null): Promise<TicketPlanContext> {
    const rows = await q.query<TicketPlanContext>(planContextSql('$1::bigint'), [organizationId], { prepare: true });
    return rows[0];
  },
};

/**
 * The statement behind `ticketContext`, for the organization `orgIdExpr` names (a parameter, or a
 * column of an outer query when used as a lateral subquery: a new ticket reads its requester and its
 * plan in one round trip, see ticketRepository.creationContext).
 */
export const planContextSql = (orgIdExpr: string) =>
  `select o.id as org_id, o.addons, pl.id as plan_id, pl.key as plan_key, pl.name as plan_name, pl.rank as plan_rank, pl.settings as plan_settings,
          coalesce((select sum(p.remaining) from purchases p join services s on s.key = p.service_key
                     where p.organization_id = o.id and s.counts_as_incident and (p.expires_at is null or p.expires_at > now())), 0)::int as incident_balance,
          exists (select 1 from services where active and counts_as_incident) as paid_incidents_offered
     from (select ${orgIdExpr} as oid) x
     left join organizations o on o.id = x.oid
     left join plans pl on pl.id = coalesce(o.plan_id, case when o.id is null then
          (select p2.id from plans p2 join settings st on st.key = 'plans.default_key' and p2.key = st.value #>> '{}') end)`;
