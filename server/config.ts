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
  KEFU_ADMIN_EMAIL: z.string().email().optional(),
  KEFU_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  KEFU_PUBLIC_URL: z.string().url().optional(),
  KEFU_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  KEFU_SESSION_DAYS: z.coerce.number().positive().default(14),
  KEFU_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  adminEmail?: string;
  adminPassword?: string;
  publicUrl?: string;
  logLevel: string;
  maxBodyBytes: number;
  maxAttachmentBytes: number;
  worker: boolean;
  sessionDays: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
}

export class ConfigError extends Error {}

/** Validated once at boot; a wrong setting fails fast with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
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
    adminEmail: e.KEFU_ADMIN_EMAIL,
    adminPassword: e.KEFU_ADMIN_PASSWORD,
    publicUrl: e.KEFU_PUBLIC_URL,
    logLevel: e.KEFU_LOG_LEVEL,
    maxBodyBytes: e.KEFU_MAX_BODY_BYTES,
    maxAttachmentBytes: e.KEFU_MAX_ATTACHMENT_BYTES,
    worker: e.KEFU_WORKER === 'on',
    sessionDays: e.KEFU_SESSION_DAYS,
    trustProxy: e.KEFU_TRUST_PROXY === 'true',
  };
}
