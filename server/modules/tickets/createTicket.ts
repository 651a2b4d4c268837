import type { Db, Queryable } from '../../db/client.ts';
import { indexText } from '../../domain/search/tokenize.ts';
import { normalizeTags, type Priority, type Status } from '../../domain/tickets/ticket.ts';
import { forbidden, invalid, unprocessable } from '../../errors.ts';
import { processorsFor } from '../../jobs/registry.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { insertPerson } from '../people/createPerson.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { organizationRepository } from '../organizations/organizationRepository.ts';
import { pgCode } from '../shared/cursor.ts';
import { decodeAttachments, saveAttachments, type AttachmentInput } from './attachments.ts';
import { messageBody } from './messageBody.ts';
import { getTicketRow } from './getTicket.ts';
import { ticketPolicy } from './ticketPolicy.ts';
import { presentTicket } from './ticketPresenter.ts';
import { ticketRepository } from './ticketRepository.ts';
import { ticketHooks } from './ticketHooks.ts';

export interface CreateTicketInput {
  subject: string; body: string; html?: string | null; priority?: Priority; category?: string | null; channel?: string; status?: Status;
  organization_id?: number | null; requester_id?: number; requester_email?: string; requester_name?: string;
  asset_id?: number | null; assignee_id?: number | null; group_id?: number | null; tags?: string[]; fields?: Record<string, unknown>;
  created_at?: string | Date; attachments?: AttachmentInput[];
}

/** Finds the requester by id or email; staff may create a customer by email on the fly. */
async function resolveRequester(q: Queryable, actor: Principal, input: CreateTicketInput): Promise<{ id: number; organizationId: number | null }> {
  if (!isStaff(actor)) return { id: actor.personId!, organizationId: actor.organizationId };
  if (input.requester_id != null) {
    const r = await ticketRepository.requesterContext(q, input.requester_id);
    if (!r) throw unprocessable(`Person ${input.requester_id} does not exist`, { field: 'requester_id' });
    return { id: r.id, organizationId: r.organization_id };
  }
  if (input.requester_email) {
    const existing = await peopleRepository.idByEmail(q, input.requester_email);
    if (existing) return resolveRequester(q, actor, { ...input, requester_email: undefined, requester_id: existing });
    const domain = input.requester_email.split('@')[1] ?? '';
    const orgId = input.organization_id ?? (await organizationRepository.byEmailDomain(q, domain));
    const id = await insertPerson(q, { name: input.requester_name || input.requester_email.split('@')[0], email: input.requester_email, role: 'customer', organization_id: orgId });
    return { id, organizationId: orgId };
  }
  if (actor.personId == null) throw invalid('requester_id or requester_email is required', { field: 'requester_id' });
  return { id: actor.personId, organizationId: actor.organizationId };
}

export async function createTicket(db: Db, opts: { actor: Principal; input: CreateTicketInput; maxAttachmentBytes?: number }) {
  const { actor, input } = opts;
  const staff = isStaff(actor);
  if (!staff) {
    for (const k of ['requester_id', 'requester_email', 'assignee_id', 'group_id', 'status'] as const)
      if (input[k] != null) throw forbidden(`Customers cannot set ${k}`);
    if (input.organization_id != null && input.organization_id !== actor.organizationId) throw forbidden('You can only open tickets for your own organization');
  }
  if (input.created_at != null && !ticketPolicy.canSetCreatedAt(actor)) throw forbidden('Only an admin may set created_at (for imports)');
  const createdAt = input.created_at != null ? new Date(input.created_at) : null;
  if (createdAt && Number.isNaN(createdAt.getTime())) throw invalid('created_at is not a valid ISO-8601 time', { field: 'created_at' });
  const attachments = decodeAttachments(input.attachments, opts.maxAttachmentBytes ?? 10 * 1024 * 1024);
  const body = messageBody(input.body, input.html);
  const needsTx = attachments.length > 0 || (staff && input.requester_id == null && !!input.requester_email);

  const run = async (q: Queryable) => {
    const requester = await resolveRequester(q, actor, input);
    const organizationId = input.organization_id ?? requester.organizationId;
    const org = organizationId != null ? await ticketRepository.orgPlan(q, organizationId) : null;
    if (organizationId != null && !org) throw unprocessable(`Organization ${organizationId} does not exist`, { field: 'organization_id' });
    if (input.asset_id != null) {
      const asset = await ticketRepository.asset(q, input.asset_id);
      if (!asset) throw unprocessable(`Asset ${input.asset_id} does not exist`, { field: 'asset_id' });
      if (asset.organization_id !== organizationId)
        throw forbidden(`Asset ${asset.name} does not belong to this ticket's organization; support only covers assets the organization owns`);
    }
    const draft = {
      subject: input.subject, status: (input.status ?? 'new') as Status, priority: input.priority ?? 'P3', category: input.category ?? null,
      channel: input.channel ?? (actor.via === 'session' ? 'web' : 'api'), requesterId: requester.id, organizationId, assetId: input.asset_id ?? null,
      assigneeId: staff ? input.assignee_id ?? null : null, groupId: staff ? input.group_id ?? null : null,
      tags: normalizeTags(input.tags ?? []), fields: input.fields ?? {}, planId: org?.plan_id ?? null, planRank: org?.plan_rank ?? 1000,
      createdAt, searchText: indexText(`${input.subject}\n${body.text}`),
    };
    const extra = await ticketHooks.beforeCreate(q, { draft, addons: org?.addons ?? [], now: new Date() });
    const author = staff && input.requester_id == null && !input.requester_email ? actor.personId : requester.id;
    const created = await ticketRepository.insertWithMessage(q, { ...draft, extra },
      { authorId: author, internal: false, channel: draft.channel, text: body.text, html: body.html },
      { actorId: actor.personId, data: { subject: draft.subject, priority: draft.priority, status: draft.status, channel: draft.channel }, jobs: processorsFor('ticket.created') });
    if (attachments.length) await saveAttachments(q, created.message_id, attachments);
    return created.id;
  };
  let id: number;
  try {
    id = needsTx ? await db.tx(run) : await run(db);
  } catch (e) {
    if (pgCode(e) === '23503') throw unprocessable('A referenced assignee, group or person does not exist', { field: 'assignee_id' });
    throw e;
  }
  return presentTicket((await getTicketRow(db, id))!);
}
