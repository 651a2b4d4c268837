import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { forbidden, notFound, text } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isAdmin, type Principal } from '../../modules/auth/principal.ts';
import { mailboxRepository } from '../../modules/email/mailboxRepository.ts';
import { schedulePoll } from '../../modules/email/mailboxes.ts';
import type { MailIdentity } from '../../modules/email/queueEmail.ts';
import { seedSupportAddress } from '../../modules/email/supportAddresses.ts';
import { loadEmailConfig, type EmailConfig } from './emailConfig.ts';
import { pollMailbox } from './imapPoller.ts';
import { addressesFor, registerEmailJobs as register, transports } from './jobs.ts';
import { stopMailWorkers } from './mailWorkers.ts';
import { startSmtpIntake, type Log } from './smtpIntake.ts';

export { loadEmailConfig, type EmailConfig } from './emailConfig.ts';
export { sendPasswordResetEmail, sendVerificationEmail } from '../../modules/email/authEmails.ts';
export { claimPersonByEmail } from '../../modules/email/claimPersonByEmail.ts';
export { issueStaffReplyTo } from '../../modules/email/staffReplyTokens.ts';

let current: EmailConfig | null = null;
/** The email configuration read at boot (from the environment when nobody passed one). */
export function emailConfig(): EmailConfig {
  current ??= loadEmailConfig();
  return current;
}

/** Links and the fallback sender for mail composed outside the job handlers (auth mails). */
export function mailIdentity(config: EmailConfig = emailConfig()): MailIdentity {
  return { publicUrl: config.publicUrl, supportEmail: config.supportEmail, smtpUrl: config.smtpUrl };
}

/** Declares the email jobs (inbound routing, notifications, delivery, IMAP polls). Call once at boot, before the worker starts. */
export function registerEmailJobs(config: EmailConfig = emailConfig()) {
  current = config;
  register(config);
}

export interface EmailDeps {
  db: Db;
  config?: Config;
  log: Log;
  emailConfig?: EmailConfig;
  wake?: () => void;
}

/**
 * Starts the email intake: the SMTP server (unless KEFU_SMTP_PORT=0) and the IMAP polls of every
 * active mailbox (as jobs; the worker runs them). Seeds KEFU_SUPPORT_EMAIL as the first support address.
 */
export async function startEmail(deps: EmailDeps): Promise<{ stop(): Promise<void>; smtpPort: number | null }> {
  const config = deps.emailConfig ?? emailConfig();
  current = config;
  if (config.supportEmail) await deps.db.tx((q) => seedSupportAddress(q, config.supportEmail!));
  for (const mb of await mailboxRepository.list(deps.db)) if (mb.active) await schedulePoll(deps.db, mb.id);
  let smtp: Awaited<ReturnType<typeof startSmtpIntake>> | null = null;
  try {
    if (config.smtpPort !== 0)
      smtp = await startSmtpIntake({ db: deps.db, config, addresses: addressesFor(deps.db, config), log: deps.log, onStored: deps.wake });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || config.smtpPortExplicit) throw e;
    deps.log.warn(
      { port: config.smtpPort },
      `SMTP intake not started: port ${config.smtpPort} is in use. Set KEFU_SMTP_PORT to another port, or 0 to turn it off.`,
    );
  }
  return {
    smtpPort: smtp?.port ?? null,
    async stop() {
      await smtp?.close();
      transports.close();
      await stopMailWorkers();
    },
  };
}

/** Admin: poll one mailbox now and report what happened (also a connection test). */
export async function pollMailboxNow(db: Db, opts: { actor: Principal; id: number; log: Log; wake?: () => void }) {
  if (!isAdmin(opts.actor)) throw forbidden(text('channels.errors.poll_admin_only'));
  const result = await pollMailbox(db, {
    mailboxId: opts.id,
    maxBytes: emailConfig().maxEmailBytes,
    log: opts.log,
    onStored: opts.wake,
    allowPrivate: emailConfig().imapAllowPrivate,
  });
  if (!result) throw notFound('Mailbox', opts.id);
  // What went wrong in the admin's language; the library's own words stay in `error`.
  return { ...result, error_message: result.error_kind ? t(opts.actor.locale, `email.imap_failure.${result.error_kind}`) : null };
}
