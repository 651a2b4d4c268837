import type { Db } from '../../db/client.ts';
import { forbidden } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { loadVisibleTicket } from '../tickets/getTicket.ts';
import { presentDiagnostic } from './diagnosticPresenter.ts';
import { diagnosticsPolicy } from './diagnosticsPolicy.ts';
import { diagnosticsRepository } from './diagnosticsRepository.ts';

/** The runs attached to a ticket, newest first, in the reader's language (staff, next to the conversation). */
export async function listTicketDiagnostics(db: Db, o: { actor: Principal; ticketId: number; limit: number }) {
  await loadVisibleTicket(db, o.actor, o.ticketId);
  if (!diagnosticsPolicy.canReadTicketRuns(o.actor)) throw forbidden();
  const rows = await diagnosticsRepository.forTicket(db, o.ticketId, o.limit);
  return { data: rows.map((r) => presentDiagnostic(r, o.actor.locale)) };
}
