import type { Db, Queryable } from '../../db/client.ts';
import { forbidden, notFound, unprocessable } from '../../errors.ts';
import { enqueue } from '../../jobs/queue.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { EMAIL_JOBS } from './emailJobs.ts';
import { mailboxRepository, type MailboxInput, type MailboxRow } from './mailboxRepository.ts';

/** IMAP mailboxes polled as an alternative to the SMTP intake. Admins only; the password is never returned. */
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function presentMailbox(m: MailboxRow) {
  return {
    id: m.id,
    name: m.name,
    host: m.host,
    port: m.port,
    secure: m.secure,
    username: m.username,
    has_password: !!m.password,
    folder: m.folder,
    after_fetch: m.after_fetch,
    move_to: m.move_to,
    poll_seconds: m.poll_seconds,
    active: m.active,
    last_poll_at: iso(m.last_poll_at),
    last_success_at: iso(m.last_success_at),
    last_error: m.last_error,
    last_error_at: iso(m.last_error_at),
    failing_since: iso(m.failing_since),
    alert: m.alerted_at ? { raised_at: iso(m.alerted_at), message: `failing since ${iso(m.failing_since)}: ${m.last_error}` } : null,
    created_at: iso(m.created_at),
    updated_at: iso(m.updated_at),
  };
}

function adminOnly(actor: Principal) {
  if (!isAdmin(actor)) throw forbidden('Only an admin may manage mailboxes');
}

function check(m: MailboxInput, current?: MailboxRow) {
  const afterFetch = m.after_fetch ?? current?.after_fetch;
  const moveTo = m.move_to !== undefined ? m.move_to : current?.move_to;
  if (afterFetch === 'move' && !moveTo)
    throw unprocessable('after_fetch "move" needs move_to (the folder to move fetched mail to)', { field: 'move_to' });
}

export const pollKey = (mailboxId: number) => `${EMAIL_JOBS.poll}:${mailboxId}`;

/** Makes sure an active mailbox has its next poll queued (one per mailbox across instances). */
export async function schedulePoll(q: Queryable, mailboxId: number, runAt?: Date) {
  await enqueue(q, EMAIL_JOBS.poll, { mailbox_id: mailboxId }, { singletonKey: pollKey(mailboxId), runAt, maxAttempts: 3 });
}

export async function listMailboxes(db: Db, opts: { actor: Principal }) {
  adminOnly(opts.actor);
  return { data: (await mailboxRepository.list(db)).map(presentMailbox) };
}

export async function getMailbox(db: Db, opts: { actor: Principal; id: number }) {
  adminOnly(opts.actor);
  const m = await mailboxRepository.get(db, opts.id);
  if (!m) throw notFound('Mailbox', opts.id);
  return presentMailbox(m);
}

export async function createMailbox(db: Db, opts: { actor: Principal; input: MailboxInput }) {
  adminOnly(opts.actor);
  check(opts.input);
  const id = await db.tx(async (q) => {
    const newId = await mailboxRepository.insert(q, opts.input);
    if (opts.input.active !== false) await schedulePoll(q, newId);
    return newId;
  });
  return getMailbox(db, { actor: opts.actor, id });
}

export async function updateMailbox(db: Db, opts: { actor: Principal; id: number; input: MailboxInput }) {
  adminOnly(opts.actor);
  const current = await mailboxRepository.get(db, opts.id);
  if (!current) throw notFound('Mailbox', opts.id);
  check(opts.input, current);
  await db.tx(async (q) => {
    await mailboxRepository.update(q, opts.id, opts.input);
    if (opts.input.active ?? current.active) await schedulePoll(q, opts.id);
  });
  return getMailbox(db, { actor: opts.actor, id: opts.id });
}

export async function deleteMailbox(db: Db, opts: { actor: Principal; id: number }) {
  adminOnly(opts.actor);
  if (!(await mailboxRepository.remove(db, opts.id))) throw notFound('Mailbox', opts.id);
}

/** Open alerts (e.g. a mailbox failing for 15 minutes) for admins. */
export async function listEmailAlerts(db: Db, opts: { actor: Principal; all?: boolean }) {
  adminOnly(opts.actor);
  const rows = await mailboxRepository.alerts(db, opts.all ?? false);
  return { data: rows.map((a) => ({ ...a, created_at: iso(a.created_at), resolved_at: iso(a.resolved_at) })) };
}
