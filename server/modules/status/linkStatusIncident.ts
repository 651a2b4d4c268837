import type { Queryable } from '../../db/client.ts';
import { isOpenIncident } from '../../domain/status/status.ts';
import type { TicketEvent } from '../../domain/tickets/events.ts';
import { conflict, forbidden, text, unprocessable } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { statusRepository } from './statusRepository.ts';

/**
 * The event that links a ticket to a status incident (or unlinks it: `to` null), for
 * `updateTicket` to record through the ticket pipeline on the locked ticket; null when nothing
 * changes. Staff link any ticket they see; a customer only their own ticket ("this is my problem
 * too"). Only an open incident takes new tickets: a resolved one has sent its replies.
 */
export async function statusIncidentLink(
  q: Queryable,
  o: { actor: Principal; ticket: { id: number; requester_id: number }; to: number | null },
): Promise<TicketEvent | null> {
  if (!isStaff(o.actor) && o.ticket.requester_id !== o.actor.personId) throw forbidden(text('status.errors.link_requester_only'));
  const rows = await q.query<{ status_incident_id: number | null }>(`select status_incident_id from tickets where id = $1`, [o.ticket.id]);
  const cur = rows[0]?.status_incident_id ?? null;
  if (o.to === cur) return null;
  if (o.to === null) return cur === null ? null : { type: 'ticket.status_incident_unlinked', data: { incident_id: cur } };
  const incident = await statusRepository.incident(q, o.to);
  if (!incident) throw unprocessable(text('status.errors.no_such_incident'), { field: 'status_incident_id' });
  if (!isOpenIncident(incident.status)) throw conflict(text('status.errors.incident_resolved_link'), { field: 'status_incident_id' });
  return {
    type: 'ticket.status_incident_linked',
    data: { incident_id: incident.id, title: incident.title, ...(cur ? { from: cur } : {}) },
  };
}
