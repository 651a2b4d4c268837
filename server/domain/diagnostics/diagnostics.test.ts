import { describe, expect, it } from 'vitest';
import { classifyAddress, mayConnect, parseIPv6 } from './addresses.ts';
import { dnsFinding, latencyFinding, redirectFinding, statusFinding, tlsFinding, httpFinding, httpsFinding } from './findings.ts';
import { nextHop, parseHostname } from './hostnames.ts';

describe('addresses checks may not reach', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['169.254.169.254', 'metadata'],
    ['169.254.1.1', 'link_local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00::1', 'private'],
    ['fc12::1', 'private'],
    ['fd00:ec2::254', 'private'],
    ['fe80::1%eth0', 'link_local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    // RFC 8215 local-use NAT64 (a network's own translator reaches its own IPv4 ranges) and SIIT IPv4-translated addresses.
    ['64:ff9b:1::a00:1', 'private'],
    ['64:ff9b:1:ffff::7f00:1', 'private'],
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['::ffff:0:a9fe:a9fe', 'metadata'],
    ['::ffff:0:8.8.8.8', 'public'],
    ['[::1]', 'loopback'],
    ['2606:4700:4700::1111', 'public'],
    ['2001:db8::1', 'reserved'],
    ['0177.0.0.1', 'invalid'],
    ['2130706433', 'invalid'],
    ['localhost', 'invalid'],
    ['1:2:3:4:5:6:7:8:9', 'invalid'],
  ])('%s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });
  it('parses IPv6 forms', () => {
    expect(parseIPv6('2001:db8::')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]);
    expect(parseIPv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(parseIPv6('1::2::3')).toBeNull();
  });
  it('the test setting allows all private addresses, or only the listed ones', () => {
    expect(mayConnect('127.0.0.1', false)).toBe(false);
    expect(mayConnect('127.0.0.1', true)).toBe(true);
    expect(mayConnect('127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(mayConnect('10.0.0.1', ['127.0.0.1'])).toBe(false);
    expect(mayConnect('8.8.8.8', false)).toBe(true);
    expect(mayConnect('not-an-ip', true)).toBe(false);
  });
});

describe('what may be diagnosed', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['www.example.com.', 'www.example.com'],
    ['xn--fiqs8s.xn--fiqz9s', 'xn--fiqs8s.xn--fiqz9s'],
    ['ok.test', 'ok.test'],
  ])('%s is checked as %s', (input, host) => {
    expect(parseHostname(input)).toEqual({ ok: true, host });
  });
  it.each([
    ['', 'empty'],
    ['127.0.0.1', 'ip_literal'],
    ['2130706433', 'ip_literal'],
    ['0177.0.0.1', 'ip_literal'],
    ['0x7f.1', 'ip_literal'],
    ['[::1]', 'ip_literal'],
    ['::1', 'ip_literal'],
    ['localhost', 'local_name'],
    ['localhost.', 'local_name'],
    ['foo.localhost', 'local_name'],
    ['printer.local', 'local_name'],
    ['metadata.google.internal', 'local_name'],
    ['example.com:8080', 'not_hostname'],
    ['https://example.com', 'not_hostname'],
    ['example.com/path', 'not_hostname'],
    ['user@example.com', 'not_hostname'],
    ['exa mple.com', 'not_hostname'],
    ['intranet', 'local_name'],
    ['example', 'not_hostname'],
    ['-bad.example.com', 'not_hostname'],
    ['a..b.com', 'not_hostname'],
    ['under_score.example.com', 'not_hostname'],
  ])('%s is refused (%s)', (input, reason) => {
    expect(parseHostname(input)).toEqual({ ok: false, reason });
  });
});

describe('redirect hops', () => {
  it('follows a relative Location and detects a loop', () => {
    const a = nextHop(['https://loop.test/'], '/a', 10);
    expect(a).toMatchObject({ kind: 'follow', url: 'https://loop.test/a', host: 'loop.test', literal: false, https: true });
    expect(nextHop(['https://loop.test/', 'https://loop.test/a'], 'https://loop.test/', 10)).toEqual({
      kind: 'loop',
      url: 'https://loop.test/',
    });
  });
  it('stops after too many hops', () => {
    const hops = Array.from({ length: 11 }, (_, i) => `https://x.test/${i}`);
    expect(nextHop(hops, '/next', 10)).toEqual({ kind: 'too_many' });
  });
  it('reads IP spellings in a Location as literals, and refuses other schemes and local names', () => {
    expect(nextHop(['https://a.test/'], 'http://0x7f.1/', 10)).toMatchObject({ kind: 'follow', host: '127.0.0.1', literal: true });
    expect(nextHop(['https://a.test/'], 'http://2130706433/', 10)).toMatchObject({ kind: 'follow', host: '127.0.0.1', literal: true });
    expect(nextHop(['https://a.test/'], 'http://[::1]:8080/', 10)).toMatchObject({
      kind: 'follow',
      host: '::1',
      literal: true,
      port: 8080,
    });
    expect(nextHop(['https://a.test/'], 'file:///etc/passwd', 10).kind).toBe('bad_location');
    expect(nextHop(['https://a.test/'], 'http://localhost/', 10).kind).toBe('bad_location');
    expect(nextHop(['https://a.test/'], 'http://user:pw@b.test/', 10).kind).toBe('bad_location');
    expect(nextHop(['https://a.test/'], undefined, 10).kind).toBe('bad_location');
  });
});

describe('findings from facts', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it('TLS: expired, not yet valid, wrong host, chain, expiring, valid', () => {
    expect(tlsFinding({ handshake: true, error: 'CERT_HAS_EXPIRED', validTo: '2026-05-22T00:00:00Z' }, now)).toMatchObject({
      status: 'fail',
      code: 'expired',
      params: { valid_to: '2026-05-22', days: 10 },
    });
    expect(tlsFinding({ handshake: true, validFrom: '2026-06-02T00:00:00Z', validTo: '2027-01-01T00:00:00Z' }, now).code).toBe(
      'not_yet_valid',
    );
    expect(tlsFinding({ handshake: true, error: 'ERR_TLS_CERT_ALTNAME_INVALID', names: ['a.test'] }, now)).toMatchObject({
      code: 'wrong_host',
      params: { names: 'a.test' },
    });
    expect(tlsFinding({ handshake: true, error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, now).code).toBe('incomplete_chain');
    expect(tlsFinding({ handshake: true, error: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, now).code).toBe('self_signed');
    expect(tlsFinding({ handshake: true, validFrom: '2026-01-01T00:00:00Z', validTo: '2026-06-10T00:00:00Z' }, now)).toMatchObject({
      status: 'warn',
      code: 'expiring',
      params: { days: 8 },
    });
    expect(tlsFinding({ handshake: true, validFrom: '2026-01-01T00:00:00Z', validTo: '2026-09-01T00:00:00Z' }, now)).toMatchObject({
      status: 'ok',
      code: 'valid',
    });
    expect(tlsFinding({ handshake: false }, now)).toMatchObject({ status: 'error', code: 'no_handshake' });
  });
  it('status codes: 5xx and the 52x family fail with their own meaning; 4xx warn', () => {
    expect(statusFinding({ status: 502 })).toMatchObject({ status: 'fail', code: 's502' });
    expect(statusFinding({ status: 522 })).toMatchObject({ status: 'fail', code: 's522' });
    expect(statusFinding({ status: 599 })).toMatchObject({ status: 'fail', code: 'server_error' });
    expect(statusFinding({ status: 404 })).toMatchObject({ status: 'warn', code: 's404' });
    expect(statusFinding({ status: 200 })).toMatchObject({ status: 'ok' });
    expect(statusFinding({})).toMatchObject({ status: 'error', code: 'no_response' });
  });
  it('redirects: loop, too many, blocked', () => {
    expect(redirectFinding({ hops: ['a', 'b'], end: 'loop', at: 'a' })).toMatchObject({
      status: 'fail',
      code: 'loop',
      params: { url: 'a', count: 1 },
    });
    expect(redirectFinding({ hops: ['a'], end: 'final' })).toMatchObject({ status: 'ok', code: 'none' });
    expect(redirectFinding({ hops: ['a', 'b'], end: 'blocked', at: 'https://p/' }).code).toBe('blocked');
    expect(redirectFinding({ hops: [], end: 'final', skipped: 'blocked' })).toMatchObject({ status: 'error', code: 'skipped_blocked' });
  });
  it('DNS: nxdomain, private answers, nameserver expectations', () => {
    const base = { addresses: ['8.8.8.8'], cname: [], nameservers: ['ns1.x.com'], blocked: [] };
    expect(dnsFinding({ ...base, error: 'nxdomain', addresses: [] }).code).toBe('nxdomain');
    expect(dnsFinding({ ...base, blocked: [{ address: '10.0.0.1', kind: 'private' }] })).toMatchObject({
      status: 'fail',
      code: 'private_address',
    });
    expect(dnsFinding({ ...base, expectedNameservers: ['ns1.x.com.'] }).status).toBe('ok');
    expect(dnsFinding({ ...base, expectedNameservers: ['a.ns.cloudflare.com'] })).toMatchObject({ status: 'warn', code: 'ns_mismatch' });
    expect(dnsFinding({ ...base, addresses: [] })).toMatchObject({ status: 'fail', code: 'no_address' });
  });
  it('connections and latency', () => {
    expect(httpsFinding({ port: 443, error: 'refused' })).toMatchObject({ status: 'fail', code: 'refused' });
    expect(httpsFinding({ port: 443, status: 200, authorized: false })).toMatchObject({ status: 'fail', code: 'untrusted' });
    expect(httpFinding({ port: 80, status: 301, toHttps: true })).toMatchObject({ status: 'ok' });
    expect(httpFinding({ port: 80, error: 'refused' })).toMatchObject({ status: 'warn' });
    expect(latencyFinding({ ttfbMs: 120 })).toMatchObject({ status: 'ok', params: { ms: 120 } });
    expect(latencyFinding({ ttfbMs: 1500 }).status).toBe('warn');
    expect(latencyFinding({ ttfbMs: 5000 }).status).toBe('fail');
  });
});
