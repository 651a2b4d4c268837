import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../../db/client.ts';
import { localizedError } from '../../errors.ts';
import { normalizeLocale, t } from '../../i18n/index.ts';
import { queueEmail, type MailIdentity } from '../email/queueEmail.ts';
import { takeQuota, THROTTLES } from '../security/throttle.ts';
import type { IncidentRow, UpdateRow } from './statusRepository.ts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const html = (paragraphs: string[]) => paragraphs.map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`).join('\n');

/** Subscriptions to status updates by email (docs/status.md): subscribe, confirm, unsubscribe, and the update mails. */
export const statusSubscriptions = {
  /**
   * Mails a confirmation link to `email` (at most 5 an hour per address). Says nothing about
   * whether the address was subscribed already: the caller answers 202 either way. An address
   * already confirmed gets nothing; a pending one gets a fresh link (the older one stops working).
   */
  async subscribe(db: Db, o: { email: string; locale: string; identity: MailIdentity; now?: Date }): Promise<void> {
    const email = o.email.trim().toLowerCase();
    const locale = normalizeLocale(o.locale);
    if (!(await takeQuota(db, `mail:status:${email}`, THROTTLES.mailPerAddress, o.now ?? new Date()))) return;
    const token = randomBytes(24).toString('base64url');
    await db.tx(async (q) => {
      const rows = await q.query<{ id: number; confirmed: boolean }>(
        `insert into status_subscriptions (email, locale, token_hash, unsubscribe_token) values ($1, $2, $3, $4)
         on conflict (lower(email)) do update set token_hash = excluded.token_hash, locale = excluded.locale
           where status_subscriptions.confirmed_at is null
         returning id, confirmed_at is not null as confirmed`,
        [email, locale, hash(token), randomBytes(24).toString('base64url')],
      );
      if (!rows[0]) return; // confirmed already
      const link = `${o.identity.publicUrl}/status?confirm=${encodeURIComponent(token)}`;
      await queueEmail(
        q,
        {
          kind: 'status_subscription',
          dedupeKey: `status-sub:${token.slice(-16)}`,
          locale,
          to: [email],
          auto: 'auto-generated',
          rendered: {
            subject: t(locale, 'status.confirm_subject'),
            text: t(locale, 'status.confirm_body', { link }),
            html: html([t(locale, 'status.confirm_body', { link })]),
          },
        },
        o.identity,
      );
    });
  },

  /** Follows a confirmation link: 400 when the link is unknown (used up, replaced, or unsubscribed). */
  async confirm(db: Queryable, token: string): Promise<{ confirmed: true }> {
    const rows = await db.query(
      `update status_subscriptions set confirmed_at = coalesce(confirmed_at, now()) where token_hash = $1 returning id`,
      [hash(token)],
    );
    if (!rows.length) throw localizedError('invalid_request', 'http.errors.status_link_invalid', { field: 'token' });
    return { confirmed: true };
  },

  async unsubscribe(db: Queryable, token: string): Promise<{ unsubscribed: true }> {
    const rows = await db.query(`delete from status_subscriptions where unsubscribe_token = $1 returning id`, [token]);
    if (!rows.length) throw localizedError('invalid_request', 'http.errors.status_unsubscribe_invalid', { field: 'token' });
    return { unsubscribed: true };
  },

  /**
   * Queues the update's mail to the subscribers confirmed when it was posted, after `after` (keyset, `limit` a batch), in
   * the caller's transaction; one mail per (update, subscription) through the outbox's dedupe key,
   * however often this runs. Answers the last id and how many there were.
   */
  async mailBatch(
    q: Queryable,
    o: { incident: IncidentRow; update: UpdateRow; after: number; limit: number; identity: MailIdentity },
  ): Promise<{ n: number; last: number | null }> {
    const subs = await q.query<{ id: number; email: string; locale: string; unsubscribe_token: string }>(
      `select id, email, locale, unsubscribe_token from status_subscriptions
        where confirmed_at is not null and confirmed_at <= $3 and id > $1 order by id limit $2`,
      [o.after, o.limit, o.update.created_at],
    );
    for (const s of subs) {
      const status = t(s.locale, `status.incident_status.${o.update.status}`);
      const page = `${o.identity.publicUrl}/status#incident-${o.incident.id}`;
      const unsubscribe = `${o.identity.publicUrl}/status?unsubscribe=${encodeURIComponent(s.unsubscribe_token)}`;
      const parts = [
        t(s.locale, 'status.update_intro', { title: o.incident.title, status }),
        o.update.message,
        t(s.locale, 'status.update_page', { link: page }),
        t(s.locale, 'status.update_unsubscribe', { link: unsubscribe }),
      ];
      await queueEmail(
        q,
        {
          kind: 'status_update',
          dedupeKey: `status-update:${o.update.id}:${s.id}`,
          locale: s.locale,
          to: [s.email],
          auto: 'auto-generated',
          rendered: {
            subject: t(s.locale, 'status.update_subject', { title: o.incident.title, status }),
            text: parts.join('\n\n'),
            html: html(parts),
          },
        },
        o.identity,
      );
    }
    return { n: subs.length, last: subs.length ? subs[subs.length - 1].id : null };
  },
};
