import type { Queryable } from '../../db/client.ts';
import { unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';

/**
 * A ticket is assigned to someone who can work it: an agent or admin whose account is active. A
 * customer is refused, and so is a deactivated agent (they cannot sign in: the ticket would wait on
 * nobody) — except in an import, whose closed history may name agents who have since left.
 * A 422 on `assignee_id` in the reader's language; a person who does not exist is left to the foreign key.
 */
export async function assertAssignable(q: Queryable, actor: Principal, assigneeId: number | null | undefined): Promise<void> {
  if (assigneeId == null) return;
  const [p] = await q.query<{ role: string; active: boolean; name: string }>(`select role, active, name from people where id = $1`, [
    assigneeId,
  ]);
  if (!p) return;
  if (p.role !== 'agent' && p.role !== 'admin')
    throw unprocessable(t(actor.locale, 'tickets.assignee.not_staff', { name: p.name }), { field: 'assignee_id' });
  if (!p.active && actor.via !== 'import')
    throw unprocessable(t(actor.locale, 'tickets.assignee.deactivated', { name: p.name }), { field: 'assignee_id' });
}
