import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../config.ts';

const smtpUrl = z.string().regex(/^smtps?:\/\/[^/]/, 'must look like smtp://user:pass@host:port or smtps://…');

const schema = z.object({
  KEFU_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  KEFU_SMTP_HOST: z.string().default('0.0.0.0'),
  KEFU_SUPPORT_EMAIL: z.string().trim().email().optional(),
  SMTP_URL: smtpUrl.optional(),
  KEFU_SMTP_TLS_KEY: z.string().optional(),
  KEFU_SMTP_TLS_CERT: z.string().optional(),
  KEFU_PUBLIC_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  KEFU_MAX_EMAIL_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  KEFU_MAX_ATTACHMENT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  KEFU_EMAIL_SENDER_LIMIT: z.coerce.number().int().positive().default(20),
  KEFU_EMAIL_BUDGET_MS: z.coerce.number().int().positive().max(600_000).default(20_000),
  KEFU_IMAP_ALLOW_PRIVATE: z
    .string()
    .regex(/^(true|false|[0-9a-fA-F:.]+(,[0-9a-fA-F:.]+)*)$/, 'must be true, false or a list of addresses')
    .default('false'),
  KEFU_TRUSTED_AUTHSERV_IDS: z
    .string()
    .regex(/^[\w.-]+(\s*,\s*[\w.-]+)*$/, 'must be a comma-separated list of authserv-ids, e.g. mx.example.com')
    .optional(),
});

export interface EmailConfig {
  /** Inbound SMTP port; 0 turns the built-in SMTP server off. */
  smtpPort: number;
  /** KEFU_SMTP_PORT was set: a port in use is then fatal; the default port in use only skips the intake, with a warning. */
  smtpPortExplicit: boolean;
  smtpHost: string;
  /** The first support address (more are set through the API). */
  supportEmail?: string;
  /** Outbound SMTP; the `email.smtp` setting overrides it. Without either, mail stays in the local outbox. */
  smtpUrl?: string;
  tls?: { key: Buffer; cert: Buffer };
  /** Base of links in mail (guest links, password resets). */
  publicUrl: string;
  maxEmailBytes: number;
  maxAttachmentBytes: number;
  /** Mails from one sender per 10 minutes that still get acknowledgements. */
  senderLimit: number;
  /** CPU time budget per mail (parse, sanitize, strip in a worker thread); past it the mail is retried, then parked. */
  budgetMs: number;
  /**
   * KEFU_IMAP_ALLOW_PRIVATE: which loopback, private or link-local addresses an IMAP mailbox may reach
   * (`true` for all, or exact addresses); none by default (docs/email.md, "Mailboxes on private addresses").
   */
  imapAllowPrivate: boolean | string[];
  /** authserv-ids of our own receiving servers, whose Authentication-Results header proves a From (DMARC/DKIM pass). */
  trustedAuthservIds: string[];
}

function readTls(keyPath?: string, certPath?: string): EmailConfig['tls'] {
  if (!keyPath && !certPath) return undefined;
  if (!keyPath || !certPath)
    throw new ConfigError(
      `Invalid configuration:\n  ${keyPath ? 'KEFU_SMTP_TLS_CERT' : 'KEFU_SMTP_TLS_KEY'}: set both KEFU_SMTP_TLS_KEY and KEFU_SMTP_TLS_CERT, or neither`,
    );
  const read = (name: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (e) {
      throw new ConfigError(`Invalid configuration:\n  ${name}: cannot read ${path} (${(e as NodeJS.ErrnoException).code})`);
    }
  };
  return { key: read('KEFU_SMTP_TLS_KEY', keyPath), cert: read('KEFU_SMTP_TLS_CERT', certPath) };
}

/** Email settings from the environment, validated once at boot; a wrong value fails fast with its name. */
export function loadEmailConfig(env: NodeJS.ProcessEnv = process.env): EmailConfig {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    smtpPort: e.KEFU_SMTP_PORT,
    smtpPortExplicit: clean.KEFU_SMTP_PORT !== undefined,
    smtpHost: e.KEFU_SMTP_HOST,
    supportEmail: e.KEFU_SUPPORT_EMAIL?.toLowerCase(),
    smtpUrl: e.SMTP_URL,
    tls: readTls(e.KEFU_SMTP_TLS_KEY, e.KEFU_SMTP_TLS_CERT),
    publicUrl: (e.KEFU_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    maxEmailBytes: e.KEFU_MAX_EMAIL_BYTES,
    maxAttachmentBytes: e.KEFU_MAX_ATTACHMENT_BYTES,
    senderLimit: e.KEFU_EMAIL_SENDER_LIMIT,
    budgetMs: e.KEFU_EMAIL_BUDGET_MS,
    imapAllowPrivate:
      e.KEFU_IMAP_ALLOW_PRIVATE === 'true'
        ? true
        : e.KEFU_IMAP_ALLOW_PRIVATE === 'false'
          ? false
          : e.KEFU_IMAP_ALLOW_PRIVATE.toLowerCase().split(','),
    trustedAuthservIds: (e.KEFU_TRUSTED_AUTHSERV_IDS ?? '')
      .split(',')
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
  };
}
