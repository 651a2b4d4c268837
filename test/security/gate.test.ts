import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityKefu, type SecurityKefu } from './securityKefu.ts';

/**
 * The access gate decides from the matched route, never from the URL text (finding 1), cookie
 * sessions refuse foreign origins (finding 9), and the smaller header rules of finding 14.
 */
let k: SecurityKefu;
beforeAll(async () => {
  k = await securityKefu();
});
afterAll(async () => {
  await k?.stop();
});

type Headers = Record<string, string>;
async function raw(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers = {}, body?: unknown) {
  const r = await k.kefu.app.inject({
    method,
    url,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
  let parsed: any = r.body;
  try {
    parsed = JSON.parse(r.body);
  } catch {
    /* not JSON */
  }
  return { status: r.statusCode, body: parsed, headers: r.headers };
}

async function sessionCookie(email: string, password: string): Promise<string> {
  const r = await k.kefu.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: `10.77.${Math.floor(Math.random() * 250)}.1`,
  });
  const c = r.cookies.find((x) => x.name === 'kefu_session');
  if (!c) throw new Error(`sign in failed: ${r.body}`);
  return `kefu_session=${c.value}`;
}

/** The same path spelled as a browser, a proxy or an attacker might. */
const spellings = (path: string) => [
  path,
  path.replace('/api/', '/%61pi/'),
  path.replace('/api/', '/%61%70%69/'),
  path.replace('/v1/', '/%76%31/'),
  path.replace(/\/([a-z])([a-z-]*)$/, (_m, a: string, rest: string) => `/%${a.charCodeAt(0).toString(16)}${rest}`),
];

describe('every spelling of a path meets the same checks (finding 1)', () => {
  it('anonymous callers get 401 or 404 — never data — from encoded API paths', async () => {
    for (const path of [
      '/api/v1/plans',
      '/api/v1/tickets',
      '/api/v1/people',
      '/api/v1/organizations',
      '/api/v1/tokens',
      '/api/v1/audit-log',
    ]) {
      for (const url of spellings(path)) {
        const r = await raw('GET', url);
        expect([401, 404], `${url} answered ${r.status}`).toContain(r.status);
        expect(r.body.error?.code, url).toBeTruthy();
      }
    }
    // Public routes stay public in any spelling.
    expect((await raw('GET', '/%61pi/v1/health')).status).toBe(200);
  });

  it('with staff two-factor required, an agent without it reaches nothing through /%61pi/', async () => {
    await k.person({ name: 'Ned Agent', email: 'ned@kefu.test', password: 'Ned-pass-1234', role: 'agent' });
    const cookie = { cookie: await sessionCookie('ned@kefu.test', 'Ned-pass-1234'), origin: 'http://localhost' };
    expect((await k.admin.patch('/api/v1/security/settings', { require_2fa_for_staff: true })).status).toBe(200);
    try {
      for (const url of spellings('/api/v1/tickets')) {
        const r = await raw('GET', url, cookie);
        expect(r.status, url).toBe(403);
        expect(r.body.error.code).toBe('two_factor_required');
      }
      for (const url of spellings('/api/v1/tokens')) {
        const r = await raw('POST', url, cookie, { name: 'sneaky' });
        expect(r.status, url).toBe(403);
        expect(r.body.error.code).toBe('two_factor_required');
      }
      // Enrolment itself stays open in any spelling.
      expect((await raw('GET', '/%61pi/v1/me/security', cookie)).status).toBe(200);
    } finally {
      expect((await k.admin.patch('/api/v1/security/settings', { require_2fa_for_staff: false })).status).toBe(200);
    }
    const tokens = await k.db.query(`select id from api_tokens where name = 'sneaky'`);
    expect(tokens).toEqual([]);
  });

  it('an unverified customer cannot open tickets through an encoded path', async () => {
    expect((await k.anon.post('/api/v1/auth/signup', { name: 'Uma', email: 'uma@example.test', password: 'Uma-pass-1234' })).status).toBe(
      202,
    );
    const cookie = { cookie: await sessionCookie('uma@example.test', 'Uma-pass-1234'), origin: 'http://localhost' };
    for (const url of spellings('/api/v1/tickets')) {
      const r = await raw('POST', url, cookie, { subject: 'Sneaky', body: 'x' });
      expect(r.status, url).toBe(403);
      expect(r.body.error.code).toBe('email_unverified');
    }
    const mine = await raw('GET', '/api/v1/tickets', cookie);
    expect(mine.body.data).toEqual([]);
  });

  it('withheld fields stay out of the event history in any spelling', async () => {
    await k.person({ name: 'Ola Agent', email: 'ola@kefu.test', password: 'Ola-pass-1234', role: 'agent' });
    const agent = await k.signIn('ola@kefu.test', 'Ola-pass-1234');
    const t = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'Card',
        body: 'x',
        requester_email: 'card@example.test',
        fields: { card_last4: '4242' },
      })
    ).body;
    expect((await k.admin.patch(`/api/v1/tickets/${t.id}`, { fields: { card_last4: '1111' } })).status).toBe(200);
    for (const url of spellings(`/api/v1/tickets/${t.id}/events`)) {
      const r = await agent.get(url);
      if (r.status === 404) continue; // a spelling the router does not decode
      expect(r.status, url).toBe(200);
      expect(JSON.stringify(r.body), url).not.toMatch(/4242|1111/);
    }
    expect(JSON.stringify((await agent.get(`/%61pi/v1/tickets/${t.id}`)).body)).not.toMatch(/4242|1111/);
  });
});

describe('cookie sessions refuse requests from other sites (finding 9)', () => {
  it('a state-changing request on a session needs the desk’s own Origin or Referer', async () => {
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Originco' })).body;
    await k.person({ name: 'Otto', email: 'otto@originco.test', password: 'Otto-pass-1234', organization_id: org.id });
    await k.db.query(`update person_emails set verified_at = now() where email = 'otto@originco.test'`);
    const cookie = await sessionCookie('otto@originco.test', 'Otto-pass-1234');
    const open = (headers: Headers) => raw('POST', '/api/v1/tickets', { cookie, ...headers }, { subject: 'From where?', body: 'x' });

    const none = await open({});
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('bad_origin');
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'null', 'http://evil.example:80']) {
      const r = await open({ origin });
      expect(r.status, origin).toBe(403);
      expect(r.body.error.code).toBe('bad_origin');
    }
    expect((await open({ referer: 'https://evil.example/localhost/requests' })).status).toBe(403);
    expect(none.body.error.message).toMatch(/Origin/);

    expect((await open({ origin: 'http://localhost' })).status).toBe(201);
    expect((await open({ referer: 'http://localhost/requests/new' })).status).toBe(201);
    expect((await open({ host: 'desk.example.com', origin: 'https://desk.example.com' })).status).toBe(201);
    // Reading needs no Origin; nothing was created by the refused requests.
    const mine = await raw('GET', '/api/v1/tickets', { cookie });
    expect(mine.status).toBe(200);
    expect(mine.body.data).toHaveLength(3);
    // Bearer tokens carry no ambient authority: no Origin needed.
    const token = (await raw('POST', '/api/v1/tokens', { cookie, origin: 'http://localhost' }, { name: 'script' })).body.token;
    expect((await k.as(token).post('/api/v1/tickets', { subject: 'Script', body: 'x' })).status).toBe(201);
  });
});

describe('headers (finding 14)', () => {
  it('JSON answers say nosniff, errors included', async () => {
    for (const r of [await k.admin.get('/api/v1/plans'), await k.anon.get('/api/v1/tickets'), await k.anon.get('/api/v1/no-such-thing')]) {
      expect(String(r.headers['content-type'])).toMatch(/application\/json/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('the API docs get the same security headers as the app', async () => {
    const r = await raw('GET', '/api/v1/docs/');
    const page = r.status === 200 ? r : await raw('GET', '/api/v1/docs/static/index.html');
    expect(page.status).toBe(200);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(String(page.headers['content-security-policy'])).toMatch(/frame-ancestors 'none'/);
    expect(String(page.headers['content-security-policy'])).not.toMatch(/validator\.swagger\.io|https:/);
  });
});

describe('the language of the answer', () => {
  it('follows the language the person is using now (Accept-Language), not only the profile', async () => {
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Lingo' })).body;
    await k.person({ name: 'Lin', email: 'lin@lingo.test', password: 'Lin-pass-1234', organization_id: org.id });
    const cookie = await sessionCookie('lin@lingo.test', 'Lin-pass-1234');
    const other = (await k.admin.post('/api/v1/organizations', { name: 'Elsewhere' })).body;
    const asset = (await k.admin.post(`/api/v1/organizations/${other.id}/assets`, { kind: 'domain', name: 'elsewhere.example' })).body;
    await k.db.query(`update person_emails set verified_at = now() where email = 'lin@lingo.test'`);
    const ask = (lang?: string) =>
      raw(
        'POST',
        '/api/v1/tickets',
        { cookie, origin: 'http://localhost', ...(lang ? { 'accept-language': lang } : {}) },
        { subject: 's', body: 'b', asset_id: asset.id },
      );
    expect((await ask()).body.error.message).toMatch(/organization/);
    expect((await ask('zh-CN,zh;q=0.9,en;q=0.8')).body.error.message).toMatch(/组织/);
    expect((await ask('en-US,en;q=0.9')).body.error.message).toMatch(/organization/);
    // Anonymous callers too.
    expect((await raw('GET', '/api/v1/tickets', { 'accept-language': 'zh-CN' })).body.error.message).toMatch(/登录/);
  });
});
