import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMON_CODES, CHECK_KEYS, MESSAGE_CODES } from '../../server/domain/diagnostics/findings.ts';
import { t } from '../../server/i18n/index.ts';
import { DIAGNOSTICS_CONCURRENCY, DIAGNOSTICS_RATE } from '../../server/modules/diagnostics/diagnosticsPolicy.ts';
import { startDnsServer } from '../helpers/dnsServer.ts';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';
import { startOrigins, TEST_ZONE, type Origins } from '../helpers/tlsOrigins.ts';

/**
 * Asset diagnostics against a real DNS server and real HTTPS/HTTP origins on loopback
 * (docs/diagnostics.md). `k` may connect to 127.0.0.1 only (KEFU_DIAG_ALLOW_PRIVATE=127.0.0.1);
 * `strict` runs with the default rule and must connect to nothing.
 */
let k: TestKefu;
let strict: TestKefu;
let dns: Awaited<ReturnType<typeof startDnsServer>>;
let origins: Origins;
let alice: Caller; // customer of Acme, English
let li: Caller; // customer of Acme, Chinese
let bob: Caller; // customer of Bravo
let agentZh: Caller;
const asset: Record<string, number> = {};
let bravoAsset: number;

const byKey = (checks: Array<{ key: string }>) => Object.fromEntries(checks.map((c) => [c.key, c])) as Record<string, any>;

beforeAll(async () => {
  dns = await startDnsServer(TEST_ZONE);
  origins = await startOrigins();
  const env = {
    KEFU_DIAG_DNS: dns.address,
    KEFU_DIAG_HTTPS_PORT: String(origins.httpsPort),
    KEFU_DIAG_HTTP_PORT: String(origins.httpPort),
    KEFU_DIAG_CA_FILE: origins.caFile,
  };
  k = await testKefu({ ...env, KEFU_DIAG_ALLOW_PRIVATE: '127.0.0.1' });
  strict = await testKefu(env);
  const acme = (await k.admin.post('/api/v1/organizations', { name: 'Acme' })).body;
  const bravo = (await k.admin.post('/api/v1/organizations', { name: 'Bravo' })).body;
  for (const name of ['ok.test', 'expired.test', 'bad502.test', 'loop.test', 'private.test', 'toprivate.test', 'other.test', 'www.ok.test'])
    asset[name] = (await k.admin.post(`/api/v1/organizations/${acme.id}/assets`, { kind: 'domain', name })).body.id;
  bravoAsset = (await k.admin.post(`/api/v1/organizations/${bravo.id}/assets`, { kind: 'domain', name: 'nothing.test' })).body.id;
  const person = async (email: string, org: number | null, locale: string, role = 'customer') => {
    const r = await k.admin.post('/api/v1/people', {
      name: email.split('@')[0],
      email,
      organization_id: org,
      role,
      password: 'Long-pass-123',
      locale,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return k.signIn(email, 'Long-pass-123');
  };
  alice = await person('alice@acme.test', acme.id, 'en');
  li = await person('li@acme.test', acme.id, 'zh-CN');
  bob = await person('bob@bravo.test', bravo.id, 'en');
  agentZh = await person('wang@kefu.test', null, 'zh-CN', 'agent');
}, 60_000);
afterAll(async () => {
  await k?.stop();
  await strict?.stop();
  await origins?.close();
  await dns?.close();
});

describe('diagnostics against a local DNS server and local origins', () => {
  it('a healthy domain: resolves, HTTPS with a trusted certificate, HTTP redirects to HTTPS, status 200', async () => {
    const r = await alice.post('/api/v1/diagnostics', { asset_id: asset['ok.test'] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const d = r.body.data;
    expect(d).toMatchObject({ domain: 'ok.test', asset_id: asset['ok.test'] });
    expect(typeof d.ran_at).toBe('string');
    expect(d.checks.map((c: any) => c.key)).toEqual(['dns', 'https', 'http', 'http_status', 'tls', 'redirects', 'latency']);
    const c = byKey(d.checks);
    expect(c.dns).toMatchObject({ status: 'ok', code: 'resolves' });
    expect(c.dns.detail).toContain('127.0.0.1');
    expect(c.dns.detail).toContain('ns1.kefu-dns.test');
    expect(c.https).toMatchObject({ status: 'ok', code: 'reachable', fix: null });
    expect(c.http).toMatchObject({ status: 'ok', code: 'redirects_to_https' });
    expect(c.http_status).toMatchObject({ status: 'ok' });
    expect(c.tls).toMatchObject({ status: 'ok', code: 'valid' });
    expect(c.redirects).toMatchObject({ status: 'ok', code: 'none' });
    expect(['ok', 'warn', 'fail']).toContain(c.latency.status);
  });

  it('the nameservers are compared with the ones the asset expects', async () => {
    const org = (await k.admin.get('/api/v1/organizations?q=Acme')).body.data[0];
    const expected = ['NS2.kefu-dns.test', 'ns1.kefu-dns.test'];
    const good = (
      await k.admin.post(`/api/v1/organizations/${org.id}/assets`, { kind: 'domain', name: 'nsgood.test', expected_nameservers: expected })
    ).body;
    expect(good.expected_nameservers).toEqual(['ns2.kefu-dns.test', 'ns1.kefu-dns.test']);
    const bad = (
      await k.admin.post(`/api/v1/organizations/${org.id}/assets`, { kind: 'domain', name: 'nsbad.test', expected_nameservers: expected })
    ).body;
    expect(byKey((await alice.post('/api/v1/diagnostics', { asset_id: good.id })).body.data.checks).dns).toMatchObject({ status: 'ok' });
    const dnsBad = byKey((await li.post('/api/v1/diagnostics', { asset_id: bad.id })).body.data.checks).dns;
    expect(dnsBad).toMatchObject({ status: 'warn', code: 'ns_mismatch', title: '域名服务器不符' });
    expect(dnsBad.detail).toContain('ns9.elsewhere.test');
    expect(
      (
        await k.admin.post(`/api/v1/organizations/${org.id}/assets`, {
          kind: 'domain',
          name: 'x.test',
          expected_nameservers: ['not a host'],
        })
      ).status,
    ).toBe(400);
  });

  it('a CNAME is followed and named', async () => {
    const c = byKey((await alice.post('/api/v1/diagnostics', { asset_id: asset['www.ok.test'] })).body.data.checks);
    expect(c.dns).toMatchObject({ status: 'ok', code: 'resolves_cname' });
    expect(c.dns.detail).toContain('ok.test');
  });

  it('the expired certificate is found, with its fix, in English and in Chinese', async () => {
    const en = byKey((await alice.post('/api/v1/diagnostics', { asset_id: asset['expired.test'] })).body.data.checks);
    expect(en.tls).toMatchObject({ status: 'fail', code: 'expired', title: 'Certificate expired' });
    expect(en.tls.detail).toMatch(/expired on \d{4}-\d\d-\d\d \(10 days ago\)/);
    expect(en.tls.fix).toMatch(/Renew the certificate/);
    expect(en.https).toMatchObject({ status: 'fail', code: 'untrusted' });
    const zh = byKey((await li.post('/api/v1/diagnostics', { asset_id: asset['expired.test'] })).body.data.checks);
    expect(zh.tls).toMatchObject({ status: 'fail', title: '证书已过期' });
    expect(zh.tls.fix).toContain('续订证书');
  });

  it('the 502 is found, with its fix, in both languages', async () => {
    const en = byKey((await alice.post('/api/v1/diagnostics', { asset_id: asset['bad502.test'] })).body.data.checks);
    expect(en.http_status).toMatchObject({ status: 'fail', code: 's502', title: '502 Bad Gateway' });
    expect(en.http_status.fix).toMatch(/application behind the proxy is running/);
    expect(en.tls.status).toBe('ok');
    const zh = byKey((await li.post('/api/v1/diagnostics', { asset_id: asset['bad502.test'] })).body.data.checks);
    expect(zh.http_status).toMatchObject({ status: 'fail', title: '502 错误网关' });
    expect(zh.http_status.fix).toContain('代理后面的应用');
  });

  it('the redirect loop is found, with its fix, in both languages', async () => {
    const en = byKey((await alice.post('/api/v1/diagnostics', { asset_id: asset['loop.test'] })).body.data.checks);
    expect(en.redirects).toMatchObject({ status: 'fail', code: 'loop', title: 'Redirect loop' });
    expect(en.redirects.detail).toContain('https://loop.test/');
    expect(en.redirects.fix).toMatch(/redirect rules agree/);
    const zh = byKey((await li.post('/api/v1/diagnostics', { asset_id: asset['loop.test'] })).body.data.checks);
    expect(zh.redirects).toMatchObject({ status: 'fail', title: '重定向循环' });
    expect(zh.redirects.fix).toContain('重定向规则');
  });

  it('a certificate for another name is found', async () => {
    const c = byKey((await alice.post('/api/v1/diagnostics', { asset_id: asset['other.test'] })).body.data.checks);
    expect(c.tls).toMatchObject({ status: 'fail', code: 'wrong_host' });
    expect(c.tls.detail).toContain('ok.test');
  });

  it('a domain resolving to a private address is refused: no check connects to it', async () => {
    const c = byKey((await alice.post('/api/v1/diagnostics', { asset_id: asset['private.test'] })).body.data.checks);
    expect(c.dns).toMatchObject({ status: 'fail', code: 'private_address' });
    expect(c.dns.detail).toContain('10.0.0.1');
    for (const key of ['https', 'http', 'http_status', 'tls', 'redirects', 'latency'])
      expect(c[key], key).toMatchObject({ status: 'error', code: 'skipped_blocked' });
  });

  it('a redirect to a private address is not followed', async () => {
    const c = byKey((await alice.post('/api/v1/diagnostics', { asset_id: asset['toprivate.test'] })).body.data.checks);
    expect(c.redirects).toMatchObject({ status: 'fail', code: 'blocked' });
    expect(c.redirects.detail).toContain('https://private.test/');
  });

  it('without KEFU_DIAG_ALLOW_PRIVATE, a domain on loopback is refused and nothing is connected to', async () => {
    const acme = (await strict.admin.post('/api/v1/organizations', { name: 'Strict' })).body;
    const a = (await strict.admin.post(`/api/v1/organizations/${acme.id}/assets`, { kind: 'domain', name: 'ok.test' })).body;
    const before = origins.connections();
    const r = await strict.admin.post('/api/v1/diagnostics', { asset_id: a.id });
    expect(r.status).toBe(201);
    const c = byKey(r.body.data.checks);
    expect(c.dns).toMatchObject({ status: 'fail', code: 'private_address' });
    expect(c.dns.detail).toContain('127.0.0.1');
    expect(c.https).toMatchObject({ status: 'error', code: 'skipped_blocked' });
    expect(c.tls.code).toBe('skipped_blocked');
    expect(origins.connections()).toBe(before);
  });
});

describe('who may check what', () => {
  it("anonymous: 401; another organization's asset: 404 that says nothing; a missing asset: the same 404", async () => {
    expect((await k.anon.post('/api/v1/diagnostics', { asset_id: asset['ok.test'] })).status).toBe(401);
    const other = await bob.post('/api/v1/diagnostics', { asset_id: asset['ok.test'] });
    const missing = await bob.post('/api/v1/diagnostics', { asset_id: 987654 });
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain('ok.test');
    expect(other.body.error.message.replace(String(asset['ok.test']), 'N')).toBe(missing.body.error.message.replace('987654', 'N'));
  });

  it('customers may not type a domain; staff may, and anything but a plain host name is a clear 4xx', async () => {
    const r = await alice.post('/api/v1/diagnostics', { domain: 'ok.test' });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/choose one of your organization's domains/);
    expect((await k.admin.post('/api/v1/diagnostics', { domain: 'OK.test.' })).body.data.domain).toBe('ok.test');
    for (const bad of [
      'localhost',
      '127.0.0.1',
      '2130706433',
      '0177.0.0.1',
      '[::1]',
      'ok.test:8443',
      'https://ok.test/',
      'metadata.google.internal',
      '',
    ])
      expect((await k.admin.post('/api/v1/diagnostics', { domain: bad })).status, bad).toBe(422);
    expect((await k.admin.post('/api/v1/diagnostics', {})).status).toBe(400);
    expect((await k.admin.post('/api/v1/diagnostics', { asset_id: asset['ok.test'], domain: 'ok.test' })).status).toBe(400);
    const zh = await agentZh.post('/api/v1/diagnostics', { domain: 'localhost' });
    expect(zh.body.error.message).toContain('本地名称');
  });

  it('runs are rate-limited per person: 429 with Retry-After and a clear message', async () => {
    const saved = { ...DIAGNOSTICS_RATE };
    DIAGNOSTICS_RATE.max = 2;
    try {
      const ceo = await (async () => {
        const org = (await k.admin.get('/api/v1/organizations?q=Bravo')).body.data[0];
        await k.admin.post('/api/v1/people', {
          name: 'Rae',
          email: 'rae@bravo.test',
          organization_id: org.id,
          password: 'Long-pass-123',
          locale: 'en',
        });
        return k.signIn('rae@bravo.test', 'Long-pass-123');
      })();
      expect((await ceo.post('/api/v1/diagnostics', { asset_id: bravoAsset })).status).toBe(201);
      expect((await ceo.post('/api/v1/diagnostics', { asset_id: bravoAsset })).status).toBe(201);
      const third = await ceo.post('/api/v1/diagnostics', { asset_id: bravoAsset });
      expect(third.status).toBe(429);
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      expect(third.body.error.message).toMatch(/2 times in 10 minutes/);
      // Someone else is not limited by Rae's runs.
      expect((await bob.post('/api/v1/diagnostics', { asset_id: bravoAsset })).status).toBe(201);
    } finally {
      Object.assign(DIAGNOSTICS_RATE, saved);
    }
  });
});

describe('runs at once', () => {
  it('over the per-instance cap, a run is refused with 429 and Retry-After, and nothing is stored', async () => {
    const saved = DIAGNOSTICS_CONCURRENCY.max;
    DIAGNOSTICS_CONCURRENCY.max = 0;
    const count = async () => (await k.db.query<{ n: number }>('select count(*)::int as n from diagnostics'))[0].n;
    const before = await count();
    try {
      const r = await li.post('/api/v1/diagnostics', { asset_id: asset['ok.test'] });
      expect(await count()).toBe(before);
      expect(r.status).toBe(429);
      expect(r.headers['retry-after']).toBe('5');
      expect(r.body.error.message).toContain('5 秒后重试');
    } finally {
      DIAGNOSTICS_CONCURRENCY.max = saved;
    }
    expect((await li.post('/api/v1/diagnostics', { asset_id: asset['ok.test'] })).status).toBe(201);
  });
});

describe('findings travel with the ticket', () => {
  it('a customer opens a ticket with their run; agents read it next to the conversation, in their own language; Run again adds a run', async () => {
    const run = (await alice.post('/api/v1/diagnostics', { asset_id: asset['bad502.test'] })).body.data;
    // Not for another asset, not someone else's run.
    const wrongAsset = await alice.post('/api/v1/tickets', {
      subject: 'Site down',
      body: 'Help',
      asset_id: asset['ok.test'],
      diagnostic_id: run.id,
    });
    expect(wrongAsset.status).toBe(422);
    const notMine = await li.post('/api/v1/tickets', {
      subject: 'Site down',
      body: 'Help',
      asset_id: asset['bad502.test'],
      diagnostic_id: run.id,
    });
    expect(notMine.status).toBe(422);
    expect(notMine.body.error.details.field).toBe('diagnostic_id');

    const tk = await alice.post('/api/v1/tickets', {
      subject: 'Site down',
      body: 'Help',
      asset_id: asset['bad502.test'],
      diagnostic_id: run.id,
    });
    expect(tk.status, JSON.stringify(tk.body)).toBe(201);
    // One run, one ticket.
    const again = await alice.post('/api/v1/tickets', {
      subject: 'Again',
      body: 'Help',
      asset_id: asset['bad502.test'],
      diagnostic_id: run.id,
    });
    expect(again.status).toBe(409);

    const list = await agentZh.get(`/api/v1/tickets/${tk.body.id}/diagnostics`);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ id: run.id, ticket_id: tk.body.id, ran_at: run.ran_at });
    expect(byKey(list.body.data[0].checks).http_status.title).toBe('502 错误网关');
    // Customers do not read this list (the findings are in their own form answer).
    expect((await alice.get(`/api/v1/tickets/${tk.body.id}/diagnostics`)).status).toBe(403);

    const rerun = await agentZh.post('/api/v1/diagnostics', { asset_id: asset['bad502.test'], ticket_id: tk.body.id });
    expect(rerun.status).toBe(201);
    const after = (await agentZh.get(`/api/v1/tickets/${tk.body.id}/diagnostics`)).body.data;
    expect(after.map((d: any) => d.id)).toEqual([rerun.body.data.id, run.id]);
    // A customer cannot attach a run to a ticket by ticket_id.
    expect((await alice.post('/api/v1/diagnostics', { asset_id: asset['bad502.test'], ticket_id: tk.body.id })).status).toBe(403);
  });
});

describe('every finding has its words', () => {
  it('title, detail and fix exist in English and Chinese for every code', () => {
    for (const loc of ['en', 'zh-CN'])
      for (const key of CHECK_KEYS) {
        expect(t(loc, `diagnostics.check.${key}`)).toBeTruthy();
        for (const code of MESSAGE_CODES[key])
          for (const part of ['title', 'detail', 'fix']) expect(() => t(loc, `diagnostics.${key}.${code}.${part}`)).not.toThrow();
        for (const code of COMMON_CODES)
          for (const part of ['title', 'detail', 'fix']) expect(() => t(loc, `diagnostics.common.${code}.${part}`)).not.toThrow();
      }
  });
});
