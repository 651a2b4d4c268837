/**
 * A delivery's last error as the admin reads it. The server keeps the error in English, as the API and
 * the logs show it (server/modules/webhooks/postWebhook.ts, deliverWebhook.ts); the Webhooks screen says
 * what it means in the admin's language and keeps the raw text as the row's tooltip. Pure: returns an
 * i18n key under `admin.webhooks.errors` and its values, or null for an error it does not know (shown as is).
 */
export interface DeliveryErrorText {
  key: string;
  values: Record<string, string | number>;
}

const CONNECTION: Record<string, string> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
};

export function describeDeliveryError(raw: string): DeliveryErrorText | null {
  let m = /^DNS: (.+)$/.exec(raw);
  if (m) return { key: 'dns', values: { code: m[1] } };
  m = /^refused: (\S+) resolves to a private address \((.*)\)$/.exec(raw);
  if (m) return { key: 'private', values: { host: m[1], address: m[2] } };
  m = /^timeout after (\d+) ms$/.exec(raw);
  if (m) return { key: 'timeout', values: { seconds: Math.round(Number(m[1]) / 1000) } };
  if (raw === 'invalid URL') return { key: 'invalid_url', values: {} };
  if (raw === 'webhook switched off') return { key: 'switched_off', values: {} };
  if (raw === 'event no longer exists') return { key: 'event_gone', values: {} };
  if (CONNECTION[raw]) return { key: CONNECTION[raw], values: { code: raw } };
  // Other socket and TLS codes (ETIMEDOUT, CERT_HAS_EXPIRED, …): a failed connection, named by its code.
  if (/^[A-Z][A-Z0-9_]{3,}$/.test(raw)) return { key: 'connection', values: { code: raw } };
  return null;
}
