import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { mayConnect } from '../../domain/diagnostics/addresses.ts';

export interface PostResult {
  /** The HTTP status, when an answer came. */
  status: number | null;
  /** Why there was no answer (or why it was not sent): a short, admin-readable reason. */
  error: string | null;
  durationMs: number;
}

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** What is read of an answer: only its status matters; the body is drained up to this and dropped. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs `body` to `url` once. The host is resolved here and each address checked: a private,
 * loopback or link-local address is refused unless `allowPrivate` lets it (KEFU_WEBHOOK_ALLOW_PRIVATE),
 * and the connection goes to the address that was checked (no second lookup for a rebinding answer).
 * Redirects are not followed. Nothing of the answer but its status is kept.
 */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  o: { allowPrivate: boolean | readonly string[]; timeoutMs?: number },
): Promise<PostResult> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { status: null, error: 'invalid URL', durationMs: 0 };
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch (e) {
    return { status: null, error: `DNS: ${(e as { code?: string }).code ?? 'lookup failed'}`, durationMs: took() };
  }
  const address = addresses.find((a) => mayConnect(a, o.allowPrivate));
  if (!address)
    return { status: null, error: `refused: ${host} resolves to a private address (${addresses[0] ?? 'none'})`, durationMs: took() };
  const secure = u.protocol === 'https:';
  return new Promise<PostResult>((resolve) => {
    let done = false;
    const finish = (r: Omit<PostResult, 'durationMs'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...r, durationMs: took() });
    };
    const port = u.port || (secure ? 443 : 80);
    const options = {
      method: 'POST',
      // The address checked above, whatever the name resolves to now; the name goes in Host and SNI.
      host: address,
      port,
      path: `${u.pathname}${u.search}`,
      agent: false as const,
      headers: {
        ...headers,
        host: u.host,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      },
    };
    const req = secure ? https.request({ ...options, servername: isIP(host) ? undefined : host }) : http.request(options);
    const timer = setTimeout(
      () => finish({ status: null, error: `timeout after ${o.timeoutMs ?? WEBHOOK_TIMEOUT_MS} ms` }),
      o.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
    );
    req.on('response', (res) => {
      let read = 0;
      res.on('data', (c: Buffer) => {
        read += c.length;
        if (read > MAX_ANSWER_BYTES) finish({ status: res.statusCode ?? null, error: null });
      });
      res.on('end', () => finish({ status: res.statusCode ?? null, error: null }));
      res.on('error', () => finish({ status: res.statusCode ?? null, error: null }));
    });
    req.on('error', (e) => finish({ status: null, error: (e as { code?: string }).code ?? (e as Error).message }));
    req.end(body);
  });
}
