import type { Db } from '../../db/client.ts';
import { forbidden, text } from '../../errors.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { transferRepository, type ExportMessageRow, type ExportTicketRow } from './transferRepository.ts';

/** One message of an exported ticket. `author_role` is the author's role (null: written by the system or a deleted person). */
export interface MessageLine {
  body: string;
  html: string;
  internal: boolean;
  channel: string;
  author_role: string | null;
  author_name: string | null;
  author_email: string | null;
  created_at: string;
}

/** One line of the NDJSON export, and what an import reads back. `id` and `number` are for reference only. */
export interface TicketLine {
  /**
   * What an import recognises the ticket by (a re-run skips it): the id it was imported with, else
   * `kefu:<desk id>:<ticket id>` for a ticket that began here.
   */
  external_id: string;
  id: number;
  number: number;
  subject: string;
  status: string;
  priority: string;
  category: string | null;
  channel: string;
  requester_email: string | null;
  requester_name: string;
  organization_name: string | null;
  tags: string[];
  fields: Record<string, unknown>;
  created_at: string;
  solved_at: string | null;
  closed_at: string | null;
  messages: MessageLine[];
}

export const EXPORT_BATCH = 500;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toLine(t: ExportTicketRow, messages: ExportMessageRow[], desk: string): TicketLine {
  return {
    external_id: t.external_id ?? `kefu:${desk}:${t.id}`,
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    category: t.category,
    channel: t.channel,
    requester_email: t.requester_email,
    requester_name: t.requester_name,
    organization_name: t.organization_name,
    tags: t.tags,
    fields: t.fields,
    created_at: iso(t.created_at)!,
    solved_at: iso(t.solved_at),
    closed_at: iso(t.closed_at),
    messages: messages.map((m) => ({
      body: m.body_text,
      html: m.body_html,
      internal: m.internal,
      channel: m.channel,
      author_role: m.author_role,
      author_name: m.author_name,
      author_email: m.author_email,
      created_at: iso(m.created_at)!,
    })),
  };
}

function checkAdmin(actor: Principal) {
  if (!isAdmin(actor)) throw forbidden(text('transfer.errors.export_admin_only'));
}

/** How many tickets an export will hold (for a progress bar; tickets created meanwhile may add a few). */
export async function countExport(db: Db, opts: { actor: Principal; since?: Date | null }): Promise<number> {
  checkAdmin(opts.actor);
  return transferRepository.countTickets(db, opts.since ?? null);
}

/**
 * Every ticket (optionally created at or after `since`), oldest first, with its messages, internal notes included.
 * Walks (created_at, id) in keyset batches and loads each batch's messages in one query.
 * The admin check runs at the call, before the first line is asked for, so a route can still answer 403.
 */
export function exportTickets(db: Db, opts: { actor: Principal; since?: Date | null; batchSize?: number }): AsyncGenerator<TicketLine> {
  checkAdmin(opts.actor);
  const limit = opts.batchSize ?? EXPORT_BATCH;
  const since = opts.since ?? null;
  return (async function* () {
    let after: [string, number] | null = null;
    const desk = await transferRepository.deskId(db);
    for (;;) {
      const tickets = await transferRepository.ticketBatch(db, { since, after, limit });
      if (!tickets.length) return;
      const messages = await transferRepository.messagesOf(
        db,
        tickets.map((t) => t.id),
      );
      const byTicket = new Map<number, ExportMessageRow[]>();
      for (const m of messages) {
        const list = byTicket.get(m.ticket_id);
        if (list) list.push(m);
        else byTicket.set(m.ticket_id, [m]);
      }
      for (const t of tickets) yield toLine(t, byTicket.get(t.id) ?? [], desk);
      if (tickets.length < limit) return;
      const last = tickets[tickets.length - 1];
      after = [last.cursor_at, last.id];
    }
  })();
}
