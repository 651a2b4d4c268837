import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';
import { decodeCursor, page } from '../shared/cursor.ts';
import { loadVisibleTicket } from '../tickets/getTicket.ts';
import { outboxRepository, type OutboundRow } from './outboxRepository.ts';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * Links that act as the requester (the private ticket link, "How did we do?") carry a token; agents
 * reading a ticket's mail see where they lead, not the token: with it an agent could write or rate
 * as the customer. Admins, who pass links on when mail is not set up, see them whole.
 */
const PRIVATE_LINK = /(\/(?:guest\/tickets|satisfaction)\/)[\w.~-]{16,}/g;
export const redactPrivateLinks = (s: string | null) => (s == null ? s : s.replace(PRIVATE_LINK, '$1…'));

export interface OutboundAttachment {
  id: number;
  filename: string;
  content_type: string;
  size: number;
}

/**
 * The files a mail carries: a public reply's attachments go out with it (channels/email/deliver.ts),
 * so the outbox names them; without SMTP an admin passing a reply on needs them too.
 */
async function attachmentsOf(db: Db, rows: OutboundRow[]): Promise<Map<number, OutboundAttachment[]>> {
  const ids = rows.filter((r) => r.kind === 'agent_reply' && r.message_id != null).map((r) => Number(r.message_id));
  const out = new Map<number, OutboundAttachment[]>();
  if (!ids.length) return out;
  const found = await db.query<OutboundAttachment & { message_id: number }>(
    `select id, message_id, filename, content_type, size from attachments where message_id = any($1::bigint[]) order by id`,
    [ids],
  );
  for (const a of found) {
    const list = out.get(Number(a.message_id)) ?? [];
    list.push({ id: Number(a.id), filename: a.filename, content_type: a.content_type, size: Number(a.size) });
    out.set(Number(a.message_id), list);
  }
  return out;
}

export function presentOutbound(m: OutboundRow, o: { redact?: boolean; attachments?: OutboundAttachment[] } = {}) {
  const r = o.redact ? redactPrivateLinks : (x: string | null) => x;
  return {
    id: m.id,
    kind: m.kind,
    ticket_id: m.ticket_id,
    message_id: m.message_id,
    from: m.from_addr,
    to: m.to_addrs,
    cc: m.cc_addrs,
    reply_to: m.reply_to,
    subject: m.subject,
    text: r(m.text),
    html: r(m.html),
    rfc_message_id: m.rfc_message_id,
    in_reply_to: m.in_reply_to,
    references: m.references_ids,
    status: m.status,
    attempts: m.attempts,
    last_error: m.last_error,
    created_at: iso(m.created_at),
    sent_at: iso(m.sent_at),
    attachments: o.attachments ?? [],
  };
}

/**
 * Every outgoing mail with its delivery status, newest first. Without SMTP configured this is
 * where mail stays (status 'local'). Admins see all; agents may list one ticket's mail.
 */
export async function listOutbox(db: Db, opts: { actor: Principal; cursor?: string; limit: number; ticket_id?: number; status?: string }) {
  const admin = isAdmin(opts.actor);
  if (!admin && !(isStaff(opts.actor) && opts.ticket_id)) throw forbidden(text('email.errors.outbox_admin_only'));
  // An agent reads the mail of a ticket they may read (an agent limited to groups: their groups' and their own).
  if (!admin) await loadVisibleTicket(db, opts.actor, opts.ticket_id!);
  const after = decodeCursor(opts.cursor, 1) as [number] | null;
  const rows = await outboxRepository.list(db, {
    ticketId: opts.ticket_id,
    status: opts.status,
    beforeId: after?.[0] ?? null,
    limit: opts.limit + 1,
  });
  const p = page(rows, opts.limit, (r) => [r.id]);
  const files = await attachmentsOf(db, p.data);
  return {
    data: p.data.map((m) => presentOutbound(m, { redact: !admin, attachments: files.get(Number(m.message_id)) ?? [] })),
    next_cursor: p.next_cursor,
  };
}
