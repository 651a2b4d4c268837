import nodemailer, { type Transporter } from 'nodemailer';

/**
 * Outbound SMTP connections, pooled per URL (`smtp://user:pass@host:port`, `smtps://…` for implicit
 * TLS). A changed URL (setting or environment) gets a new pool; the old one is closed.
 */
export function smtpTransports() {
  const pools = new Map<string, Transporter>();
  return {
    get(url: string): Transporter {
      let t = pools.get(url);
      if (!t) {
        for (const [u, old] of pools) {
          old.close();
          pools.delete(u);
        }
        const u = new URL(url);
        t = nodemailer.createTransport({
          pool: true,
          maxConnections: 4,
          maxMessages: 200,
          host: u.hostname,
          port: Number(u.port) || (u.protocol === 'smtps:' ? 465 : 587),
          secure: u.protocol === 'smtps:',
          ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
          // smtp://…?tls=off for a local relay that offers no STARTTLS; certificates are verified otherwise.
          ...(u.searchParams.get('tls') === 'off' ? { ignoreTLS: true } : {}),
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 60_000,
        });
        pools.set(url, t);
      }
      return t;
    },
    close() {
      for (const t of pools.values()) t.close();
      pools.clear();
    },
  };
}
export type SmtpTransports = ReturnType<typeof smtpTransports>;

/** An SMTP reply in the 5xx range will not get better by retrying. */
export function isPermanent(e: unknown): boolean {
  const code = (e as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
