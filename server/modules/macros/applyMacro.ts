import type { Db } from '../../db/client.ts';
import { firstName, renderMacro } from '../../domain/macros/render.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { loadVisibleTicket } from '../tickets/getTicket.ts';
import { macroPolicy } from './macroPolicy.ts';
import { macroRepository } from './macroRepository.ts';

/**
 * Applies a macro to a ticket for the composer: the reply rendered in the requester's language with
 * the placeholders filled, and the actions that will run when the reply is sent. It changes nothing
 * on the ticket (the actions go with the reply: POST /tickets/{id}/messages `actions`); it counts
 * the use.
 */
export async function applyMacro(db: Db, opts: { actor: Principal; ticketId: number; macroId: number }) {
  const { actor } = opts;
  macroPolicy.assertStaff(actor);
  const ticket = await loadVisibleTicket(db, actor, opts.ticketId);
  const m = await macroRepository.getVisible(db, opts.macroId, actor.personId);
  if (!m) throw notFound('Macro', opts.macroId);
  const { requester, agent } = await macroRepository.people(db, ticket.requester_id, actor.personId);
  const r = renderMacro({ en: m.body_en, 'zh-CN': m.body_zh }, requester?.locale, {
    'requester.name': requester?.name ?? ticket.requester_name,
    'requester.first_name': firstName(requester?.name ?? ticket.requester_name),
    'requester.email': requester?.email ?? ticket.requester_email,
    'ticket.number': ticket.number,
    'ticket.subject': ticket.subject,
    'ticket.id': ticket.id,
    'agent.name': agent?.name,
    'agent.email': agent?.email,
    'organization.name': ticket.organization_name,
  });
  await db.tx((q) => macroRepository.countUse(q, m.id, actor.personId));
  return {
    macro: { id: m.id, name: m.name },
    ticket_id: ticket.id,
    language: r.language,
    body: r.text,
    unknown_placeholders: r.unknown,
    actions: m.actions ?? {},
  };
}
