import { classifyAddress, mayConnect } from '../../domain/diagnostics/addresses.ts';
import {
  dnsFinding,
  httpFinding,
  httpsFinding,
  latencyFinding,
  redirectFinding,
  statusFinding,
  timedOut,
  tlsFinding,
  type CheckKey,
  type ConnectFacts,
  type Finding,
  type RedirectFacts,
  type Skipped,
  type TlsFacts,
} from '../../domain/diagnostics/findings.ts';
import { nextHop } from '../../domain/diagnostics/hostnames.ts';
import { lookupAddresses, lookupHost, probe, type DiagnosticsSettings, type ProbeResult } from './probes.ts';

/**
 * Time budgets. DNS first (everything else needs its answer), then the HTTPS chain and the plain
 * HTTP request side by side. The whole run stays under RUN_BUDGET_MS (10 s in the spec); a check
 * that runs out of its budget is reported as such (`budget_exceeded`), never as passed.
 */
export const BUDGETS = { dnsMs: 2_500, requestMs: 3_000, chainMs: 6_000, httpMs: 4_000, runMs: 9_500 };
export const MAX_REDIRECTS = 10;

class Timeout extends Error {}
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, rej) => (timer = setTimeout(() => rej(new Timeout()), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/** The first address a check may use; `blocked` when any answer is one checks may not reach. */
function pickAddress(addresses: string[], allowPrivate: boolean | string[]): { ip: string } | { skipped: Skipped } {
  if (!addresses.length) return { skipped: 'no_address' };
  // One private answer among public ones is refused too: which one a client gets is not ours to choose.
  if (addresses.some((a) => !mayConnect(a, allowPrivate))) return { skipped: 'blocked' };
  return { ip: addresses[0] };
}

interface Chain {
  facts: RedirectFacts;
  first: ProbeResult | null;
  last: ProbeResult | null;
}

/** Follows redirects by hand from `startUrl`, resolving and checking every new host before connecting. */
async function followChain(s: DiagnosticsSettings, startUrl: string, firstIp: string, deadline: number): Promise<Chain> {
  const hops = [startUrl];
  let url = new URL(startUrl);
  let ip = firstIp;
  let first: ProbeResult | null = null;
  let last: ProbeResult | null = null;
  for (;;) {
    const left = deadline - performance.now();
    if (left <= 50) return { facts: { hops, end: 'error', at: url.toString() }, first, last };
    const secure = url.protocol === 'https:';
    const port = url.port ? Number(url.port) : secure ? s.httpsPort : s.httpPort;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const r = await probe(s, {
      ip,
      port,
      host,
      path: `${url.pathname}${url.search}`,
      secure,
      timeoutMs: Math.min(BUDGETS.requestMs, left),
    });
    first ??= r;
    if (r.error) return { facts: { hops, end: hops.length === 1 ? 'final' : 'error', at: url.toString() }, first, last };
    last = r;
    if (!r.status || r.status < 300 || r.status >= 400 || r.status === 304 || !r.location)
      return { facts: { hops, end: 'final' }, first, last };
    const hop = nextHop(hops, r.location, MAX_REDIRECTS);
    if (hop.kind === 'loop') return { facts: { hops, end: 'loop', at: hop.url }, first, last };
    if (hop.kind === 'too_many') return { facts: { hops, end: 'too_many' }, first, last };
    if (hop.kind === 'bad_location') return { facts: { hops, end: 'bad_location', at: hop.location }, first, last };
    const addresses = hop.literal
      ? [hop.host]
      : await lookupAddresses(s, hop.host, Math.max(100, Math.min(1_500, deadline - performance.now())));
    const picked = pickAddress(addresses, s.allowPrivate);
    if ('skipped' in picked) return { facts: { hops, end: picked.skipped === 'blocked' ? 'blocked' : 'error', at: hop.url }, first, last };
    hops.push(hop.url);
    url = new URL(hop.url);
    ip = picked.ip;
  }
}

export interface RunOutcome {
  findings: Finding[];
  /** What the run saw, for the record (locale-free): addresses, the redirect chain. */
  facts: Record<string, unknown>;
}

/** Runs every check on `domain` (a host name already checked by parseHostname) within the budgets. */
export async function runChecks(
  s: DiagnosticsSettings,
  domain: string,
  o: { expectedNameservers?: string[] | null; now: () => Date },
): Promise<RunOutcome> {
  const started = performance.now();
  const runDeadline = started + BUDGETS.runMs;
  let dns;
  try {
    dns = await within(lookupHost(s, domain, 1_200), BUDGETS.dnsMs);
  } catch {
    const keys: CheckKey[] = ['dns', 'https', 'http', 'http_status', 'tls', 'redirects', 'latency'];
    return { findings: keys.map((k) => timedOut(k)), facts: {} };
  }
  const blocked = dns.addresses
    .filter((a) => !mayConnect(a, s.allowPrivate))
    .map((address) => ({ address, kind: classifyAddress(address) }));
  const findings: Finding[] = [
    dnsFinding({ ...dns, error: dns.error === 'nodata' ? undefined : dns.error, blocked, expectedNameservers: o.expectedNameservers }),
  ];
  const picked = pickAddress(dns.addresses, s.allowPrivate);
  if ('skipped' in picked) {
    const skipped = picked.skipped;
    findings.push(
      httpsFinding({ skipped, port: s.httpsPort }),
      httpFinding({ skipped, port: s.httpPort }),
      statusFinding({ skipped }),
      tlsFinding({ skipped, handshake: false }, o.now()),
      redirectFinding({ skipped, hops: [], end: 'final' }),
      latencyFinding({ skipped }),
    );
    return { findings, facts: { addresses: dns.addresses, cname: dns.cname, nameservers: dns.nameservers } };
  }
  const chainDeadline = Math.min(runDeadline, performance.now() + BUDGETS.chainMs);
  const httpsChain = followChain(s, `https://${domain}/`, picked.ip, chainDeadline);
  const plain = probe(s, { ip: picked.ip, port: s.httpPort, host: domain, path: '/', secure: false, timeoutMs: BUDGETS.requestMs });
  const [chainResult, plainResult] = await Promise.allSettled([
    within(httpsChain, BUDGETS.chainMs + 500),
    within(plain, Math.min(BUDGETS.httpMs, runDeadline - performance.now())),
  ]);
  let chain: Chain | null = chainResult.status === 'fulfilled' ? chainResult.value : null;
  // HTTPS did not answer at all: the status, redirects and latency are those of plain HTTP.
  if (chain?.first?.error && chain.first.error !== 'handshake' && runDeadline - performance.now() > 500)
    chain = await within(followChain(s, `http://${domain}/`, picked.ip, runDeadline - 200), runDeadline - performance.now()).catch(
      () => chain,
    );
  const now = o.now();
  if (!chain) {
    findings.push(timedOut('https'), timedOut('tls'), timedOut('http_status'), timedOut('redirects'), timedOut('latency'));
  } else {
    const first: ProbeResult = chain.first ?? {};
    const httpsFirst = chainResult.status === 'fulfilled' ? (chainResult.value.first ?? {}) : {};
    const tls: TlsFacts = httpsFirst.tls
      ? {
          handshake: true,
          error: httpsFirst.tls.error,
          validFrom: httpsFirst.tls.validFrom,
          validTo: httpsFirst.tls.validTo,
          names: httpsFirst.tls.names,
        }
      : { handshake: false };
    const httpsFacts: ConnectFacts = {
      port: s.httpsPort,
      error: httpsFirst.error ?? (httpsFirst.status == null ? 'other' : undefined),
      status: httpsFirst.status,
      authorized: httpsFirst.tls?.authorized,
    };
    findings.push(httpsFinding(httpsFacts), tlsFinding(tls, now));
    const final = chain.last;
    findings.push(
      statusFinding({ status: final?.status, url: chain.facts.hops[chain.facts.hops.length - 1] }),
      redirectFinding(chain.facts),
      latencyFinding({ ttfbMs: first.ttfbMs ?? null }),
    );
  }
  if (plainResult.status === 'fulfilled') {
    const p = plainResult.value;
    findings.push(
      httpFinding({ port: s.httpPort, error: p.error, status: p.status, toHttps: !!p.location && /^https:/i.test(p.location.trim()) }),
    );
  } else findings.push(timedOut('http'));
  const order = ['dns', 'https', 'http', 'http_status', 'tls', 'redirects', 'latency'];
  findings.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  return {
    findings,
    facts: {
      addresses: dns.addresses,
      cname: dns.cname,
      nameservers: dns.nameservers,
      connected_to: picked.ip,
      chain: chain?.facts.hops ?? [],
    },
  };
}
