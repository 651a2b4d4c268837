import { z } from 'zod';
import { within, type Db, type Queryable } from '../../db/client.ts';
import { CHANNELS, PRIORITIES, STATUSES, type Status } from '../../domain/tickets/ticket.ts';
import { AppError, forbidden, text as serverText } from '../../errors.ts';
import { validationMessage } from '../../http/validationMessages.ts';
import { normalizeLocale, t } from '../../i18n/index.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { createOrganization } from '../organizations/createOrganization.ts';
import { addMessage } from '../tickets/addMessage.ts';
import { createTicket } from '../tickets/createTicket.ts';
import { textToHtml } from '../tickets/messageBody.ts';
import { updateTicket } from '../tickets/updateTicket.ts';
import { pgCode } from '../shared/cursor.ts';
import { transferRepository } from './transferRepository.ts';

const time = z.string().datetime({ offset: true });
const text = z.string().max(200_000);
const html = z.string().max(500_000).nullable().optional();

const messageSchema = z
  .object({
    body: text,
    html,
    internal: z.boolean().optional(),
    channel: z.string().trim().min(1).max(50).optional(),
    author_role: z.enum(['customer', 'agent', 'admin']).nullable().optional(),
    /** Who wrote it: a staff message is written by the agent or admin of this desk with this address, if there is one. */
    author_email: z.string().trim().max(320).nullable().optional(),
    created_at: time.optional(),
  })
  .refine((m) => m.body.trim() !== '' || !!m.html, { message: 'a message needs a body or html', path: ['body'] });

/** The shape of one export line (see exportTickets.ts); unknown keys such as `id` and `number` are ignored. */
const lineSchema = z.object({
  /** The ticket's id in the source system: a line whose external_id is already here is skipped (docs/exports.md). */
  external_id: z.string().trim().min(1).max(200).nullable().optional(),
  subject: z.string().trim().min(1).max(300),
  status: z.enum(STATUSES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  category: z.string().trim().max(100).nullable().optional(),
  channel: z.enum(CHANNELS).optional(),
  requester_email: z.string().trim().email().max(254),
  requester_name: z.string().trim().max(200).optional(),
  organization_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  organization_name: z.string().trim().min(1).max(200).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
  created_at: time.optional(),
  solved_at: time.nullable().optional(),
  closed_at: time.nullable().optional(),
  messages: z.array(messageSchema).min(1, 'a ticket needs at least one message').max(10_000),
});
export type ImportLine = z.input<typeof lineSchema>;

/** `skipped`: a ticket with the line's external_id was already here (`id` is that ticket); nothing was written. */
export type ImportResult = { ok: true; id: number; skipped?: true } | { ok: false; error: string };

/**
 * Why a line failed, for the admin who imports, in their language: each bad field by its path with what is
 * wrong with it (English keeps zod's words, as the API's own answers do), an error with a server text said.
 */
function reason(e: unknown, locale: string | null | undefined): string {
  if (e instanceof z.ZodError) {
    const [sep, and] = normalizeLocale(locale) === 'en' ? [': ', '; '] : ['：', '；'];
    return e.issues
      .map((i) => {
        const said = validationMessage(i as Parameters<typeof validationMessage>[0], i.message, normalizeLocale(locale));
        return `${i.path.join('.') || t(locale, 'transfer.errors.whole_line')}${sep}${said}`;
      })
      .join(and);
  }
  if (e instanceof AppError) return e.text ? t(locale, e.text.key, e.text.params) : e.message;
  return (e as Error)?.message ?? String(e);
}

/**
 * Imports one ticket (admin only): the ticket with its first message as `created_at`, then the other messages
 * with their own times (customer messages as the requester, staff messages and notes as the acting admin),
 * then its final status. Runs in one transaction: a failed line leaves nothing behind.
 */
export async function importTicket(db: Db, opts: { actor: Principal; line: unknown; maxAttachmentBytes?: number }): Promise<ImportResult> {
  if (!isAdmin(opts.actor)) return { ok: false, error: t(opts.actor.locale, 'transfer.errors.import_admin_only') };
  const parsed = lineSchema.safeParse(opts.line);
  if (!parsed.success) return { ok: false, error: reason(parsed.error, opts.actor.locale) };
  const line = parsed.data;
  const externalId = line.external_id ?? null;
  if (externalId != null) {
    const existing = await transferRepository.ticketIdByExternalId(db, externalId);
    if (existing != null) return { ok: true, id: existing, skipped: true };
  }
  // History, not news: the events are marked imported and send no mail or notification.
  const actor: Principal = { ...opts.actor, via: 'import' };
  // Two imports of the same line at once: one commits, the other meets a unique index (the ticket's
  // external_id, or first the new requester's address) and finds the saved ticket: a skip. A unique
  // clash on something shared by different lines (a new requester, an organization) is tried once more.
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, id: await saveLine(db, actor, line, opts.maxAttachmentBytes) };
    } catch (e) {
      if (externalId != null) {
        const existing = await transferRepository.ticketIdByExternalId(db, externalId);
        if (existing != null) return { ok: true, id: existing, skipped: true };
      }
      const clash =
        pgCode(e) === '23505' || (e instanceof AppError && (e.details as { field?: string } | undefined)?.field === 'external_id');
      if (attempt === 1 && clash) continue;
      return { ok: false, error: reason(e, opts.actor.locale) };
    }
  }
}

/** Writes one valid line in one transaction: the ticket, its other messages, its final status. */
async function saveLine(db: Db, actor: Principal, line: z.output<typeof lineSchema>, maxAttachmentBytes: number | undefined) {
  const [first, ...rest] = line.messages;
  const createdAt = line.created_at ?? first.created_at;
  // Keep html only when it says more than the text (a plain-text message's html is derived from it).
  const htmlOf = (m: { body: string; html?: string | null }) => (m.html && m.html !== textToHtml(m.body) ? m.html : undefined);
  return db.tx(async (q) => {
    const tdb = within(db, q);
    let organizationId = line.organization_id ?? null;
    if (organizationId == null && line.organization_name) {
      organizationId =
        (await transferRepository.organizationIdByName(q, line.organization_name)) ??
        ((await createOrganization(tdb, { actor, input: { name: line.organization_name } })).id as number);
    }
    const ticket = await createTicket(tdb, {
      actor,
      maxAttachmentBytes,
      input: {
        subject: line.subject,
        body: first.body,
        html: htmlOf(first),
        priority: line.priority,
        category: line.category,
        channel: line.channel,
        requester_email: line.requester_email,
        requester_name: line.requester_name,
        organization_id: organizationId,
        tags: line.tags,
        fields: line.fields,
        created_at: createdAt,
        external_id: line.external_id ?? null,
        override_entitlement: true,
      },
    });
    const ticketId = ticket.id as number;
    const requester: Principal = {
      kind: 'person',
      personId: ticket.requester_id as number,
      role: 'customer',
      organizationId: ticket.organization_id as number | null,
      locale: 'en',
      via: 'import',
    };
    let last = createdAt ? new Date(createdAt) : new Date(ticket.created_at as string);
    for (const m of rest) {
      const fromCustomer = m.author_role === 'customer' && !m.internal;
      const at = m.created_at ? new Date(m.created_at) : undefined;
      await addMessage(tdb, {
        actor: fromCustomer ? requester : await staffAuthor(q, actor, m.author_email),
        ticketId,
        now: at,
        maxAttachmentBytes,
        input: { body: m.body, html: htmlOf(m), internal: m.internal ?? false, channel: m.channel ?? line.channel },
      });
      if (at && at > last) last = at;
    }
    await restoreStatus(tdb, actor, ticketId, line, last);
    return ticketId;
  });
}

/**
 * The staff member a reply or note is written by: the active agent or admin of this desk whose address
 * the line names (the agents report credits them, the ticket shows their name), else the admin who
 * imports. The import keeps its own authority: their group limit, if any, does not apply to history.
 */
async function staffAuthor(q: Queryable, importer: Principal, email: string | null | undefined): Promise<Principal> {
  const staff = email ? await transferRepository.activeStaffByEmail(q, email) : null;
  return staff
    ? { kind: 'person', personId: staff.id, role: staff.role, organizationId: null, locale: staff.locale, via: 'import' }
    : importer;
}

/** Sets the exported final status at the time it was reached (solved_at, closed_at, else the last message). */
async function restoreStatus(db: Db, actor: Principal, id: number, line: z.output<typeof lineSchema>, last: Date) {
  const status = line.status;
  if (!status || status === 'new') return; // a ticket cannot go back to new; an untouched one still is new
  const at = (s: string | null | undefined) => (s ? new Date(s) : last);
  if (status === 'closed' && line.solved_at) await updateTicket(db, { actor, id, input: { status: 'solved' }, now: at(line.solved_at) });
  const when: Partial<Record<Status, Date>> = { solved: at(line.solved_at), closed: at(line.closed_at) };
  await updateTicket(db, { actor, id, input: { status }, now: when[status] ?? last });
}

/** What happened to one line of an import (1-based line number). */
export type LineOutcome =
  | { line: number; status: 'imported'; id: number }
  | { line: number; status: 'skipped'; id: number; external_id: string }
  | { line: number; status: 'failed'; error: string };

/**
 * Imports NDJSON text, one ticket per line; a bad line is reported and the others still go in.
 * Line numbers are 1-based within `text` (blank lines count but are skipped). Each line commits on
 * its own, so an import that stops half way keeps what it saved: run it again and the lines whose
 * `external_id` is already here are `skipped` (with the existing ticket's id), not imported twice.
 * Lines without an external_id cannot be recognised and are imported again. `onLine` hears each
 * line's outcome as it happens (progress).
 */
export async function importTickets(
  db: Db,
  opts: { actor: Principal; text: string; maxAttachmentBytes?: number; onLine?: (o: LineOutcome) => void },
) {
  if (!isAdmin(opts.actor)) throw forbidden(serverText('transfer.errors.import_admin_only'));
  const lines = opts.text.split(/\r?\n/);
  let imported = 0;
  const skipped: Array<{ line: number; id: number; external_id: string }> = [];
  const failed: Array<{ line: number; error: string }> = [];
  const fail = (line: number, error: string) => {
    failed.push({ line, error });
    opts.onLine?.({ line, status: 'failed', error });
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = i === 0 ? lines[i].replace(/^\uFEFF/, '') : lines[i];
    if (!raw.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      // The parser's own words (English, a position) follow, for whoever fixes the file.
      fail(i + 1, t(opts.actor.locale, 'transfer.errors.not_json', { detail: (e as Error).message }));
      continue;
    }
    const r = await importTicket(db, { actor: opts.actor, line: value, maxAttachmentBytes: opts.maxAttachmentBytes });
    if (!r.ok) fail(i + 1, r.error);
    else if (r.skipped) {
      const s = { line: i + 1, id: r.id, external_id: String((value as { external_id: string }).external_id).trim() };
      skipped.push(s);
      opts.onLine?.({ ...s, status: 'skipped' });
    } else {
      imported++;
      opts.onLine?.({ line: i + 1, status: 'imported', id: r.id });
    }
  }
  return { imported, skipped, failed };
}
