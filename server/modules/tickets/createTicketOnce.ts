import { createHash } from 'node:crypto';
import { within, type Db } from '../../db/client.ts';
import { conflict, localizedError, text } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { createTicket, type CreateTicketInput } from './createTicket.ts';
import { getTicket } from './getTicket.ts';
import { idempotencyRepository, type IdempotencyRow } from './idempotencyRepository.ts';

/** JSON with object keys sorted at every level: the same body in another key order is the same request. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object' && !(v instanceof Date))
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** sha256 of the validated body in canonical form. */
export const requestFingerprint = (input: CreateTicketInput) => createHash('sha256').update(canonical(input)).digest('hex');

/**
 * POST /api/v1/tickets with an Idempotency-Key: the first request with a key creates the ticket and
 * records the key in the same transaction; the same caller sending the same key and body within 24
 * hours gets that ticket again (`replayed`), a different body is a 422 `idempotency_key_reused`.
 * Keys are per caller. Two requests with one key at once create one ticket: the second waits on the
 * key's row until the first commits, then answers with its ticket.
 */
export async function createTicketOnce(
  db: Db,
  opts: { actor: Principal; input: CreateTicketInput; key: string; maxAttachmentBytes?: number; enforceRequired?: boolean },
): Promise<{ ticket: Record<string, unknown>; replayed: boolean }> {
  const personId = opts.actor.personId;
  const fingerprint = requestFingerprint(opts.input);
  const replay = async (row: IdempotencyRow | null) => {
    if (!row?.ticket_id) throw conflict(text('tickets.errors.idempotency_pending'));
    if (row.fingerprint !== fingerprint)
      throw localizedError('idempotency_key_reused', 'tickets.errors.idempotency_key_reused', { header: 'Idempotency-Key' });
    return { ticket: await getTicket(db, { actor: opts.actor, id: row.ticket_id }), replayed: true };
  };

  const seen = await idempotencyRepository.live(db, personId, opts.key);
  if (seen) return replay(seen);
  const out = await db.tx(async (q) => {
    if (!(await idempotencyRepository.claim(q, { personId, key: opts.key, fingerprint })))
      return { row: await idempotencyRepository.live(q, personId, opts.key) };
    const ticket = await createTicket(within(db, q), {
      actor: opts.actor,
      input: opts.input,
      maxAttachmentBytes: opts.maxAttachmentBytes,
      enforceRequired: opts.enforceRequired,
    });
    await idempotencyRepository.setTicket(q, { personId, key: opts.key, ticketId: ticket.id as number });
    return { ticket };
  });
  return out.ticket ? { ticket: out.ticket, replayed: false } : replay(out.row);
}
