import { Resolver } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates, type TLSSocket } from 'node:tls';
import type { DnsError } from '../../domain/diagnostics/findings.ts';
import type { ConnectError } from '../../domain/diagnostics/findings.ts';

/**
 * The network side of diagnostics: DNS lookups through node:dns `Resolver` and single HTTP(S)
 * requests to an address already resolved and checked (the caller passes the IP, so the address
 * checked is the address used: there is no second lookup for a rebinding answer to slip into).
 */
export interface DiagnosticsSettings {
  /** Resolvers (`host:port`); null: the system's. */
  dnsServers: string[] | null;
  httpsPort: number;
  httpPort: number;
  /** KEFU_DIAG_ALLOW_PRIVATE: true, or the exact private addresses checks may use (tests). */
  allowPrivate: boolean | string[];
  /** Extra trusted CA certificates (PEM) for the checks, on top of Node's bundled roots. */
  caPem: string | null;
}

export interface DnsAnswer {
  error?: DnsError;
  addresses: string[];
  cname: string[];
  nameservers: string[];
}

const dnsError = (e: unknown): DnsError => {
  const code = (e as { code?: string }).code;
  if (code === 'ENOTFOUND') return 'nxdomain';
  if (code === 'ENODATA') return 'nodata';
  if (code === 'ETIMEOUT') return 'timeout';
  if (code === 'ESERVFAIL') return 'servfail';
  if (code === 'EREFUSED' || code === 'ECONNREFUSED') return 'refused';
  return 'other';
};

function resolverFor(s: DiagnosticsSettings, timeoutMs: number) {
  const r = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (s.dnsServers) r.setServers(s.dnsServers);
  return r;
}

async function settle<T>(p: Promise<T>): Promise<{ ok: true; v: T } | { ok: false; e: DnsError }> {
  try {
    return { ok: true, v: await p };
  } catch (e) {
    return { ok: false, e: dnsError(e) };
  }
}

/** A/AAAA (addresses, IPv4 first), CNAME, and the nameservers of the nearest enclosing zone. */
export async function lookupHost(s: DiagnosticsSettings, host: string, timeoutMs: number): Promise<DnsAnswer> {
  const r = resolverFor(s, timeoutMs);
  const nsOf = async (): Promise<string[]> => {
    const labels = host.split('.');
    for (let i = 0; i < Math.min(3, labels.length - 1); i++) {
      const got = await settle(r.resolveNs(labels.slice(i).join('.')));
      if (got.ok && got.v.length) return got.v;
      if (!got.ok && got.e !== 'nodata' && got.e !== 'nxdomain') return [];
    }
    return [];
  };
  // The nameservers are context, not the verdict: a slow walk up the zones must not hold the addresses back.
  let timer: NodeJS.Timeout | undefined;
  const nsCapped = Promise.race([nsOf(), new Promise<string[]>((res) => (timer = setTimeout(() => res([]), timeoutMs)))]).finally(() =>
    clearTimeout(timer),
  );
  const [a, aaaa, cname, ns] = await Promise.all([
    settle(r.resolve4(host)),
    settle(r.resolve6(host)),
    settle(r.resolveCname(host)),
    nsCapped,
  ]);
  const addresses = [...(a.ok ? a.v : []), ...(aaaa.ok ? aaaa.v : [])];
  const out: DnsAnswer = { addresses, cname: cname.ok ? cname.v : [], nameservers: ns };
  if (!addresses.length) {
    const errors = [a, aaaa].map((x) => (x.ok ? 'nodata' : x.e));
    out.error = errors.find((e) => e !== 'nodata') ?? 'nodata';
  }
  return out;
}

/** Addresses only, for a redirect's host. */
export async function lookupAddresses(s: DiagnosticsSettings, host: string, timeoutMs: number): Promise<string[]> {
  const r = resolverFor(s, timeoutMs);
  const [a, aaaa] = await Promise.all([settle(r.resolve4(host)), settle(r.resolve6(host))]);
  return [...(a.ok ? a.v : []), ...(aaaa.ok ? aaaa.v : [])];
}

export interface ProbeResult {
  error?: ConnectError;
  status?: number;
  location?: string;
  ttfbMs?: number;
  tls?: { authorized: boolean; error: string | null; validFrom: string | null; validTo: string | null; names: string[] };
}

const connectError = (e: unknown): ConnectError => {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ETIMEDOUT' || code === 'ABORT_ERR' || code === 'KEFU_TIMEOUT') return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'unreachable';
  if (/^ERR_SSL|^ERR_TLS|EPROTO/.test(code) || /SSL|TLS/i.test((e as Error).message ?? '')) return 'handshake';
  return 'other';
};

const isoDate = (s: string | undefined) => {
  const d = s ? new Date(s) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
};

/**
 * One request, `GET path`, to `ip:port` with `Host: host` (and SNI `host` over TLS). The certificate
 * is verified by Node against its bundled roots plus `caPem`; the outcome (authorized, or the
 * verification error) is recorded as a fact. The request carries nothing secret and its body is not
 * read; only the status, the Location header and the time to the first byte are kept.
 */
export function probe(
  s: DiagnosticsSettings,
  o: { ip: string; port: number; host: string; path: string; secure: boolean; timeoutMs: number },
): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    let tlsFacts: ProbeResult['tls'];
    let done = false;
    const finish = (r: ProbeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...r, tls: tlsFacts });
    };
    const h = o.host.includes(':') ? `[${o.host}]` : o.host;
    const hostHeader = o.port === (o.secure ? 443 : 80) ? h : `${h}:${o.port}`;
    const common = {
      host: o.ip,
      port: o.port,
      path: o.path,
      method: 'GET',
      agent: false as const,
      headers: { host: hostHeader, 'user-agent': 'Kefu-Diagnostics/1', accept: '*/*' },
    };
    const req = o.secure
      ? https.request({
          ...common,
          servername: /^[\d.]+$|:/.test(o.host) ? undefined : o.host,
          ca: s.caPem ? [...rootCertificates, s.caPem] : undefined,
          // Verification runs (the handshake sets `authorized` / `authorizationError`); the run reads
          // its outcome instead of aborting, so an expired or misnamed certificate is a finding.
          rejectUnauthorized: false,
        })
      : http.request(common);
    const timer = setTimeout(() => finish({ error: 'timeout' }), o.timeoutMs);
    req.on('socket', (sock) => {
      if (!o.secure) return;
      (sock as TLSSocket).once('secureConnect', () => {
        const t = sock as TLSSocket;
        const cert = t.getPeerCertificate();
        tlsFacts = {
          authorized: t.authorized,
          error: t.authorized ? null : String(t.authorizationError ?? 'UNKNOWN'),
          validFrom: isoDate(cert?.valid_from),
          validTo: isoDate(cert?.valid_to),
          names: (cert?.subjectaltname ?? '')
            .split(',')
            .map((x) => x.trim().replace(/^DNS:/, ''))
            .filter(Boolean)
            .slice(0, 20),
        };
      });
    });
    req.on('response', (res) => {
      const loc = res.headers.location;
      finish({ status: res.statusCode, location: Array.isArray(loc) ? loc[0] : loc, ttfbMs: performance.now() - started });
      res.destroy();
    });
    req.on('error', (e) => finish({ error: connectError(e) }));
    req.end();
  });
}
