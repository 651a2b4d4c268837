import type { Queryable } from '../../db/client.ts';

export interface ServiceRow {
  key: string;
  name: Record<string, string>;
  description: Record<string, string>;
  price_cents: number;
  currency: string;
  counts_as_incident: boolean;
  active: boolean;
}
export interface PurchaseRow {
  id: number;
  organization_id: number;
  service_key: string;
  quantity: number;
  remaining: number;
  order_ref: string;
  marketplace: string;
  expires_at: Date | null;
  created_at: Date;
}

export const incidentRepository = {
  listServices: (q: Queryable) => q.query<ServiceRow>(`select * from services order by price_cents, key limit 500`),
  getService: async (q: Queryable, key: string) => (await q.query<ServiceRow>(`select * from services where key = $1`, [key]))[0] ?? null,
  async upsertService(q: Queryable, s: ServiceRow) {
    return (
      await q.query<ServiceRow>(
        `insert into services (key, name, description, price_cents, currency, counts_as_incident, active) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (key) do update set name = excluded.name, description = excluded.description, price_cents = excluded.price_cents,
         currency = excluded.currency, counts_as_incident = excluded.counts_as_incident, active = excluded.active returning *`,
        [s.key, JSON.stringify(s.name), JSON.stringify(s.description), s.price_cents, s.currency, s.counts_as_incident, s.active],
      )
    )[0];
  },
  async insertPurchase(
    q: Queryable,
    p: {
      organizationId: number;
      service: string;
      quantity: number;
      orderRef: string;
      marketplace: string;
      expiresAt: Date | null;
      actorId: number | null;
    },
  ) {
    return (
      await q.query<PurchaseRow>(
        `insert into purchases (organization_id, service_key, quantity, remaining, order_ref, marketplace, expires_at, created_by) values ($1, $2, $3, $3, $4, $5, $6, $7) returning *`,
        [p.organizationId, p.service, p.quantity, p.orderRef, p.marketplace, p.expiresAt, p.actorId],
      )
    )[0];
  },
  listPurchases: (q: Queryable, organizationId: number, after: number | null, limit: number) =>
    q.query<PurchaseRow>(
      `select * from purchases where organization_id = $1 and ($2::bigint is null or id < $2) order by id desc limit $3`,
      [organizationId, after, limit],
    ),
  /** The purchase to draw the next incident from: the one expiring first, locked. */
  async lockNextIncident(q: Queryable, organizationId: number) {
    return (
      (
        await q.query<PurchaseRow>(
          `select p.* from purchases p join services s on s.key = p.service_key
        where p.organization_id = $1 and s.counts_as_incident and p.remaining > 0 and (p.expires_at is null or p.expires_at > now())
        order by p.expires_at nulls last, p.id limit 1 for update of p`,
          [organizationId],
        )
      )[0] ?? null
    );
  },
  async useIncident(q: Queryable, o: { purchaseId: number; ticketId: number; actorId: number | null; automatic: boolean }) {
    await q.query(`update purchases set remaining = remaining - 1 where id = $1`, [o.purchaseId]);
    await q.query(`insert into incident_uses (purchase_id, ticket_id, actor_id, automatic) values ($1, $2, $3, $4)`, [
      o.purchaseId,
      o.ticketId,
      o.actorId,
      o.automatic,
    ]);
  },
  async balance(q: Queryable, organizationId: number): Promise<number> {
    return (
      await q.query<{ n: number }>(
        `select coalesce(sum(p.remaining), 0)::int as n from purchases p join services s on s.key = p.service_key
        where p.organization_id = $1 and s.counts_as_incident and (p.expires_at is null or p.expires_at > now())`,
        [organizationId],
      )
    )[0].n;
  },
  ticketUse: async (q: Queryable, ticketId: number) =>
    (await q.query<{ id: number }>(`select id from incident_uses where ticket_id = $1`, [ticketId]))[0] ?? null,
};
