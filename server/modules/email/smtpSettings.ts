import type { Db } from '../../db/client.ts';
import { forbidden, invalid, text } from '../../errors.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { emailSettings, type SolvedReplyPolicy } from './emailSettings.ts';
import { sealSmtpUrl } from './mailSecrets.ts';
import { validZone } from './templates.ts';

/** smtp://user:secret@host → smtp://user:***@host: a password is never returned. */
export function maskUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'invalid';
  }
}

/** The setting takes region names (Asia/Shanghai) or UTC, not abbreviations such as EST. */
const settableZone = (zone: string) => validZone(zone) && (zone.includes('/') || zone === 'UTC');

function adminOnly(actor: Principal) {
  if (!isAdmin(actor)) throw forbidden(text('email.errors.settings_admin_only'));
}

/** Outbound SMTP (the setting wins over SMTP_URL; neither means the local outbox) and the solved-ticket reply policy. */
export async function readEmailSettings(db: Db, opts: { actor: Principal; envSmtpUrl?: string; envTrustedAuthservIds?: string[] }) {
  adminOnly(opts.actor);
  const smtp = await emailSettings.smtp(db);
  const url = smtp?.url ?? opts.envSmtpUrl ?? null;
  return {
    smtp_url: maskUrl(url),
    smtp_source: smtp?.url ? 'setting' : opts.envSmtpUrl ? 'environment' : null,
    delivery: url ? 'smtp' : 'outbox_only',
    from_name: smtp?.from_name ?? null,
    solved_reply: await emailSettings.solvedReply(db),
    // Our own receiving servers: only their Authentication-Results header proves a sender (docs/security.md).
    trusted_authserv_ids: await emailSettings.trustedAuthservIds(db, opts.envTrustedAuthservIds ?? []),
    // The desk's zone for times in mail when neither the requester's nor the SLA calendar's is known.
    time_zone: await emailSettings.timeZone(db),
  };
}

export async function updateEmailSettings(
  db: Db,
  opts: {
    actor: Principal;
    envSmtpUrl?: string;
    envTrustedAuthservIds?: string[];
    smtp_url?: string | null;
    from_name?: string | null;
    solved_reply?: SolvedReplyPolicy;
    trusted_authserv_ids?: string[];
    time_zone?: string | null;
    meta?: RequestMeta;
  },
) {
  adminOnly(opts.actor);
  // The relay's password is kept sealed (mailSecrets.ts); a URL read back is masked.
  const sealedUrl = opts.smtp_url !== undefined ? await sealSmtpUrl(db, opts.smtp_url) : undefined;
  await db.tx(async (q) => {
    if (opts.smtp_url !== undefined || opts.from_name !== undefined) {
      const cur = (await emailSettings.smtp(q)) ?? { url: null, from_name: null };
      await emailSettings.setSmtp(q, {
        url: sealedUrl !== undefined ? sealedUrl : cur.url,
        from_name: opts.from_name !== undefined ? opts.from_name : (cur.from_name ?? null),
      });
    }
    if (opts.solved_reply) await emailSettings.setSolvedReply(q, opts.solved_reply);
    if (opts.time_zone !== undefined) {
      if (opts.time_zone !== null && !settableZone(opts.time_zone))
        throw invalid(text('email.errors.bad_time_zone', { zone: opts.time_zone }), { field: 'time_zone' });
      await emailSettings.setTimeZone(q, opts.time_zone);
    }
    if (opts.trusted_authserv_ids)
      await emailSettings.setTrustedAuthservIds(q, [...new Set(opts.trusted_authserv_ids.map((x) => x.trim().toLowerCase()))]);
    // Where mail goes and whose mail is trusted: who changed it, and to what (never the relay's password).
    const changed = (['smtp_url', 'from_name', 'solved_reply', 'trusted_authserv_ids', 'time_zone'] as const).filter(
      (k) => opts[k] !== undefined,
    );
    if (changed.length)
      await recordAudit(q, {
        type: 'email.settings_changed',
        personId: opts.actor.personId,
        meta: opts.meta,
        data: Object.fromEntries(changed.map((k) => [k, k === 'smtp_url' ? maskUrl(opts.smtp_url) : opts[k]])),
      });
  });
  return readEmailSettings(db, opts);
}
