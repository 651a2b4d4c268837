import { within, type Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import { addMessage } from '../tickets/addMessage.ts';
import { statusRepository } from './statusRepository.ts';

/**
 * The resolution reply on one linked ticket, in its requester's language: a public reply by the
 * staff member who resolved the incident, through the same path as any staff reply (so the
 * requester gets it by mail like any reply), and the ticket solved when they asked. Exactly once:
 * the claim row (update, ticket) and the message commit together; a second run finds the claim.
 * A ticket unlinked since, or closed, gets nothing.
 */
export async function replyToLinkedTicket(
  db: Db,
  o: { updateId: number; ticketId: number; solve: boolean; actorId: number | null },
): Promise<'replied' | 'already' | 'skipped'> {
  const update = await statusRepository.update(db, o.updateId);
  if (!update) return 'skipped';
  const incident = await statusRepository.incident(db, update.incident_id);
  if (!incident) return 'skipped';
  const author = o.actorId ? await statusRepository.person(db, o.actorId) : null;
  // Kefu itself speaks when the resolver's account is gone or no longer staff (no mail then: docs/status.md).
  const actor: Principal =
    author && author.active && author.role !== 'customer'
      ? {
          kind: 'person',
          personId: author.id,
          role: author.role,
          organizationId: null,
          locale: author.locale ?? 'en',
          via: 'local',
          // An agent limited to their groups answers only the linked tickets they may read (docs/access.md).
          ...(author.ticket_groups ? { ticketGroups: author.ticket_groups } : {}),
        }
      : { kind: 'system', personId: null, role: 'admin', organizationId: null, locale: 'en', via: 'local' };
  return db.tx(async (q) => {
    if (!(await statusRepository.claimReply(q, o.updateId, o.ticketId))) return 'already';
    const ctx = await statusRepository.replyContext(q, o.ticketId);
    if (!ctx || ctx.status_incident_id !== incident.id || ctx.status === 'closed') return 'skipped';
    const body = t(ctx.locale, 'status.resolved_reply', { title: incident.title, message: update.message });
    const m = await addMessage(within(db, q), {
      actor,
      ticketId: o.ticketId,
      input: { body, channel: 'web', ...(o.solve && ctx.status !== 'solved' ? { status: 'solved' as const } : {}) },
    }).catch((e: unknown) => {
      // Out of the resolver's reach (another group's ticket for a limited agent): left for someone who may answer it.
      if (e instanceof AppError && e.code === 'not_found') return null;
      throw e;
    });
    if (!m) return 'skipped';
    await statusRepository.recordReply(q, o.updateId, o.ticketId, m.id);
    return 'replied';
  });
}
