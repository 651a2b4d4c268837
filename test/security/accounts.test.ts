import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_IP_SLOWDOWN } from '../../server/modules/security/throttle.ts';
import { securityKefu, type SecurityKefu } from './securityKefu.ts';

let k: SecurityKefu;
beforeAll(async () => {
  k = await securityKefu();
});
afterAll(async () => {
  await k?.stop();
});

/** The token of the newest verification link mailed to a person (the email area's outbox). */
async function verifyToken(personId: number): Promise<string> {
  const rows = await k.db.query<{ text: string }>(
    `select text from outbound_emails where kind = 'email_verification' and person_id = $1 order by id desc limit 1`,
    [personId],
  );
  return decodeURIComponent(/verify-email\?token=([^\s"&]+)/.exec(rows[0].text)![1]);
}
const personIdOf = async (email: string) =>
  (await k.db.query<{ person_id: number }>(`select person_id from person_emails where lower(email) = lower($1)`, [email]))[0]?.person_id;

describe('sign-in answers', () => {
  it("a wrong password reads the same for an account and for an unknown address, in the request's language", async () => {
    await k.person({ name: '陈客户', email: 'chen@acme.test', password: 'Chen-pass-123', locale: 'zh-CN' });
    const answer = async (email: string, lang: string, ip: string) => {
      const r = await k.kefu.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'accept-language': lang },
        payload: { email, password: 'not-it-at-all' },
        remoteAddress: ip,
      });
      return [r.statusCode, JSON.parse(r.body).error.message];
    };
    const en = await answer('chen@acme.test', 'en', '10.9.0.1');
    expect(en).toEqual([401, 'The email address or password is not correct']);
    expect(await answer('nobody-here@acme.test', 'en', '10.9.0.2')).toEqual(en);
    const zh = await answer('nobody-here@acme.test', 'zh-CN', '10.9.0.3');
    expect(zh).toEqual([401, '邮箱地址或密码不正确']);
    expect(await answer('chen@acme.test', 'zh-CN', '10.9.0.4')).toEqual(zh);
  });
});

describe('sign-in throttling', () => {
  it('10 failures in 15 minutes lock the account (429 with Retry-After), even for the right password', async () => {
    await k.person({ name: 'Lou', email: 'lou@acme.test', password: 'Lou-pass-123' });
    for (let i = 0; i < 10; i++) {
      const r = await k.login({ email: 'lou@acme.test', password: `wrong-${i}` }, `10.0.0.${i}`);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('invalid_credentials');
    }
    const locked = await k.login({ email: 'LOU@acme.test', password: 'Lou-pass-123' }, '10.0.1.1');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    const seconds = locked.body.error.details.retry_after_seconds;
    expect(seconds).toBeGreaterThan(880);
    expect(seconds).toBeLessThanOrEqual(900);
    expect(locked.headers['retry-after']).toBe(String(seconds));
    // Another account is not affected, and the lock ends.
    await k.person({ name: 'May', email: 'may@acme.test', password: 'May-pass-123' });
    expect((await k.login({ email: 'may@acme.test', password: 'May-pass-123' }, '10.0.1.1')).status).toBe(200);
    await k.db.query(`update security_throttles set locked_until = now() - interval '1 second' where key = 'login:acct:lou@acme.test'`);
    expect((await k.login({ email: 'lou@acme.test', password: 'Lou-pass-123' }, '10.0.1.1')).status).toBe(200);
  });

  it("50 failures from one address on many accounts slow it down but never lock out another person's right password", async () => {
    // The slow-down is shrunk here: the test asserts who gets in, never how long it took.
    const saved = { ...LOGIN_IP_SLOWDOWN };
    Object.assign(LOGIN_IP_SLOWDOWN, { baseMs: 1, maxMs: 5 });
    try {
      await k.person({ name: 'Ned', email: 'ned@acme.test', password: 'Ned-pass-123' });
      for (let i = 0; i < 8; i++) expect((await k.login({ email: `nobody${i}@acme.test`, password: 'x' }, '192.0.2.7')).status).toBe(401);
      // 40 more failures in the same window, written directly (each real one costs a scrypt hash).
      await k.db.query(`update security_throttles set failures = failures + 40 where key = 'login:ip:192.0.2.7'`);
      expect((await k.login({ email: 'nobody48@acme.test', password: 'x' }, '192.0.2.7')).status).toBe(401);
      expect((await k.login({ email: 'ned@acme.test', password: 'Ned-pass-123' }, '192.0.2.7')).status).toBe(200);
      expect((await k.login({ email: 'nobody49@acme.test', password: 'x' }, '192.0.2.7')).status).toBe(401); // the 50th
      // Before, the 50th failure locked everyone behind the address (a shared proxy) out for 15 minutes.
      expect((await k.login({ email: 'ned@acme.test', password: 'Ned-pass-123' }, '192.0.2.7')).status).toBe(200);
      expect((await k.login({ email: 'nobody50@acme.test', password: 'x' }, '192.0.2.7')).status).toBe(401);
    } finally {
      Object.assign(LOGIN_IP_SLOWDOWN, saved);
    }
    expect((await k.login({ email: 'ned@acme.test', password: 'Ned-pass-123' }, '192.0.2.8')).status).toBe(200);
  });
});

describe('self sign-up and email verification', () => {
  it('a new customer verifies their address before opening tickets, with a session or with an API token they made', async () => {
    const r = await k.anon.post('/api/v1/auth/signup', {
      name: 'Olga',
      email: 'olga@example.test',
      password: 'Olga-pass-123',
      locale: 'zh-CN',
    });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ status: 'verification_sent' });
    expect((await k.anon.post('/api/v1/auth/signup', { name: 'Olga', email: 'olga2@example.test', password: 'password' })).status).toBe(
      422,
    );
    const id = await personIdOf('olga@example.test');
    const olga = await k.signIn('olga@example.test', 'Olga-pass-123');
    const refused = await olga.post('/api/v1/tickets', { subject: 'Hi', body: 'Question' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('email_unverified');
    expect(refused.body.error.message).toMatch(/验证/);
    const token = (await olga.post('/api/v1/tokens', { name: 'script' })).body.token as string;
    // A token can do no more than the person who made it.
    const viaToken = await k.as(token).post('/api/v1/tickets', { subject: 'Via API', body: 'x' });
    expect(viaToken.status).toBe(403);
    expect(viaToken.body.error.code).toBe('email_unverified');

    expect((await k.anon.post('/api/v1/auth/verify-email', { token: await verifyToken(id) })).status).toBe(200);
    expect((await k.anon.post('/api/v1/auth/verify-email', { token: await verifyToken(id) })).status).toBe(400);
    expect((await olga.post('/api/v1/tickets', { subject: 'Hi', body: 'Question' })).status).toBe(201);
    expect((await olga.get('/api/v1/me')).body.emails[0].verified).toBe(true);
  });

  it('a guest who signs up gets their earlier tickets, but only once the address is verified', async () => {
    const t = await k.admin.post('/api/v1/tickets', { subject: 'By email', body: 'x', requester_email: 'pia@example.test' });
    const id = t.body.requester_id as number;
    expect((await k.anon.post('/api/v1/auth/signup', { name: 'Pia P', email: 'pia@example.test', password: 'Pia-pass-123' })).status).toBe(
      202,
    );
    // The password waits in the link: nobody signs in as the guest before the address is proven.
    expect((await k.login({ email: 'pia@example.test', password: 'Pia-pass-123' }, '10.3.0.1')).status).toBe(401);
    expect((await k.anon.post('/api/v1/auth/verify-email', { token: await verifyToken(id) })).status).toBe(200);
    const pia = await k.signIn('pia@example.test', 'Pia-pass-123');
    expect((await pia.get('/api/v1/me')).body).toMatchObject({ id, name: 'Pia P' });
    expect((await pia.get('/api/v1/tickets')).body.data.map((x: { id: number }) => x.id)).toEqual([t.body.id]);
  });

  it('signing up with an address that has an account changes nothing and says the same', async () => {
    const quin = await k.person({ name: 'Quin', email: 'quin@acme.test', password: 'Quin-pass-123', role: 'agent' });
    const r = await k.anon.post('/api/v1/auth/signup', { name: 'Mallory', email: 'quin@acme.test', password: 'Mallory-pass-1' });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ status: 'verification_sent' });
    expect((await k.login({ email: 'quin@acme.test', password: 'Mallory-pass-1' }, '10.4.0.1')).status).toBe(401);
    expect((await k.login({ email: 'quin@acme.test', password: 'Quin-pass-123' }, '10.4.0.1')).status).toBe(200);
    expect(await k.db.query(`select id from outbound_emails where person_id = $1`, [quin])).toEqual([]);
  });
});

describe('sessions and passwords', () => {
  it('lists your sessions, signs one out, and an admin signs a person out everywhere', async () => {
    const id = await k.person({ name: 'Rita', email: 'rita@acme.test', password: 'Rita-pass-123' });
    const a = await k.signIn('rita@acme.test', 'Rita-pass-123');
    const b = await k.signIn('rita@acme.test', 'Rita-pass-123');
    const list = (await a.get('/api/v1/me/sessions')).body.data;
    expect(list).toHaveLength(2);
    expect(list.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const other = list.find((s: { current: boolean }) => !s.current);
    expect((await a.del(`/api/v1/me/sessions/${other.id}`)).status).toBe(200);
    expect((await b.get('/api/v1/me')).status).toBe(401);
    expect((await a.get('/api/v1/me')).status).toBe(200);
    expect((await a.del(`/api/v1/people/${id}/sessions`)).status).toBe(403);
    expect((await k.admin.del(`/api/v1/people/${id}/sessions`)).body).toEqual({ person_id: id, revoked: 1 });
    expect((await a.get('/api/v1/me')).status).toBe(401);
  });

  it('changing the password needs the current one, keeps the strength rules and ends other sessions', async () => {
    await k.person({ name: 'Sam', email: 'sam@acme.test', password: 'Sam-pass-123' });
    const a = await k.signIn('sam@acme.test', 'Sam-pass-123');
    const b = await k.signIn('sam@acme.test', 'Sam-pass-123');
    expect((await a.post('/api/v1/me/password', { current_password: 'nope', new_password: 'Sam-pass-456' })).status).toBe(401);
    expect((await a.post('/api/v1/me/password', { current_password: 'Sam-pass-123', new_password: 'short' })).status).toBe(422);
    expect((await a.post('/api/v1/me/password', { current_password: 'Sam-pass-123', new_password: 'Sam-pass-456' })).body).toEqual({
      ok: true,
      sessions_revoked: 1,
      tokens_revoked: 0,
    });
    expect((await a.get('/api/v1/me')).status).toBe(200);
    expect((await b.get('/api/v1/me')).status).toBe(401);
    expect((await k.login({ email: 'sam@acme.test', password: 'Sam-pass-456' }, '10.5.0.1')).status).toBe(200);
  });
});

describe('the audit log', () => {
  it('records security events without secrets; admins filter, page and export it', async () => {
    const id = await k.person({ name: 'Tess', email: 'tess@acme.test', password: 'Tess-pass-123' });
    await k.login({ email: 'tess@acme.test', password: 'Tess-wrong-1' }, '10.6.0.1');
    const tess = (await k.login({ email: 'tess@acme.test', password: 'Tess-pass-123' }, '10.6.0.1')).caller!;
    const tok = await tess.post('/api/v1/tokens', { name: 'cli' });
    await tess.del(`/api/v1/tokens/${tok.body.id}`);
    await tess.post('/api/v1/auth/logout');

    expect((await tess.get('/api/v1/audit-log')).status).toBe(401);
    const mine = await k.admin.get(`/api/v1/audit-log?person_id=${id}`);
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((e: { type: string }) => e.type)).toEqual([
      'auth.logout',
      'token.revoked',
      'token.created',
      'auth.login',
      'auth.login_failed',
      // Her account's creation (by the admin) is the oldest entry.
      'person.created',
    ]);
    const failed = mine.body.data.at(-2);
    expect(failed).toMatchObject({ person_id: id, ip: '10.6.0.1', data: { reason: 'wrong_password', email: 'tess@acme.test' } });
    // Each entry names its person and actor, so the admin screen reads names, not ids.
    expect(failed).toMatchObject({ person_name: 'Tess', actor_id: null, actor_name: null });
    const created = mine.body.data.at(-1);
    const admin = (await k.admin.get('/api/v1/me')).body;
    expect(created).toMatchObject({ person_name: 'Tess', actor_id: admin.id, actor_name: admin.name });
    // Done through an API token (k.admin is one): the entry names the token; a session's action names none.
    const tokens = (await k.admin.get('/api/v1/tokens')).body.data as Array<{ id: number; name: string }>;
    expect(created).toMatchObject({ token_id: tokens[0].id, token_name: tokens[0].name });
    expect(mine.body.data.find((e: { type: string }) => e.type === 'token.created')).toMatchObject({ token_id: null });
    const everything = JSON.stringify((await k.admin.get('/api/v1/audit-log?limit=100')).body);
    for (const secret of ['Tess-pass-123', 'Tess-wrong-1', tok.body.token]) expect(everything).not.toContain(secret);

    const page1 = await k.admin.get(`/api/v1/audit-log?person_id=${id}&limit=2`);
    expect(page1.body.data).toHaveLength(2);
    const page2 = await k.admin.get(`/api/v1/audit-log?person_id=${id}&limit=2&cursor=${page1.body.next_cursor}`);
    expect(page2.body.data.map((e: { type: string }) => e.type)).toEqual(['token.created', 'auth.login']);
    const typed = await k.admin.get(`/api/v1/audit-log?type=auth.login_failed,auth.logout&person_id=${id}`);
    expect(typed.body.data.map((e: { type: string }) => e.type)).toEqual(['auth.logout', 'auth.login_failed']);
    const future = await k.admin.get(`/api/v1/audit-log?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.body.data).toEqual([]);
    expect((await k.admin.get('/api/v1/audit-log?cursor=bogus')).status).toBe(400);

    expect((await k.anon.get('/api/v1/audit-log/export?format=csv')).status).toBe(401);
    const csvAdmin = await k.admin.get(`/api/v1/audit-log/export?format=csv&person_id=${id}`);
    expect(csvAdmin.status).toBe(200);
    expect(csvAdmin.headers['content-type']).toMatch(/^text\/csv/);
    const lines = (csvAdmin.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('id,created_at,type,person_id,actor_id,ticket_id,ip,user_agent,data');
    expect(lines).toHaveLength(7);
    expect(lines[6]).toContain('person.created');
    expect(lines[5]).toContain('auth.login_failed');
    expect(lines[5]).toContain('"{""email"":""tess@acme.test"",""reason"":""wrong_password""}"');
    const jsonl = await k.admin.get(`/api/v1/audit-log/export?format=jsonl&person_id=${id}`);
    const entries = (jsonl.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entries.map((e) => e.type)).toEqual(mine.body.data.map((e: { type: string }) => e.type));
  });
});
