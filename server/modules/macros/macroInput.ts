import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { PRIORITIES, STATUSES, normalizeTags, type Priority, type Status } from '../../domain/tickets/ticket.ts';
import { text, unprocessable } from '../../errors.ts';

/**
 * What a macro takes: its name, its reply in both languages and the ticket actions it queues. The
 * routes declare these schemas (they document the API); their failures are 422s naming the field.
 */
export const MAX_MACRO_BODY = 20_000;
/** A macro sets any status a ticket can move to (never back to `new`). */
export const MACRO_STATUSES = STATUSES.filter((s) => s !== 'new') as unknown as readonly [
  Exclude<Status, 'new'>,
  ...Exclude<Status, 'new'>[],
];

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const tag = z.string().trim().min(1).max(64);

export const macroActionsSchema = z
  .object({
    status: z.enum(MACRO_STATUSES).optional(),
    priority: z.enum(PRIORITIES).optional(),
    group_id: id.nullable().optional().describe('null: take the ticket out of its group'),
    assignee_id: id.nullable().optional().describe('null: unassign'),
    tags_add: z.array(tag).max(50).optional(),
    tags_remove: z.array(tag).max(50).optional(),
  })
  .strict()
  .describe('Ticket changes a macro queues; they run when the reply is sent');

export const macroBodySchema = z
  .object({
    en: z.string().max(MAX_MACRO_BODY).optional(),
    'zh-CN': z.string().max(MAX_MACRO_BODY).optional(),
  })
  .strict()
  .describe('The reply in each language; {{requester.name}} and the other placeholders are filled when applied');

export const macroCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    body: macroBodySchema.optional(),
    actions: macroActionsSchema.optional(),
    shared: z.boolean().optional().describe('Seen by every agent; only an admin may share a macro'),
  })
  .strict();
export const macroUpdateSchema = macroCreateSchema.partial();

export type MacroActions = z.infer<typeof macroActionsSchema>;
export type MacroCreateInput = z.infer<typeof macroCreateSchema>;
export type MacroUpdateInput = z.infer<typeof macroUpdateSchema>;

/** Keeps only the keys set, tags normalized the way tickets store them. */
export function cleanActions(a: MacroActions | undefined): MacroActions {
  const out: MacroActions = {};
  if (!a) return out;
  if (a.status) out.status = a.status;
  if (a.priority) out.priority = a.priority as Priority;
  if (a.group_id !== undefined) out.group_id = a.group_id;
  if (a.assignee_id !== undefined) out.assignee_id = a.assignee_id;
  const add = a.tags_add ? normalizeTags(a.tags_add) : [];
  const remove = a.tags_remove ? normalizeTags(a.tags_remove) : [];
  if (add.length) out.tags_add = add;
  if (remove.length) out.tags_remove = remove;
  return out;
}

/** The group and the assignee an action names exist (the assignee is staff): else a 422 naming the field. */
export async function checkActionRefs(q: Queryable, a: MacroActions, prefix = 'actions.'): Promise<void> {
  if (a.group_id != null) {
    const g = await q.query(`select 1 from groups where id = $1 and deleted_at is null`, [a.group_id]);
    if (!g.length) throw unprocessable(text('macros.errors.group_missing', { prefix, id: a.group_id }), { field: `${prefix}group_id` });
  }
  if (a.assignee_id != null) {
    const p = await q.query(`select 1 from people where id = $1 and role in ('agent', 'admin') and active`, [a.assignee_id]);
    if (!p.length)
      throw unprocessable(text('macros.errors.assignee_not_staff', { prefix, id: a.assignee_id }), { field: `${prefix}assignee_id` });
  }
}
