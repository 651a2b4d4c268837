import type { Db, Queryable } from '../../db/client.ts';
import { forbidden, notFound, text, unprocessable } from '../../errors.ts';
import { imapFailureKind, type ImapFailureKind } from '../../domain/mail/imapFailure.ts';
import { t } from '../../i18n/index.ts';
import { enqueue } from '../../jobs/queue.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { EMAIL_JOBS } from './emailJobs.ts';
import { sealMailboxPassword } from './mailSecrets.ts';
import { mailboxRepository, type EmailAlertRow, type MailboxAlertParams, type MailboxInput, type MailboxRow } from './mailboxRepository.ts';

/** IMAP mailboxes polled as an alternative to the SMTP intake. Admins only; the password is never returned. */
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** "Mailbox Support (support@imap.example.com) has failed for 16 minutes: <why, and what to check>", in the reader's language. */
const failingText = (locale: string, p: MailboxAlertParams) =>
  t(locale, 'email.alert.mailbox_failing', { ...p, explanation: { key: `email.imap_failure.${p.error_kind}` } });

export function presentMailbox(m: MailboxRow, locale: string) {
  const kind: ImapFailureKind | null = m.last_error ? imapFailureKind({ text: m.last_error }) : null;
  const alert =
    m.alerted_at && m.failing_since
      ? {
          raised_at: iso(m.alerted_at),
          message: failingText(locale, {
            mailbox: m.name,
            address: `${m.username}@${m.host}`,
            minutes: Math.round((new Date(m.alerted_at).getTime() - new Date(m.failing_since).getTime()) / 60_000),
            error_kind: kind ?? 'other',
          }),
          detail: m.last_error,
        }
      : null;
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
    last_error_kind: kind,
    last_error_at: iso(m.last_error_at),
    failing_since: iso(m.failing_since),
    alert,
    created_at: iso(m.created_at),
    updated_at: iso(m.updated_at),
  };
}

function adminOnly(actor: Principal) {
  if (!isAdmin(actor)) throw forbidden(text('email.errors.mailboxes_admin_only'));
}

function check(m: MailboxInput, current?: MailboxRow) {
  const afterFetch = m.after_fetch ?? current?.after_fetch;
  const moveTo = m.move_to !== undefined ? m.move_to : current?.move_to;
  if (afterFetch === 'move' && !moveTo) throw unprocessable(text('email.errors.move_to_required'), { field: 'move_to' });
}

export const pollKey = (mailboxId: number) => `${EMAIL_JOBS.poll}:${mailboxId}`;

/** Makes sure an active mailbox has its next poll queued (one per mailbox across instances). */
export async function schedulePoll(q: Queryable, mailboxId: number, runAt?: Date) {
  await enqueue(q, EMAIL_JOBS.poll, { mailbox_id: mailboxId }, { singletonKey: pollKey(mailboxId), runAt, maxAttempts: 3 });
}

export async function listMailboxes(db: Db, opts: { actor: Principal }) {
  adminOnly(opts.actor);
  return { data: (await mailboxRepository.list(db)).map((m) => presentMailbox(m, opts.actor.locale)) };
}

export async function getMailbox(db: Db, opts: { actor: Principal; id: number }) {
  adminOnly(opts.actor);
  const m = await mailboxRepository.get(db, opts.id);
  if (!m) throw notFound('Mailbox', opts.id);
  return presentMailbox(m, opts.actor.locale);
}

/** The password kept sealed (mailSecrets.ts); everything else as given. */
const sealed = async (db: Db, m: MailboxInput): Promise<MailboxInput> =>
  m.password === undefined ? m : { ...m, password: await sealMailboxPassword(db, m.password) };

/** A mailbox's audit facts: which one, and which fields changed (never the password's value). */
const mailboxAudit = (
  q: Queryable,
  type: 'mailbox.created' | 'mailbox.changed' | 'mailbox.deleted',
  actor: Principal,
  meta: RequestMeta | undefined,
  data: Record<string, unknown>,
) => recordAudit(q, { type, personId: actor.personId, meta, data });

export async function createMailbox(db: Db, opts: { actor: Principal; input: MailboxInput; meta?: RequestMeta }) {
  adminOnly(opts.actor);
  check(opts.input);
  const input = await sealed(db, opts.input);
  const id = await db.tx(async (q) => {
    const newId = await mailboxRepository.insert(q, input);
    if (opts.input.active !== false) await schedulePoll(q, newId);
    await mailboxAudit(q, 'mailbox.created', opts.actor, opts.meta, {
      mailbox_id: newId,
      name: input.name,
      host: input.host,
      username: input.username,
    });
    return newId;
  });
  return getMailbox(db, { actor: opts.actor, id });
}

export async function updateMailbox(db: Db, opts: { actor: Principal; id: number; input: MailboxInput; meta?: RequestMeta }) {
  adminOnly(opts.actor);
  const current = await mailboxRepository.get(db, opts.id);
  if (!current) throw notFound('Mailbox', opts.id);
  check(opts.input, current);
  const input = await sealed(db, opts.input);
  await db.tx(async (q) => {
    await mailboxRepository.update(q, opts.id, input);
    if (opts.input.active ?? current.active) await schedulePoll(q, opts.id);
    const fields = Object.keys(opts.input).filter((k) => opts.input[k as keyof MailboxInput] !== undefined);
    if (fields.length)
      await mailboxAudit(q, 'mailbox.changed', opts.actor, opts.meta, {
        mailbox_id: opts.id,
        name: current.name,
        host: opts.input.host ?? current.host,
        fields,
      });
  });
  return getMailbox(db, { actor: opts.actor, id: opts.id });
}

export async function deleteMailbox(db: Db, opts: { actor: Principal; id: number; meta?: RequestMeta }) {
  adminOnly(opts.actor);
  await db.tx(async (q) => {
    const current = await mailboxRepository.get(q, opts.id);
    if (!current || !(await mailboxRepository.remove(q, opts.id))) throw notFound('Mailbox', opts.id);
    await mailboxAudit(q, 'mailbox.deleted', opts.actor, opts.meta, { mailbox_id: opts.id, name: current.name, host: current.host });
  });
}

/**
 * An alert as its reader reads it: `message` in their language, `detail` the library's own words. An alert
 * raised before alerts kept their params has only its English sentence, shown as it was.
 */
export function presentEmailAlert(a: EmailAlertRow, locale: string) {
  return {
    id: a.id,
    kind: a.kind,
    mailbox_id: a.mailbox_id,
    message: a.params ? failingText(locale, a.params) : a.message,
    detail: a.params ? a.message : null,
    error_kind: a.params?.error_kind ?? null,
    params: a.params,
    created_at: iso(a.created_at),
    resolved_at: iso(a.resolved_at),
  };
}

/** Open alerts (e.g. a mailbox failing for 15 minutes) for admins, in the reader's language. */
export async function listEmailAlerts(db: Db, opts: { actor: Principal; all?: boolean }) {
  adminOnly(opts.actor);
  const rows = await mailboxRepository.alerts(db, opts.all ?? false);
  return { data: rows.map((a) => presentEmailAlert(a, opts.actor.locale)) };
}
