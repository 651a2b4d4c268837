import type { Db, Queryable } from '../../db/client.ts';
import type { TicketEventData } from '../../domain/tickets/events.ts';
import { conflict, forbidden, text } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { changeTicket } from '../tickets/ticketPipeline.ts';
import { loadVisibleTicket } from '../tickets/getTicket.ts';
import { incidentRepository } from './incidentRepository.ts';

/**
 * Draws one incident from the organization's purchases for a ticket, inside the caller's transaction
 * (which holds the ticket's lock), and answers the `incident.consumed` event to record with it.
 */
export async function drawIncident(
  q: Queryable,
  o: { ticketId: number; organizationId: number; actorId: number | null; automatic: boolean },
): Promise<TicketEventData<'incident.consumed'>> {
  if (await incidentRepository.ticketUse(q, o.ticketId)) throw conflict(text('incidents.errors.already_used'));
  const purchase = await incidentRepository.lockNextIncident(q, o.organizationId);
  if (!purchase) throw conflict(text('incidents.errors.none_left'), { field: 'incident_balance' });
  await incidentRepository.useIncident(q, { purchaseId: purchase.id, ticketId: o.ticketId, actorId: o.actorId, automatic: o.automatic });
  const balance = await incidentRepository.balance(q, o.organizationId);
  return {
    purchase_id: purchase.id,
    order_ref: purchase.order_ref,
    service: purchase.service_key,
    automatic: o.automatic,
    balance,
    // Why: at submission because the plan has no help from a person; otherwise an agent charged it.
    reason: o.automatic ? 'plan_without_human_support' : 'charged_by_agent',
  };
}

/** Charges a ticket to one of its organization's incidents through the ticket pipeline; answers the balance left. */
export function consumeIncidentFor(q: Queryable, o: { ticketId: number; actorId: number | null; automatic: boolean }) {
  return changeTicket(q, {
    ticketId: o.ticketId,
    actorId: o.actorId,
    apply: async (t) => {
      if (t.organization_id == null) throw conflict(text('incidents.errors.no_organization'));
      const data = await drawIncident(q, { ticketId: t.id, organizationId: t.organization_id, actorId: o.actorId, automatic: o.automatic });
      return { events: [{ type: 'incident.consumed', data }], result: { organization_id: t.organization_id, balance: data.balance } };
    },
  });
}

/** An agent charges a ticket to one of the organization's purchased incidents. */
export async function consumeIncident(db: Db, o: { actor: Principal; ticketId: number }) {
  if (!isStaff(o.actor)) throw forbidden(text('incidents.errors.charge_staff_only'));
  await loadVisibleTicket(db, o.actor, o.ticketId);
  return db.tx(async (q) => {
    const r = await consumeIncidentFor(q, { ticketId: o.ticketId, actorId: o.actor.personId, automatic: false });
    return { ticket_id: o.ticketId, organization_id: r.organization_id, incident_balance: r.balance };
  });
}
