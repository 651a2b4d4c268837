import type { Db } from '../../db/client.ts';
import { conflict, forbidden, notFound, text } from '../../errors.ts';
import { enqueue } from '../../jobs/queue.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { decodeCursor, page } from '../shared/cursor.ts';
import { EMAIL_JOBS } from './emailJobs.ts';
import { inboundRepository, type InboundRow } from './inboundRepository.ts';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
function adminOnly(actor: Principal) {
  if (!isAdmin(actor)) throw forbidden(text('email.errors.inbound_admin_only'));
}

export function presentInbound(r: InboundRow) {
  return {
    id: r.id,
    message_id: r.rfc_message_id,
    source: r.source,
    mailbox_id: r.mailbox_id,
    envelope_from: r.envelope_from,
    envelope_to: r.envelope_to,
    from: r.from_addr,
    subject: r.subject,
    size: r.size,
    status: r.status,
    outcome: r.outcome,
    no_ack_reason: r.no_ack_reason,
    attempts: r.attempts,
    error: r.error,
    ticket_id: r.ticket_id,
    ticket_message_id: r.message_id,
    created_at: iso(r.created_at),
    processed_at: iso(r.processed_at),
  };
}

/** Received mail, newest first: what became of each (ticket, reply, bounce, auto-reply, …). */
export async function listInbound(db: Db, opts: { actor: Principal; cursor?: string; limit: number; status?: string }) {
  adminOnly(opts.actor);
  const after = decodeCursor(opts.cursor, 1) as [number] | null;
  const rows = await inboundRepository.list(db, { status: opts.status, beforeId: after?.[0] ?? null, limit: opts.limit + 1 });
  const p = page(rows, opts.limit, (r) => [r.id]);
  return { data: p.data.map(presentInbound), next_cursor: p.next_cursor };
}

export async function getInboundRaw(db: Db, opts: { actor: Principal; id: number }) {
  adminOnly(opts.actor);
  const raw = await inboundRepository.raw(db, opts.id);
  if (!raw) throw notFound('Inbound mail', opts.id);
  return raw;
}

/**
 * Runs a stored mail through the inbound pipeline again (after a fix; with skip_filters, to let a
 * dropped auto-reply or bounce through, without an acknowledgement). A mail that already became a
 * ticket or reply is not processed twice.
 */
export async function reprocessInbound(db: Db, opts: { actor: Principal; id: number; skip_filters?: boolean }) {
  adminOnly(opts.actor);
  const row = await inboundRepository.get(db, opts.id);
  if (!row) throw notFound('Inbound mail', opts.id);
  if (row.status === 'processed') throw conflict(text('email.errors.already_processed', { ticket: row.ticket_id }), { field: 'id' });
  await db.tx(async (q) => {
    await inboundRepository.resetForReprocess(q, opts.id);
    await enqueue(q, EMAIL_JOBS.inbound, { id: opts.id, skip_filters: opts.skip_filters ?? false }, { maxAttempts: 10 });
  });
  return presentInbound((await inboundRepository.get(db, opts.id))!);
}
