import type { Queryable } from '../../db/client.ts';
import type { ImapFailureKind } from '../../domain/mail/imapFailure.ts';

/** What a "mailbox failing" alert says, kept as data so each admin reads it in their own language. */
export interface MailboxAlertParams {
  mailbox: string;
  /** user@host of the mailbox when the alert was raised. */
  address: string;
  minutes: number;
  error_kind: ImapFailureKind;
}

export interface EmailAlertRow {
  id: number;
  kind: string;
  mailbox_id: number | null;
  /** The IMAP library's or the server's own words (before params existed: the whole English sentence). */
  message: string;
  params: MailboxAlertParams | null;
  created_at: Date;
  resolved_at: Date | null;
}

export interface MailboxRow {
  id: number;
  name: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  folder: string;
  after_fetch: 'seen' | 'move';
  move_to: string | null;
  poll_seconds: number;
  active: boolean;
  last_poll_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  failing_since: Date | null;
  alerted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const MAILBOX_FIELDS = [
  'name',
  'host',
  'port',
  'secure',
  'username',
  'password',
  'folder',
  'after_fetch',
  'move_to',
  'poll_seconds',
  'active',
] as const;
export type MailboxInput = Partial<Pick<MailboxRow, (typeof MAILBOX_FIELDS)[number]>>;

export const mailboxRepository = {
  async list(q: Queryable): Promise<MailboxRow[]> {
    return q.query<MailboxRow>(`select * from mailboxes order by id`);
  },
  async get(q: Queryable, id: number): Promise<MailboxRow | null> {
    return (await q.query<MailboxRow>(`select * from mailboxes where id = $1`, [id]))[0] ?? null;
  },
  async insert(q: Queryable, m: MailboxInput): Promise<number> {
    const cols = MAILBOX_FIELDS.filter((c) => m[c] !== undefined);
    const rows = await q.query<{ id: number }>(
      `insert into mailboxes (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')}) returning id`,
      cols.map((c) => m[c]),
    );
    return rows[0].id;
  },
  async update(q: Queryable, id: number, m: MailboxInput) {
    const cols = MAILBOX_FIELDS.filter((c) => m[c] !== undefined);
    if (!cols.length) return;
    await q.query(`update mailboxes set ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() where id = $1`, [
      id,
      ...cols.map((c) => m[c]),
    ]);
  },
  async remove(q: Queryable, id: number): Promise<boolean> {
    return (await q.query(`delete from mailboxes where id = $1 returning id`, [id])).length > 0;
  },
  async recordSuccess(q: Queryable, id: number) {
    await q.query(
      `update mailboxes set last_poll_at = now(), last_success_at = now(), failing_since = null, alerted_at = null where id = $1`,
      [id],
    );
    await q.query(`update email_alerts set resolved_at = now() where mailbox_id = $1 and resolved_at is null`, [id]);
  },
  /** Records a failed poll; returns how long the mailbox has been failing and whether an alert is already out. */
  async recordFailure(q: Queryable, id: number, error: string) {
    const rows = await q.query<{ failing_ms: number; alerted: boolean }>(
      `update mailboxes set last_poll_at = now(), last_error = $2, last_error_at = now(), failing_since = coalesce(failing_since, now())
        where id = $1 returning (extract(epoch from (now() - failing_since)) * 1000)::float8 as failing_ms, alerted_at is not null as alerted`,
      [id, error.slice(0, 2000)],
    );
    return rows[0] ?? null;
  },
  /** Raises the mailbox's alert once (until it recovers); `error` is the library's own words, kept as the detail. */
  async raiseAlert(q: Queryable, id: number, params: MailboxAlertParams, error: string) {
    const r = await q.query(`update mailboxes set alerted_at = now() where id = $1 and alerted_at is null returning id`, [id]);
    if (r.length)
      await q.query(`insert into email_alerts (kind, mailbox_id, message, params) values ('mailbox_failing', $1, $2, $3)`, [
        id,
        error.slice(0, 2000),
        JSON.stringify(params),
      ]);
    return r.length > 0;
  },
  /**
   * A running poll job still holds its singleton key, so re-enqueueing the next poll under the same
   * key would be a no-op; the poll releases its key first.
   */
  async releasePollKey(q: Queryable, key: string) {
    await q.query(`update jobs set singleton_key = null where singleton_key = $1 and status = 'running'`, [key]);
  },
  async alerts(q: Queryable, includeResolved: boolean) {
    return q.query<EmailAlertRow>(
      `select id, kind, mailbox_id, message, params, created_at, resolved_at from email_alerts where $1::boolean or resolved_at is null order by id desc limit 200`,
      [includeResolved],
    );
  },
};
