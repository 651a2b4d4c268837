import type { Db, Queryable } from '../../db/client.ts';
import { indexText } from '../../domain/search/tokenize.ts';
import { guessLocale } from '../../domain/people/guessLocale.ts';
import { normalizeTags, type Priority, type Status } from '../../domain/tickets/ticket.ts';
import { AppError, conflict, forbidden, invalid, text, unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { insertPerson } from '../people/createPerson.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { organizationRepository } from '../organizations/organizationRepository.ts';
import { pgCode } from '../shared/cursor.ts';
import { decodeAttachments, saveAttachments, type AttachmentInput } from './attachments.ts';
import { messageBody } from './messageBody.ts';
import { getTicketRow } from './getTicket.ts';
import { assertAssetOwned, assertDomainsOwned, DOMAIN_FIELDS, ticketPolicy } from './ticketPolicy.ts';
import { presentTicket } from './ticketPresenter.ts';
import { ticketRepository, type CreationContext } from './ticketRepository.ts';
import { historyMark, openTicket } from './ticketPipeline.ts';
import { checkEntitlement } from '../plans/checkEntitlement.ts';
import { consumeIncidentFor } from '../incidents/consumeIncident.ts';
import { checkTicketValues, withValues } from '../fields/customFieldValues.ts';
import { attachDiagnostic, checkDiagnosticForTicket } from '../diagnostics/attachDiagnostic.ts';
import { assertAssignable } from './assignee.ts';

export interface CreateTicketInput {
  subject: string;
  body: string;
  html?: string | null;
  priority?: Priority;
  category?: string | null;
  channel?: string;
  status?: Status;
  organization_id?: number | null;
  requester_id?: number;
  requester_email?: string;
  requester_name?: string;
  /** The language of a requester created from `requester_email` (e.g. the page the public form was filled in); default `en`. */
  requester_locale?: string;
  asset_id?: number | null;
  assignee_id?: number | null;
  group_id?: number | null;
  tags?: string[];
  /** Older clients' structured details; keys that name a defined custom field are checked like `custom_fields`. */
  fields?: Record<string, unknown>;
  /** Values of the custom ticket fields (docs/custom-fields.md), checked by type; an unknown key is a 422. */
  custom_fields?: Record<string, unknown>;
  created_at?: string | Date;
  /** Imports: the ticket's id in the system it comes from (unique; a second ticket with it is a 409). Admin only. */
  external_id?: string | null;
  attachments?: AttachmentInput[];
  /** Staff only: open the ticket even though the requester's plan does not cover it (e.g. logging a call). */
  override_entitlement?: boolean;
  /** A diagnostics run the creator made for this ticket's asset (docs/diagnostics.md): attached to the ticket. */
  diagnostic_id?: number | null;
}

/** Finds an existing requester (by id or email) without writing; `create` says a customer must be made. */
async function findRequester(
  q: Queryable,
  actor: Principal,
  input: CreateTicketInput,
  knownAbsent = false,
): Promise<{ id: number | null; organizationId: number | null; create?: string; domain?: string; ctx?: CreationContext }> {
  if (!isStaff(actor)) return { id: actor.personId!, organizationId: actor.organizationId };
  if (input.requester_id != null) {
    // The requester and the plan that applies, read together.
    const ctx = await ticketRepository.creationContext(q, input.requester_id, input.organization_id ?? null);
    if (ctx.requester_id == null)
      throw unprocessable(text('tickets.errors.requester_missing', { id: input.requester_id }), { field: 'requester_id' });
    return { id: ctx.requester_id, organizationId: ctx.requester_org, ctx };
  }
  if (input.requester_email) {
    // (The email channel has just looked the address up itself and found nobody.)
    const holder = knownAbsent ? null : await peopleRepository.addressHolder(q, input.requester_email);
    // An address someone added to their profile but never verified is not theirs: the ticket (and
    // its replies) would land in the wrong account. The agent picks the person explicitly instead.
    if (holder && !holder.proven)
      throw unprocessable(t(actor.locale, 'tickets.requester_email_unverified', { email: input.requester_email }), {
        field: 'requester_email',
        person_id: holder.person_id,
      });
    if (holder) return findRequester(q, actor, { ...input, requester_email: undefined, requester_id: holder.person_id });
    // The organization whose email domains hold the address is found with the plan (creationContext).
    return {
      id: null,
      organizationId: input.organization_id ?? null,
      create: input.requester_email,
      domain: input.requester_email.split('@')[1] ?? '',
    };
  }
  if (actor.personId == null) throw invalid(text('tickets.errors.requester_required'), { field: 'requester_id' });
  return { id: actor.personId, organizationId: actor.organizationId };
}

/**
 * Opens a ticket. To write more in the same transaction (the email channel marks its source mail
 * processed), call it with a `Db` bound to your transaction (`within`). An import's actor has
 * `via: 'import'`: its events are marked as history and send nothing.
 */
export async function createTicket(db: Db, opts: CreateTicketOptions): Promise<ReturnType<typeof presentTicket>> {
  return (await createTicketAndMessage(db, opts)).ticket;
}

export interface CreateTicketOptions {
  actor: Principal;
  input: CreateTicketInput;
  maxAttachmentBytes?: number;
  /** A request that opens a ticket (the API, the portal) gives the category's required fields; mail, splits and imports cannot. */
  enforceRequired?: boolean;
  /**
   * The email channel: the first message's HTML as the mail worker already sanitized it (not
   * sanitized again on this thread), and whether the mail's sender is proven.
   */
  mail?: {
    html: string;
    senderVerified: boolean | null;
    /**
     * The channel looked `requester_email` up a moment ago and found nobody: not read again. Should
     * someone have taken the address since, the new person's insert fails on the address's unique
     * index and the mail is processed again (it then finds them).
     */
    senderUnknown?: boolean;
  };
  /** Processors of `ticket.created` whose work the caller does in the same transaction (the email channel acknowledges its own tickets). */
  done?: readonly string[];
}

/** `createTicket`, also answering the id of the ticket's first message (the email channel records its source mail on it). */
export async function createTicketAndMessage(
  db: Db,
  opts: CreateTicketOptions,
): Promise<{ ticket: ReturnType<typeof presentTicket>; messageId: number }> {
  try {
    return await openNewTicket(db, opts);
  } catch (e) {
    // Two tickets at once from one new address: both saw no such person and both created one; the
    // address's unique index let one win. Nothing of the loser was saved (its statement or transaction
    // failed whole), so it runs again and now finds the winner's person. Not inside a caller's
    // transaction (`within`), which the failure has aborted: that caller retries as a whole.
    if (pgCode(e) === '23505' && /person_emails_email_uq/.test(uniqueName(e)) && !db.bound) return openNewTicket(db, opts);
    throw e;
  }
}

const uniqueName = (e: unknown) => String((e as { constraint?: string; message?: string }).constraint ?? (e as Error).message);

async function openNewTicket(db: Db, opts: CreateTicketOptions) {
  const { actor, input } = opts;
  const staff = isStaff(actor);
  if (!staff) {
    for (const k of ['requester_id', 'requester_email', 'requester_locale', 'assignee_id', 'group_id', 'status'] as const)
      if (input[k] != null) throw forbidden(text('tickets.errors.customer_cannot_set', { field: k }));
    // Tags are the team's own filing (views, macros, reports key on them), as on an existing ticket.
    if (input.tags?.length) throw forbidden(text('tickets.errors.customer_cannot_set_tags'));
    if (input.organization_id != null && input.organization_id !== actor.organizationId)
      throw forbidden(text('tickets.errors.own_organization_only'));
    // The entry point sets the channel (portal, API, email, chat, a call logged by staff), never the customer.
    if (input.channel != null) throw new AppError('forbidden', t(actor.locale, 'tickets.channel_set_by_entry_point'), { field: 'channel' });
  }
  if (input.created_at != null && !ticketPolicy.canSetCreatedAt(actor)) throw forbidden(text('tickets.errors.created_at_admin_only'));
  if (input.external_id != null && !ticketPolicy.canSetCreatedAt(actor)) throw forbidden(text('tickets.errors.external_id_admin_only'));
  const createdAt = input.created_at != null ? new Date(input.created_at) : null;
  if (createdAt && Number.isNaN(createdAt.getTime())) throw invalid(text('tickets.errors.created_at_invalid'), { field: 'created_at' });
  const attachments = decodeAttachments(input.attachments, opts.maxAttachmentBytes ?? 10 * 1024 * 1024);
  const body = opts.mail ? { text: input.body, html: opts.mail.html } : messageBody(input.body, input.html);

  // Read and check everything first, outside any transaction: a refused ticket writes nothing.
  const requester = await findRequester(db, actor, input, opts.mail?.senderUnknown === true);
  const ctx =
    requester.ctx ??
    (await ticketRepository.creationContext(db, null, input.organization_id ?? requester.organizationId, requester.domain));
  const organizationId = input.organization_id ?? requester.organizationId ?? (requester.domain != null ? ctx.org_id : null);
  if (organizationId != null && ctx.org_id == null)
    throw unprocessable(text('tickets.errors.organization_missing', { id: organizationId }), { field: 'organization_id' });
  const channel = input.channel ?? (actor.via === 'session' ? 'web' : 'api');
  const entitlement =
    staff && input.override_entitlement
      ? { consumeIncident: false }
      : await checkEntitlement(db, ctx, {
          channel,
          category: input.category ?? null,
          locale: actor.locale,
          // Staff logging a call for someone read about the requester's plan, not "your plan".
          reader: staff && actor.personId != null ? 'staff' : 'requester',
        });
  if (input.asset_id != null) {
    const asset = await ticketRepository.asset(db, input.asset_id);
    assertAssetOwned(actor, asset, input.asset_id, organizationId);
  }
  if (input.diagnostic_id != null) await checkDiagnosticForTicket(db, actor, input.diagnostic_id, input.asset_id ?? null);
  const checked = await checkTicketValues(db, {
    actor,
    category: input.category ?? null,
    custom: input.custom_fields,
    legacy: input.fields,
    enforceRequired: !!opts.enforceRequired,
    requiredFieldsExist: ctx.required_fields,
  });
  const fields = withValues(checked.rest, checked.values);
  if (!staff && DOMAIN_FIELDS.some((k) => fields[k] != null)) {
    const owned =
      organizationId == null
        ? []
        : (await organizationRepository.listAssets(db, organizationId, null, 1000)).filter((a) => a.kind === 'domain').map((a) => a.name);
    assertDomainsOwned(actor, fields, owned);
  }
  const draft = {
    subject: input.subject,
    status: (input.status ?? 'new') as Status,
    priority: input.priority ?? 'P3',
    category: input.category ?? null,
    channel,
    requesterId: requester.id ?? 0,
    organizationId,
    assetId: input.asset_id ?? null,
    assigneeId: staff ? (input.assignee_id ?? null) : null,
    groupId: staff ? (input.group_id ?? null) : null,
    tags: normalizeTags(input.tags ?? []),
    fields,
    planId: ctx.plan_id,
    planRank: ctx.plan_rank ?? 1000,
    createdAt,
    externalId: input.external_id ?? null,
    searchText: indexText(`${input.subject}\n${body.text}`),
  };
  if (staff) await assertAssignable(db, actor, input.assignee_id);
  // One statement when nothing else must be written with the ticket; a transaction otherwise.
  const needsTx = attachments.length > 0 || !!requester.create || entitlement.consumeIncident || input.diagnostic_id != null;

  const run = async (q: Queryable) => {
    if (requester.create) {
      draft.requesterId = await insertPerson(q, {
        name: input.requester_name || requester.create.split('@')[0],
        email: requester.create,
        role: 'customer',
        organization_id: organizationId,
        // Unless the caller says, the language the ticket is written in: a call logged in Chinese
        // for a new caller is acknowledged in Chinese.
        locale: input.requester_locale ?? guessLocale(`${input.subject}\n${body.text.slice(0, 2000)}`),
      });
    }
    const author = staff && input.requester_id == null && !input.requester_email ? actor.personId : draft.requesterId;
    const created = await openTicket(q, {
      ticket: draft,
      addons: ctx.addons ?? [],
      actorId: actor.personId,
      message: {
        authorId: author,
        internal: false,
        channel: draft.channel,
        text: body.text,
        html: body.html,
        senderVerified: opts.mail?.senderVerified ?? null,
      },
      data: { subject: draft.subject, priority: draft.priority, status: draft.status, channel: draft.channel, ...historyMark(actor) },
      done: opts.done,
    });
    if (attachments.length) await saveAttachments(q, created.message_id, attachments);
    if (input.diagnostic_id != null) await attachDiagnostic(q, actor, input.diagnostic_id, created.id);
    if (entitlement.consumeIncident && organizationId != null)
      await consumeIncidentFor(q, { ticketId: created.id, actorId: actor.personId, automatic: true });
    return created;
  };
  let created: Awaited<ReturnType<typeof run>>;
  try {
    created = needsTx ? await db.tx(run) : await run(db);
  } catch (e) {
    if (
      pgCode(e) === '23505' &&
      /external_id/.test(String((e as { constraint?: string; message?: string }).constraint ?? (e as Error).message))
    )
      throw conflict(text('tickets.errors.external_id_taken', { id: input.external_id }), {
        field: 'external_id',
        external_id: input.external_id,
      });
    if (pgCode(e) === '23503') throw unprocessable(text('tickets.errors.reference_missing'), { field: 'assignee_id' });
    throw e;
  }
  // The inserted ticket came back from its statement as it stands; it is read again only when a
  // later write may have changed it (a requester created before it does not).
  const reread = attachments.length > 0 || entitlement.consumeIncident || input.diagnostic_id != null;
  return { ticket: presentTicket(reread ? (await getTicketRow(db, created.id))! : created, actor), messageId: created.message_id };
}
