import type { Db } from '../../db/client.ts';
import type { TicketChanges, TicketEvent } from '../../domain/tickets/events.ts';
import { normalizeTags, type Priority, type Status } from '../../domain/tickets/ticket.ts';
import { conflict, forbidden, notFound, text, unprocessable } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { checkTicketValues, withValues } from '../fields/customFieldValues.ts';
import { pgCode } from '../shared/cursor.ts';
import { statusIncidentLink } from '../status/linkStatusIncident.ts';
import { getTicketRow } from './getTicket.ts';
import { changeTicket, historyMark } from './ticketPipeline.ts';
import { assertAssetOwned, ticketPolicy } from './ticketPolicy.ts';
import { presentTicket } from './ticketPresenter.ts';
import { ticketRepository } from './ticketRepository.ts';
import { assertAssignable } from './assignee.ts';

export interface UpdateTicketInput {
  subject?: string;
  status?: Status;
  priority?: Priority;
  category?: string | null;
  assignee_id?: number | null;
  group_id?: number | null;
  tags?: string[];
  add_tags?: string[];
  remove_tags?: string[];
  fields?: Record<string, unknown>;
  /** Custom field values by key; `null` removes one. Checked by type (docs/custom-fields.md). */
  custom_fields?: Record<string, unknown>;
  asset_id?: number | null;
  /** The status incident this ticket is about; null unlinks (docs/status.md). */
  status_incident_id?: number | null;
}

export async function updateTicket(db: Db, opts: { actor: Principal; id: number; input: UpdateTicketInput; now?: Date }) {
  const { actor, id, input } = opts;
  const staff = isStaff(actor);
  if (!staff)
    for (const k of Object.keys(input))
      if (!ticketPolicy.customerEditable.has(k)) throw forbidden(text('tickets.errors.customer_cannot_change', { field: k }));
  if (!staff && input.status && input.status !== 'solved') throw forbidden(text('tickets.errors.customer_solve_only'));
  try {
    await db.tx((q) =>
      changeTicket(q, {
        ticketId: id,
        actorId: actor.personId,
        apply: async (cur) => {
          if (!ticketPolicy.canSee(actor, cur)) throw notFound('Ticket', id);
          const patch: Record<string, unknown> = {};
          const changes: Record<string, [unknown, unknown]> = {};
          const set = (col: string, from: unknown, to: unknown) => {
            if (JSON.stringify(from) === JSON.stringify(to)) return;
            patch[col] = to;
            changes[col] = [from, to];
          };
          if (input.status && input.status !== cur.status) set('status', cur.status, input.status);
          else if (cur.status === 'closed' && Object.keys(input).length) throw conflict(text('tickets.errors.closed_change'));
          if (input.subject !== undefined) set('subject', undefined, input.subject);
          if (input.priority) set('priority', cur.priority, input.priority);
          if (input.category !== undefined) set('category', undefined, input.category);
          if (input.assignee_id !== undefined && input.assignee_id !== cur.assignee_id) {
            await assertAssignable(q, actor, input.assignee_id);
            set('assignee_id', cur.assignee_id, input.assignee_id);
          }
          if (input.group_id !== undefined) set('group_id', cur.group_id, input.group_id);
          if (input.asset_id !== undefined) {
            if (input.asset_id != null) {
              const asset = await ticketRepository.asset(q, input.asset_id);
              assertAssetOwned(actor, asset, input.asset_id, cur.organization_id);
            }
            set('asset_id', undefined, input.asset_id);
          }
          let tags = input.tags ? normalizeTags(input.tags) : cur.tags;
          if (input.add_tags) tags = normalizeTags([...tags, ...input.add_tags]);
          if (input.remove_tags) {
            const drop = new Set(normalizeTags(input.remove_tags));
            tags = tags.filter((t) => !drop.has(t));
          }
          set('tags', cur.tags, tags);
          if (input.fields || input.custom_fields) {
            const checked = await checkTicketValues(q, {
              actor,
              category: input.category !== undefined ? input.category : cur.category,
              custom: input.custom_fields,
              legacy: input.fields,
              enforceRequired: false,
            });
            set('fields', cur.fields, withValues({ ...cur.fields, ...checked.rest }, checked.values));
          }
          const linked =
            input.status_incident_id !== undefined
              ? await statusIncidentLink(q, { actor, ticket: cur, to: input.status_incident_id })
              : null;
          if (linked) patch.status_incident_id = input.status_incident_id;
          const extra: TicketEvent[] = linked ? [linked] : [];
          if (!Object.keys(changes).length && !extra.length) return { events: [], result: null };
          if (changes.subject) changes.subject = [null, input.subject];
          return {
            patch,
            at: opts.now,
            result: null,
            events: [
              ...(Object.keys(changes).length
                ? [{ type: 'ticket.updated' as const, data: { changes: changes as TicketChanges, ...historyMark(actor) } }]
                : []),
              ...extra,
            ],
          };
        },
      }),
    );
  } catch (e) {
    if (pgCode(e) === '23503')
      throw unprocessable(text('tickets.errors.assignee_or_group_missing'), {
        field: input.assignee_id !== undefined ? 'assignee_id' : 'group_id',
      });
    throw e;
  }
  return presentTicket((await getTicketRow(db, id))!, actor);
}
