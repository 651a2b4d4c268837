import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .optional(),
  KEFU_DATA_DIR: z.string().default('./data'),
  /** The embedded database's buffer cache (PostgreSQL's shared_buffers), e.g. 16MB: docs/operations.md, Memory. */
  KEFU_PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^[1-9]\d{0,5}(kB|MB|GB)$/, 'must be a size such as 32MB')
    .default('16MB'),
  KEFU_ADMIN_EMAIL: z.string().email().optional(),
  KEFU_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  KEFU_PUBLIC_URL: z.string().url().optional(),
  KEFU_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Log lines as JSON (default) or as one readable line each (default when NODE_ENV=development). docs/operations.md, Logs. */
  KEFU_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** One log line per HTTP request (docs/operations.md, Logs). */
  KEFU_REQUEST_LOG: z.enum(['on', 'off']).default('on'),
  /** A bearer secret that may read GET /metrics besides admins (docs/operations.md, Metrics). */
  KEFU_METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
  KEFU_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  KEFU_MAX_ATTACHMENT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  KEFU_WORKER: z.enum(['on', 'off']).default('on'),
  /** API requests one instance works on at once; past it, 503 at once (default 32 embedded, 256 on PostgreSQL; 0 = no bound). */
  KEFU_MAX_PENDING: z.coerce.number().int().min(0).max(100_000).optional(),
  /** On SIGTERM: how long requests already on their way may take before connections are closed. */
  KEFU_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  KEFU_SESSION_DAYS: z.coerce.number().positive().default(14),
  KEFU_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  // Diagnostics (docs/diagnostics.md). Resolvers as ip:port, IPv6 in brackets; the rest are for tests and private PKI.
  KEFU_DIAG_DNS: z
    .string()
    .regex(
      /^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?)(?:,(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?)*$/,
      'must be ip[:port][,…]',
    )
    .optional(),
  KEFU_DIAG_HTTPS_PORT: z.coerce.number().int().min(1).max(65535).default(443),
  KEFU_DIAG_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(80),
  KEFU_DIAG_ALLOW_PRIVATE: z
    .string()
    .regex(/^(true|false|[0-9a-fA-F:.]+(,[0-9a-fA-F:.]+)*)$/, 'must be true, false or a list of addresses')
    .default('false'),
  KEFU_DIAG_CA_FILE: z.string().optional(),
  KEFU_WEBHOOK_ALLOW_PRIVATE: z
    .string()
    .regex(/^(true|false|[0-9a-fA-F:.]+(,[0-9a-fA-F:.]+)*)$/, 'must be true, false or a list of addresses')
    .default('false'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  /** KEFU_PGLITE_SHARED_BUFFERS. */
  pgliteSharedBuffers: string;
  adminEmail?: string;
  adminPassword?: string;
  publicUrl?: string;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  requestLog: boolean;
  /** GET /metrics also answers `Authorization: Bearer <this>` (admins always may). */
  metricsToken?: string;
  drainMs: number;
  maxPending: number | undefined;
  maxBodyBytes: number;
  maxAttachmentBytes: number;
  worker: boolean;
  sessionDays: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  /** Asset diagnostics: resolvers, ports, the private-address rule and extra trusted CAs (docs/diagnostics.md). */
  diagnostics: { dnsServers: string[] | null; httpsPort: number; httpPort: number; allowPrivate: boolean | string[]; caPem: string | null };
  /** Webhooks: which private addresses deliveries may reach (KEFU_WEBHOOK_ALLOW_PRIVATE; docs/webhooks.md). */
  webhooks: { allowPrivate: boolean | string[] };
}

export class ConfigError extends Error {}

/**
 * Validated once at boot; a wrong setting fails fast with its name. `stdoutIsTTY`: logs written to a
 * terminal (someone ran `npm start`) are readable lines unless KEFU_LOG_FORMAT says otherwise; to a
 * pipe, a file or journald, JSON lines.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, stdoutIsTTY = false): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.KEFU_DATA_DIR),
    pgliteSharedBuffers: e.KEFU_PGLITE_SHARED_BUFFERS,
    adminEmail: e.KEFU_ADMIN_EMAIL,
    adminPassword: e.KEFU_ADMIN_PASSWORD,
    publicUrl: e.KEFU_PUBLIC_URL,
    logLevel: e.KEFU_LOG_LEVEL,
    logFormat: e.KEFU_LOG_FORMAT ?? (env.NODE_ENV === 'development' || stdoutIsTTY ? 'pretty' : 'json'),
    requestLog: e.KEFU_REQUEST_LOG === 'on',
    metricsToken: e.KEFU_METRICS_TOKEN,
    drainMs: e.KEFU_DRAIN_MS,
    maxPending: e.KEFU_MAX_PENDING,
    maxBodyBytes: e.KEFU_MAX_BODY_BYTES,
    maxAttachmentBytes: e.KEFU_MAX_ATTACHMENT_BYTES,
    worker: e.KEFU_WORKER === 'on',
    sessionDays: e.KEFU_SESSION_DAYS,
    trustProxy: e.KEFU_TRUST_PROXY === 'true',
    diagnostics: {
      dnsServers: e.KEFU_DIAG_DNS ? e.KEFU_DIAG_DNS.split(',') : null,
      httpsPort: e.KEFU_DIAG_HTTPS_PORT,
      httpPort: e.KEFU_DIAG_HTTP_PORT,
      allowPrivate: addressList(e.KEFU_DIAG_ALLOW_PRIVATE),
      caPem: e.KEFU_DIAG_CA_FILE ? readCa(e.KEFU_DIAG_CA_FILE) : null,
    },
    webhooks: { allowPrivate: addressList(e.KEFU_WEBHOOK_ALLOW_PRIVATE) },
  };
}

/** `true`, `false`, or a comma-separated list of exact addresses (the private-address settings). */
const addressList = (v: string): boolean | string[] => (v === 'true' ? true : v === 'false' ? false : v.toLowerCase().split(','));

function readCa(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  KEFU_DIAG_CA_FILE: cannot read ${file} (${(err as Error).message})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new ConfigError(`Invalid configuration:\n  KEFU_DIAG_CA_FILE: ${file} holds no PEM certificate`);
  return pem;
}
