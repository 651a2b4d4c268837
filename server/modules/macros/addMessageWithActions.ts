import { within, type Db } from '../../db/client.ts';
import { forbidden, localizedError, text } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { addMessage, type AddMessageInput } from '../tickets/addMessage.ts';
import { updateTicket } from '../tickets/updateTicket.ts';
import { checkActionRefs, cleanActions, type MacroActions } from './macroInput.ts';
import { macroRepository } from './macroRepository.ts';

export interface MessageActionsInput {
  macro_id?: number;
  actions?: MacroActions;
}

/**
 * A reply or note and the actions a macro queued for it, in one transaction through the ticket
 * use cases (updateTicket, then addMessage: each goes through the ticket pipeline, so events, SLA
 * and jobs are as for the same changes made one by one). `actions` are what the agent kept of the
 * macro's; `macro_id` alone runs the macro's own actions. The action `status` is the reply's status
 * unless the request sets one. Without either it is exactly addMessage.
 */
export async function addMessageWithActions(
  db: Db,
  opts: {
    actor: Principal;
    ticketId: number;
    input: AddMessageInput & MessageActionsInput;
    maxAttachmentBytes?: number;
  },
) {
  const { actor, ticketId } = opts;
  const { macro_id, actions: given, ...message } = opts.input;
  if (macro_id === undefined && given === undefined)
    return addMessage(db, { actor, ticketId, input: message, maxAttachmentBytes: opts.maxAttachmentBytes });
  if (!isStaff(actor)) throw forbidden(text('macros.errors.customer_actions'));
  let actions = given !== undefined ? cleanActions(given) : undefined;
  if (macro_id !== undefined) {
    const m = await macroRepository.getVisible(db, macro_id, actor.personId);
    if (!m) throw localizedError('not_found', 'macros.errors.not_found', { field: 'macro_id' }, { id: macro_id });
    actions ??= m.actions ?? {};
  }
  const a = actions ?? {};
  await checkActionRefs(db, a);
  const change = {
    ...(a.priority ? { priority: a.priority } : {}),
    ...(a.group_id !== undefined ? { group_id: a.group_id } : {}),
    ...(a.assignee_id !== undefined ? { assignee_id: a.assignee_id } : {}),
    ...(a.tags_add?.length ? { add_tags: a.tags_add } : {}),
    ...(a.tags_remove?.length ? { remove_tags: a.tags_remove } : {}),
  };
  return db.tx(async (q) => {
    const inTx = within(db, q);
    if (Object.keys(change).length) await updateTicket(inTx, { actor, id: ticketId, input: change });
    return addMessage(inTx, {
      actor,
      ticketId,
      input: { ...message, status: message.status ?? a.status },
      maxAttachmentBytes: opts.maxAttachmentBytes,
    });
  });
}
