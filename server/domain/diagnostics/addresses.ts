/**
 * Which addresses a diagnostic check may connect to. Diagnostics connect to hosts a customer names,
 * so they must never become a way to reach inside: loopback, private, shared (CGNAT), link-local
 * (and the cloud metadata address in it), unspecified, multicast and reserved ranges are refused,
 * in IPv4, IPv6 and IPv4 embedded in IPv6 (mapped, compatible, IPv4-translated, NAT64 and local-use NAT64, 6to4).
 */
export type AddressKind =
  'public' | 'loopback' | 'private' | 'cgnat' | 'link_local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved' | 'invalid';

/** Strict dotted-decimal IPv4 (what a resolver answers); anything else is not an IPv4 address here. */
export function parseIPv4(s: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p, i) => p > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith('0')))) return null;
  return parts;
}

/** IPv6 as eight 16-bit groups (a zone id such as `%eth0` is dropped), or null. */
export function parseIPv6(input: string): number[] | null {
  let s = input.trim().toLowerCase();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return null;
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two hex groups.
    const v4 = parseIPv4(last);
    if (!v4) return null;
    s = `${s.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const group = (p: string) => (p === '' ? [] : p.split(':'));
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  if (halves.length === 1 && head.length !== 8) return null;
  if (halves.length === 2 && head.length + rest.length > 7) return null;
  const hex = (g: string) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN);
  const fill = halves.length === 2 ? new Array(8 - head.length - rest.length).fill(0) : [];
  const groups = [...head.map(hex), ...fill, ...rest.map(hex)];
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g))) return null;
  return groups;
}

function classifyV4([a, b, c, d]: number[]): AddressKind {
  if (a === 0) return 'unspecified';
  if (a === 10) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'cgnat';
  if (a === 127) return 'loopback';
  if (a === 169 && b === 254) return c === 169 && d === 254 ? 'metadata' : 'link_local';
  if (a === 172 && b >= 16 && b <= 31) return 'private';
  if (a === 192 && b === 168) return 'private';
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return 'reserved'; // IETF protocol assignments, TEST-NET-1
  if (a === 198 && (b === 18 || b === 19)) return 'reserved'; // benchmarking
  if (a === 198 && b === 51 && c === 100) return 'reserved'; // TEST-NET-2
  if (a === 203 && b === 0 && c === 113) return 'reserved'; // TEST-NET-3
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved'; // includes 255.255.255.255
  return 'public';
}

function classifyV6(g: number[]): AddressKind {
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  const v4 = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255];
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  if (zeroUpTo(5) && g[5] === 0xffff) return classifyV4(v4(g[6], g[7])); // ::ffff:a.b.c.d (mapped)
  if (zeroUpTo(6)) return classifyV4(v4(g[6], g[7])); // ::a.b.c.d (compatible, deprecated)
  if (zeroUpTo(4) && g[4] === 0xffff && g[5] === 0) return classifyV4(v4(g[6], g[7])); // ::ffff:0:a.b.c.d (SIIT, IPv4-translated)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(v4(g[6], g[7])); // NAT64
  // Local-use NAT64 (RFC 8215): a network's own translator, reaching its own IPv4 ranges; where the IPv4 part sits depends on the prefix length.
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'private';
  if (g[0] === 0x2002) return classifyV4(v4(g[1], g[2])); // 6to4
  if ((g[0] & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local (fd00::/8 in practice; AWS metadata fd00:ec2::254)
  if ((g[0] & 0xffc0) === 0xfe80) return 'link_local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'private'; // site-local, deprecated
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'reserved'; // documentation
  if (g[0] === 0x0100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return 'reserved'; // discard-only 100::/64
  return 'public';
}

/** The kind of an address as text (IPv4 dotted decimal or IPv6, brackets and zone allowed). */
export function classifyAddress(address: string): AddressKind {
  const v4 = parseIPv4(address.trim());
  if (v4) return classifyV4(v4);
  const v6 = parseIPv6(address);
  if (v6) return classifyV6(v6);
  return 'invalid';
}

/**
 * May a check connect to this address? `allow` (KEFU_DIAG_ALLOW_PRIVATE, for tests) lifts the rule:
 * `true` for every address, or a list of exact addresses (e.g. only 127.0.0.1, where test origins listen).
 */
export function mayConnect(address: string, allow: boolean | readonly string[]): boolean {
  const kind = classifyAddress(address);
  if (kind === 'invalid') return false;
  if (kind === 'public' || allow === true) return true;
  return Array.isArray(allow) && allow.includes(address.trim().toLowerCase());
}
