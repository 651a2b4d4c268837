import type { Db, Queryable } from '../../db/client.ts';
import { conflict, forbidden, notFound } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { ticketRepository } from '../tickets/ticketRepository.ts';
import { incidentRepository } from './incidentRepository.ts';

/** Draws one incident from the organization's purchases for a ticket, inside the caller's transaction. */
export async function consumeIncidentFor(q: Queryable, o: { ticketId: number; organizationId: number; actorId: number | null; automatic: boolean }) {
  if (await incidentRepository.ticketUse(q, o.ticketId)) throw conflict('This ticket has already used a paid incident');
  const purchase = await incidentRepository.lockNextIncident(q, o.organizationId);
  if (!purchase) throw conflict('The organization has no paid incidents left; record a purchase first', { field: 'incident_balance' });
  await incidentRepository.useIncident(q, { purchaseId: purchase.id, ticketId: o.ticketId, actorId: o.actorId, automatic: o.automatic });
  const balance = await incidentRepository.balance(q, o.organizationId);
  await ticketRepository.insertEvent(q, { ticketId: o.ticketId, actorId: o.actorId, type: 'incident.consumed', data: {
    purchase_id: purchase.id, order_ref: purchase.order_ref, service: purchase.service_key, automatic: o.automatic, balance,
    // Why: at submission because the plan has no help from a person; otherwise an agent charged it.
    reason: o.automatic ? 'plan_without_human_support' : 'charged_by_agent',
  } });
  return balance;
}

/** An agent charges a ticket to one of the organization's purchased incidents. */
export async function consumeIncident(db: Db, o: { actor: Principal; ticketId: number }) {
  if (!isStaff(o.actor)) throw forbidden('Only agents and admins may charge an incident');
  return db.tx(async (q) => {
    const t = await ticketRepository.lock(q, o.ticketId);
    if (!t) throw notFound('Ticket', o.ticketId);
    if (t.organization_id == null) throw conflict('This ticket has no organization to charge');
    const balance = await consumeIncidentFor(q, { ticketId: o.ticketId, organizationId: t.organization_id, actorId: o.actor.personId, automatic: false });
    return { ticket_id: o.ticketId, organization_id: t.organization_id, incident_balance: balance };
  });
}
