import { Readable } from 'node:stream';
import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { auditRepository, type AuditFilter } from './auditRepository.ts';
import { presentAuditEntry, type AuditEntryJson } from './listAuditLog.ts';

const BATCH = 500;
const COLUMNS: Array<keyof AuditEntryJson> = ['id', 'created_at', 'type', 'person_id', 'actor_id', 'ticket_id', 'ip', 'user_agent', 'data'];

/** One CSV cell: quoted when needed; a leading = + - @ is defused so spreadsheets do not run it as a formula. */
export function csvCell(v: unknown): string {
  let s = v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The whole (filtered) audit log as CSV or JSON Lines, newest first, streamed in batches. Admins only. */
export function exportAuditLog(db: Db, opts: { actor: Principal; filter: AuditFilter; format: 'csv' | 'jsonl' }): Readable {
  if (!isAdmin(opts.actor)) throw forbidden(text('security.errors.audit_export_admin_only'));
  const { filter, format } = opts;
  async function* lines() {
    if (format === 'csv') yield COLUMNS.join(',') + '\r\n';
    let after: number | null = null;
    for (;;) {
      const rows = await auditRepository.list(db, filter, after, BATCH);
      for (const r of rows) {
        const e = presentAuditEntry(r);
        yield format === 'csv' ? COLUMNS.map((c) => csvCell(e[c])).join(',') + '\r\n' : JSON.stringify(e) + '\n';
      }
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1].id;
    }
  }
  return Readable.from(lines());
}
