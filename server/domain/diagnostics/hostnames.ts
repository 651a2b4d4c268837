/**
 * What may be diagnosed: a plain DNS host name, nothing else. No scheme, path, port, user info or
 * brackets; no IP literal in any spelling (dotted, decimal `2130706433`, octal `0177.0.0.1`, hex
 * `0x7f.1` — the last label must be alphabetic, which no IP spelling is); no `localhost` or other
 * names that only mean something on this machine or network. One trailing dot is allowed and dropped.
 */
export type HostRefusal = 'empty' | 'not_hostname' | 'ip_literal' | 'local_name';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const LOCAL_SUFFIXES = ['localhost', 'local', 'internal', 'intranet', 'lan', 'home.arpa', 'arpa', 'localdomain', 'corp'];

export function parseHostname(input: string): { ok: true; host: string } | { ok: false; reason: HostRefusal } {
  let s = input.trim().toLowerCase();
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (!s) return { ok: false, reason: 'empty' };
  if (s.length > 253 || /[^a-z0-9.-]/.test(s)) {
    // `[::1]`, `1.2.3.4:80`, `http://…`, `user@host`, spaces, percent-encoding, underscores.
    return { ok: false, reason: /^[[\]0-9a-f:.]+$/.test(s) ? 'ip_literal' : 'not_hostname' };
  }
  const labels = s.split('.');
  if (labels.some((l) => !LABEL.test(l))) return { ok: false, reason: 'not_hostname' };
  const tld = labels[labels.length - 1];
  if (/^(0x[0-9a-f]*|[0-9]+)$/.test(tld)) return { ok: false, reason: 'ip_literal' };
  if (LOCAL_SUFFIXES.some((x) => s === x || s.endsWith(`.${x}`))) return { ok: false, reason: 'local_name' };
  if (labels.length < 2 || !TLD.test(tld)) return { ok: false, reason: 'not_hostname' };
  return { ok: true, host: s };
}

/**
 * The next hop of a redirect chain, decided from what is known: the URLs visited so far (the
 * current one last) and the `Location` answered. Refuses what is not http(s), user info in the URL,
 * a host that is not a plain name or an IP literal, a URL seen before (a loop) and more than `max` hops.
 */
export type Hop =
  | { kind: 'follow'; url: string; host: string; literal: boolean; port: number | null; https: boolean }
  | { kind: 'loop'; url: string }
  | { kind: 'too_many' }
  | { kind: 'bad_location'; location: string };

export function nextHop(visited: string[], location: string | undefined, max: number): Hop {
  const current = visited[visited.length - 1];
  const loc = (location ?? '').trim().slice(0, 2000);
  let u: URL;
  try {
    u = new URL(loc, current);
  } catch {
    return { kind: 'bad_location', location: loc };
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password || !loc)
    return { kind: 'bad_location', location: loc };
  u.hash = '';
  const url = u.toString();
  if (visited.includes(url)) return { kind: 'loop', url };
  if (visited.length > max) return { kind: 'too_many' };
  // The URL parser turns any IP spelling (0x7f.1, 2130706433) into dotted form: such a host is a literal.
  const bracketed = u.hostname.startsWith('[');
  const literal = bracketed || /^\d+\.\d+\.\d+\.\d+$/.test(u.hostname);
  const host = bracketed ? u.hostname.slice(1, -1) : u.hostname;
  if (!literal && !parseHostname(host).ok) return { kind: 'bad_location', location: loc };
  return { kind: 'follow', url, host, literal, port: u.port ? Number(u.port) : null, https: u.protocol === 'https:' };
}
