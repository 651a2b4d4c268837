import type { Db } from '../../db/client.ts';
import { forbidden, invalid, text } from '../../errors.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { decodeCursor, page } from '../shared/cursor.ts';
import { auditRepository, type AuditFilter, type AuditRow } from './auditRepository.ts';

export function presentAuditEntry(e: AuditRow) {
  return {
    id: e.id,
    type: e.type,
    person_id: e.person_id,
    person_name: e.person_name ?? null,
    actor_id: e.actor_id,
    actor_name: e.actor_name ?? null,
    ticket_id: e.ticket_id,
    ip: e.ip,
    user_agent: e.user_agent,
    token_id: e.token_id ?? null,
    token_name: e.token_name ?? null,
    data: e.data,
    created_at: e.created_at.toISOString(),
  };
}
export type AuditEntryJson = ReturnType<typeof presentAuditEntry>;

/** The security audit log, newest first; admins only. `person_id` matches the subject or the actor. */
export async function listAuditLog(db: Db, opts: { actor: Principal; filter: AuditFilter; cursor?: string; limit: number }) {
  if (!isAdmin(opts.actor)) throw forbidden(text('security.errors.audit_read_admin_only'));
  const after = decodeCursor(opts.cursor, 1) as [number] | null;
  if (after && !Number.isSafeInteger(after[0])) throw invalid(text('security.errors.bad_cursor'), { field: 'cursor' });
  const rows = await auditRepository.list(db, opts.filter, after?.[0] ?? null, opts.limit + 1);
  const p = page(rows, opts.limit, (r) => [r.id]);
  return { data: p.data.map(presentAuditEntry), next_cursor: p.next_cursor };
}
