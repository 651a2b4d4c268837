import type { Db } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { ticketPolicy } from '../tickets/ticketPolicy.ts';
import { securityRepository } from './securityRepository.ts';
import { refreshSecuritySettings, ticketSensitivity } from './securitySettings.ts';
import { lockedUntil, throttleKeys } from './throttle.ts';
import { refreshTicketFields, sensitiveFieldKeys } from '../fields/ticketFieldCache.ts';

/** Whether a ticket needs its requester verified, whether they are, by whom and until when, and any lock. */
export async function getVerificationStatus(db: Db, opts: { actor: Principal; ticketId: number; now?: Date }) {
  const now = opts.now ?? new Date();
  const ticket = await securityRepository.ticketForVerification(db, opts.ticketId);
  if (!ticket) throw notFound('Ticket', opts.ticketId);
  if (!ticketPolicy.canSee(opts.actor, ticket)) throw notFound('Ticket', opts.ticketId);
  const settings = await refreshSecuritySettings(db);
  await refreshTicketFields(db);
  const [v] = await securityRepository.activeVerifications(db, [ticket.id], now);
  const locked = await lockedUntil(db, [throttleKeys.verification(ticket.requester_id)], now);
  return {
    ticket_id: ticket.id,
    requester_id: ticket.requester_id,
    required: ticketSensitivity(settings, ticket, sensitiveFieldKeys()).required,
    verified: !!v,
    verified_until: v ? v.expires_at.toISOString() : null,
    verified_at: v ? v.verified_at.toISOString() : null,
    verified_by: v?.verified_by ? { id: v.verified_by, name: v.verified_by_name } : null,
    method: v?.method ?? null,
    locked_until: locked ? locked.toISOString() : null,
  };
}
