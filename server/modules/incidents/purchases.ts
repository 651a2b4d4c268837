import type { Db } from '../../db/client.ts';
import { conflict, forbidden, notFound, text, unprocessable } from '../../errors.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { organizationPolicy } from '../organizations/organizationPolicy.ts';
import { organizationRepository } from '../organizations/organizationRepository.ts';
import { decodeCursor, page, pgCode } from '../shared/cursor.ts';
import { incidentRepository, type PurchaseRow, type ServiceRow } from './incidentRepository.ts';

export const presentPurchase = (p: PurchaseRow) => ({
  id: p.id,
  organization_id: p.organization_id,
  service: p.service_key,
  quantity: p.quantity,
  remaining: p.remaining,
  order_ref: p.order_ref,
  marketplace: p.marketplace,
  expires_at: p.expires_at,
  created_at: p.created_at,
});
export const presentService = (s: ServiceRow) => ({
  key: s.key,
  name: s.name,
  description: s.description,
  price_cents: s.price_cents,
  currency: s.currency,
  counts_as_incident: s.counts_as_incident,
  active: s.active,
});

/** An admin (or a marketplace integration with an admin token) records a purchase of on-demand services. */
export async function recordPurchase(
  db: Db,
  o: {
    actor: Principal;
    organizationId: number;
    service: string;
    quantity: number;
    order_ref: string;
    marketplace?: string;
    expires_at?: string | null;
  },
) {
  if (!isAdmin(o.actor)) throw forbidden(text('incidents.errors.purchases_admin_only'));
  if (!(await organizationRepository.get(db, o.organizationId))) throw notFound('Organization', o.organizationId);
  const service = await incidentRepository.getService(db, o.service);
  if (!service) throw unprocessable(text('incidents.errors.unknown_service', { service: o.service }), { field: 'service' });
  try {
    const row = await incidentRepository.insertPurchase(db, {
      organizationId: o.organizationId,
      service: o.service,
      quantity: o.quantity,
      orderRef: o.order_ref,
      marketplace: o.marketplace ?? '',
      expiresAt: o.expires_at ? new Date(o.expires_at) : null,
      actorId: o.actor.personId,
    });
    return { ...presentPurchase(row), incident_balance: await incidentRepository.balance(db, o.organizationId) };
  } catch (e) {
    if (pgCode(e) === '23505') throw conflict(text('incidents.errors.order_recorded', { order: o.order_ref }), { field: 'order_ref' });
    throw e;
  }
}

export async function listPurchases(db: Db, o: { actor: Principal; organizationId: number; cursor?: string; limit: number }) {
  if (!organizationPolicy.canSee(o.actor, o.organizationId) || !(await organizationRepository.get(db, o.organizationId)))
    throw notFound('Organization', o.organizationId);
  const after = decodeCursor(o.cursor, 1) as [number] | null;
  const rows = await incidentRepository.listPurchases(db, o.organizationId, after?.[0] ?? null, o.limit + 1);
  const p = page(rows, o.limit, (r) => [r.id]);
  return {
    data: p.data.map(presentPurchase),
    next_cursor: p.next_cursor,
    incident_balance: await incidentRepository.balance(db, o.organizationId),
  };
}

export async function listServices(db: Db) {
  return { data: (await incidentRepository.listServices(db)).map(presentService), next_cursor: null };
}

export async function saveService(db: Db, o: { actor: Principal; service: ServiceRow }) {
  if (!isAdmin(o.actor)) throw forbidden(text('incidents.errors.catalogue_admin_only'));
  return presentService(await incidentRepository.upsertService(db, o.service));
}
