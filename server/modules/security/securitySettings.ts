import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { securityRepository } from './securityRepository.ts';

/**
 * Security settings, kept as rows of the settings table. The ticket presenter needs them
 * synchronously, so they are cached in memory and re-read at most every few seconds (the HTTP
 * layer calls `refreshSecuritySettings` before each request); a change made here applies at once
 * on this instance and within MAX_AGE_MS on the others.
 */
export const SECURITY_SETTING_KEYS = {
  sensitive_fields: 'security.sensitive_fields',
  sensitive_categories: 'security.sensitive_categories',
  verification_minutes: 'security.verification_minutes',
  require_2fa_for_staff: 'security.require_2fa_for_staff',
} as const;

export const securitySettingsSchema = z.object({
  /** Ticket `fields` keys withheld from staff until the requester is verified. */
  sensitive_fields: z.array(z.string().trim().min(1).max(100)).max(200),
  /** Ticket categories whose tickets need verification; all their `fields` are withheld until then. */
  sensitive_categories: z.array(z.string().trim().min(1).max(100)).max(200),
  /** How long a verification lasts. */
  verification_minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** Agents and admins must enrol two-factor sign-in before they can do anything else. */
  require_2fa_for_staff: z.boolean(),
});
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
  sensitive_fields: ['billing', 'billing_address', 'card_last4', 'account_settings', '2fa_reset'],
  sensitive_categories: ['billing', '2fa'],
  verification_minutes: 60,
  require_2fa_for_staff: false,
};

const MAX_AGE_MS = 5_000;
let cached: SecuritySettings = DEFAULT_SECURITY_SETTINGS;
let loadedAt = 0;
let loading: Promise<void> | null = null;

export const currentSecuritySettings = (): SecuritySettings => cached;

/** Reads the settings rows; a stored value that does not fit the schema falls back to its default. */
export async function loadSecuritySettings(q: Queryable): Promise<SecuritySettings> {
  const rows = await securityRepository.getSettings(q, 'security.');
  const out = { ...DEFAULT_SECURITY_SETTINGS } as Record<string, unknown>;
  for (const [name, key] of Object.entries(SECURITY_SETTING_KEYS)) {
    if (!(key in rows)) continue;
    const ok = securitySettingsSchema.shape[name as keyof SecuritySettings].safeParse(rows[key]);
    if (ok.success) out[name] = ok.data;
  }
  return out as SecuritySettings;
}

export function setCachedSecuritySettings(s: SecuritySettings, now = Date.now()) {
  cached = s;
  loadedAt = now;
}

export async function refreshSecuritySettings(q: Queryable, now = Date.now()): Promise<SecuritySettings> {
  if (now - loadedAt < MAX_AGE_MS) return cached;
  loading ??= loadSecuritySettings(q)
    .then((s) => setCachedSecuritySettings(s, now))
    .finally(() => {
      loading = null;
    });
  await loading;
  return cached;
}

/** How the ticket came in (`portal_guided`): written by Kefu, not told by the requester, so never withheld. */
const NOT_DETAILS = new Set(['submitted_via']);

/**
 * Is this ticket one whose requester must be verified, and which of its fields are withheld until then?
 * `definedSensitive`: keys of custom ticket fields defined as sensitive (server/modules/fields), withheld
 * exactly like the keys of `sensitive_fields`.
 */
export function ticketSensitivity(
  s: SecuritySettings,
  t: { category: string | null; fields: Record<string, unknown> | null },
  definedSensitive: readonly string[] = [],
) {
  const keys = Object.keys(t.fields ?? {}).filter((k) => !NOT_DETAILS.has(k));
  const byCategory = t.category != null && s.sensitive_categories.some((c) => c.toLowerCase() === t.category!.toLowerCase());
  const withheld = byCategory ? keys : keys.filter((k) => s.sensitive_fields.includes(k) || definedSensitive.includes(k));
  return { required: byCategory || withheld.length > 0, withheld };
}
