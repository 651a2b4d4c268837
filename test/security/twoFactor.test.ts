import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStep, oathtool, securityKefu, wrongCode, type SecurityKefu } from './securityKefu.ts';

let k: SecurityKefu;
beforeAll(async () => {
  k = await securityKefu();
});
afterAll(async () => {
  await k?.stop();
});

const previousStep = () => new Date(Date.now() - 30_000);

describe('two-factor sign-in', () => {
  it('an agent with 2FA enrolled cannot sign in without a valid code from oathtool', async () => {
    await k.person({ name: 'Tom Agent', email: 'tom@kefu.test', password: 'Tom-pass-123', role: 'agent' });
    const tom = await k.signIn('tom@kefu.test', 'Tom-pass-123');
    // A session alone does not enrol an app: the current password proves the account holder.
    const held = await tom.post('/api/v1/me/2fa');
    expect([held.status, held.body.error.code, held.body.error.details.field]).toEqual([422, 'unprocessable', 'current_password']);
    const guessed = await tom.post('/api/v1/me/2fa', { current_password: 'Tom-pass-999' });
    expect([guessed.status, guessed.body.error.code]).toEqual([401, 'invalid_credentials']);
    expect((await k.db.query(`select 1 from otp_secrets where purpose = 'two_factor'`)).length).toBe(0);
    const enrol = await tom.post('/api/v1/me/2fa', { current_password: 'Tom-pass-123' });
    expect(enrol.status).toBe(200);
    expect(enrol.headers['cache-control']).toBe('no-store');
    const secret = enrol.body.secret as string;
    expect(enrol.body.otpauth_uri).toBe(`otpauth://totp/Kefu:tom%40kefu.test?secret=${secret}&issuer=Kefu`);
    // Stored sealed, never as the Base32 text.
    const stored = await k.db.query<{ pending_enc: string }>(`select pending_enc from otp_secrets where purpose = 'two_factor'`);
    expect(stored[0].pending_enc).not.toContain(secret);
    // Not on until confirmed.
    expect((await k.login({ email: 'tom@kefu.test', password: 'Tom-pass-123' })).status).toBe(200);

    await freshStep();
    expect((await tom.post('/api/v1/me/2fa/confirm', { code: wrongCode(oathtool(secret)) })).status).toBe(422);
    const confirm = await tom.post('/api/v1/me/2fa/confirm', { code: oathtool(secret, previousStep()) });
    expect(confirm.status).toBe(200);
    const recovery = confirm.body.recovery_codes as string[];
    expect(recovery).toHaveLength(10);
    expect((await tom.post('/api/v1/me/2fa', { current_password: 'Tom-pass-123' })).status).toBe(409);
    expect((await tom.get('/api/v1/me/security')).body.two_factor).toMatchObject({ enabled: true, recovery_codes_left: 10 });

    const noCode = await k.login({ email: 'tom@kefu.test', password: 'Tom-pass-123' });
    expect(noCode.status).toBe(401);
    expect(noCode.body.error.code).toBe('otp_required');
    expect(noCode.caller).toBeNull();
    const wrong = await k.login({ email: 'tom@kefu.test', password: 'Tom-pass-123', otp: wrongCode(oathtool(secret)) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_otp');
    expect(wrong.caller).toBeNull();
    // A wrong password with a right code is still a wrong password.
    expect((await k.login({ email: 'tom@kefu.test', password: 'Tom-pass-999', otp: oathtool(secret) })).body.error.code).toBe(
      'invalid_credentials',
    );

    const code = oathtool(secret);
    const ok = await k.login({ email: 'tom@kefu.test', password: 'Tom-pass-123', otp: code });
    expect(ok.status).toBe(200);
    expect(ok.body.two_factor).toMatchObject({ enabled: true });
    expect((await ok.caller!.get('/api/v1/me')).body.email).toBe('tom@kefu.test');
    // The same code does not sign in twice.
    const replay = await k.login({ email: 'tom@kefu.test', password: 'Tom-pass-123', otp: code });
    expect(replay.body.error.code).toBe('invalid_otp');

    // A recovery code works once, in any case and with spaces.
    const rc = recovery[0].toUpperCase().replace(/-/g, ' ');
    expect((await k.login({ email: 'tom@kefu.test', password: 'Tom-pass-123', otp: rc })).status).toBe(200);
    expect((await k.login({ email: 'tom@kefu.test', password: 'Tom-pass-123', otp: rc })).body.error.code).toBe('invalid_otp');
    expect((await ok.caller!.get('/api/v1/me/security')).body.two_factor.recovery_codes_left).toBe(9);

    // Turning it off needs a current code (or a recovery code), not just the session.
    const off = (body: unknown) =>
      k.kefu.app.inject({
        method: 'DELETE',
        url: '/api/v1/me/2fa',
        payload: body as object,
        headers: { cookie: ok.caller ? cookieOf(ok) : '', origin: 'http://localhost' },
      });
    expect((await off({ code: wrongCode(code) })).statusCode).toBe(422);
    expect((await off({ code: recovery[1] })).statusCode).toBe(200);
    expect((await k.login({ email: 'tom@kefu.test', password: 'Tom-pass-123' })).status).toBe(200);
  });

  it('an admin can make two-factor mandatory for staff: without it, only enrolment is reachable', async () => {
    await k.person({ name: 'Uma Agent', email: 'uma@kefu.test', password: 'Uma-pass-123', role: 'agent' });
    await k.person({ name: 'Carl Customer', email: 'carl@kefu.test', password: 'Carl-pass-123' });
    expect((await k.admin.patch('/api/v1/security/settings', { require_2fa_for_staff: true })).body.require_2fa_for_staff).toBe(true);
    try {
      expect((await k.admin.get('/api/v1/security/settings')).body.require_2fa_for_staff).toBe(true);
      const login = await k.login({ email: 'uma@kefu.test', password: 'Uma-pass-123' }, '10.1.1.1');
      expect(login.status).toBe(200);
      expect(login.body.two_factor).toEqual({ enabled: false, required: true, enrolment_needed: true });
      const uma = login.caller!;
      const blocked = await uma.get('/api/v1/tickets');
      expect(blocked.status).toBe(403);
      expect(blocked.body.error.code).toBe('two_factor_required');
      expect((await uma.get('/api/v1/me')).status).toBe(200);
      // API tokens (integrations) and customers are not affected.
      expect((await k.admin.get('/api/v1/tickets')).status).toBe(200);
      const carl = await k.signIn('carl@kefu.test', 'Carl-pass-123');
      expect((await carl.get('/api/v1/tickets')).status).toBe(200);

      const secret = (await uma.post('/api/v1/me/2fa', { current_password: 'Uma-pass-123' })).body.secret as string;
      await freshStep();
      expect((await uma.post('/api/v1/me/2fa/confirm', { code: oathtool(secret, previousStep()) })).status).toBe(200);
      expect((await uma.get('/api/v1/tickets')).status).toBe(200);
    } finally {
      expect((await k.admin.patch('/api/v1/security/settings', { require_2fa_for_staff: false })).status).toBe(200);
    }
  });

  it("an API token cannot reach its owner's credentials: no tokens, no 2FA, no support code, no password", async () => {
    await k.person({ name: 'Tia Token', email: 'tia@kefu.test', password: 'Tia-pass-12345' });
    const session = await k.signIn('tia@kefu.test', 'Tia-pass-12345');
    const made = await session.post('/api/v1/tokens', { name: 'script', expires_at: new Date(Date.now() + 3_600_000).toISOString() });
    expect(made.status).toBe(201);
    const token = k.as(made.body.token);
    expect((await token.get('/api/v1/me')).status).toBe(200);
    const refused = [
      await token.post('/api/v1/tokens', { name: 'forever' }),
      await token.post('/api/v1/me/2fa'),
      await token.post('/api/v1/me/2fa/confirm', { code: '123456' }),
      await token.del('/api/v1/me/2fa', { code: '123456' }),
      await token.post('/api/v1/me/2fa/recovery-codes', { code: '123456' }),
      await token.get('/api/v1/me/support-code'),
      await token.post('/api/v1/me/support-app'),
      await token.post('/api/v1/me/password', { current_password: 'Tia-pass-12345', new_password: 'Tia-pass-67890' }),
    ];
    for (const r of refused) expect([r.status, r.body.error?.code]).toEqual([403, 'session_required']);
    expect(refused[0].body.error.message).toMatch(/signed in/);
    // Nothing happened: no second token, 2FA off, the password unchanged; the session does it all.
    expect((await session.get('/api/v1/tokens')).body.data).toHaveLength(1);
    expect((await session.get('/api/v1/me/security')).body.two_factor.enabled).toBe(false);
    expect((await k.login({ email: 'tia@kefu.test', password: 'Tia-pass-12345' }, '10.1.1.9')).status).toBe(200);
    expect((await session.get('/api/v1/me/support-code')).status).toBe(200);
    expect((await session.post('/api/v1/me/2fa', { current_password: 'Tia-pass-12345' })).status).toBe(200);
    // The same for a staff token while 2FA is required: it cannot make an unrestricted token either.
    await k.person({ name: 'Sid Staff', email: 'sid@kefu.test', password: 'Sid-pass-12345', role: 'agent' });
    const sidToken = (await (await k.signIn('sid@kefu.test', 'Sid-pass-12345')).post('/api/v1/tokens', { name: 'cli' })).body.token;
    expect((await k.admin.patch('/api/v1/security/settings', { require_2fa_for_staff: true })).status).toBe(200);
    try {
      const r = await k.as(sidToken).post('/api/v1/tokens', { name: 'another' });
      expect([r.status, r.body.error.code]).toEqual([403, 'session_required']);
    } finally {
      expect((await k.admin.patch('/api/v1/security/settings', { require_2fa_for_staff: false })).status).toBe(200);
    }
  });

  it("an admin can reset a person's two-factor sign-in; it ends their sessions", async () => {
    const id = await k.person({ name: 'Vic Agent', email: 'vic@kefu.test', password: 'Vic-pass-123', role: 'agent' });
    const vic = await k.signIn('vic@kefu.test', 'Vic-pass-123');
    const secret = (await vic.post('/api/v1/me/2fa', { current_password: 'Vic-pass-123' })).body.secret as string;
    await freshStep();
    await vic.post('/api/v1/me/2fa/confirm', { code: oathtool(secret, previousStep()) });
    expect((await vic.del(`/api/v1/people/${id}/2fa`)).status).toBe(403);
    expect((await k.admin.del(`/api/v1/people/${id}/2fa`)).status).toBe(200);
    expect((await vic.get('/api/v1/me')).status).toBe(401);
    expect((await k.login({ email: 'vic@kefu.test', password: 'Vic-pass-123' })).status).toBe(200);
    const types = (await k.admin.get(`/api/v1/audit-log?person_id=${id}`)).body.data.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['two_factor.enrolment_started', 'two_factor.enabled', 'two_factor.reset', 'auth.login']));
  });
});

function cookieOf(r: { headers: Record<string, unknown> }) {
  const set = ([] as string[]).concat((r.headers['set-cookie'] as string | string[]) ?? []);
  return set.map((c) => c.split(';')[0]).join('; ');
}

describe("an API token and its owner's sessions and other tokens", () => {
  it('a token lists tokens and ends itself, but neither reads the sessions nor ends its owner’s other tokens', async () => {
    await k.person({ name: 'Ulf Token', email: 'ulf@kefu.test', password: 'Ulf-pass-12345', locale: 'zh-CN' });
    const session = await k.signIn('ulf@kefu.test', 'Ulf-pass-12345');
    const a = await session.post('/api/v1/tokens', { name: 'script a' });
    const b = await session.post('/api/v1/tokens', { name: 'script b' });
    const tokenA = k.as(a.body.token);

    // Where the owner signs in (addresses, browsers) and signing them out is for the owner at the keyboard.
    const sessions = await tokenA.get('/api/v1/me/sessions');
    expect([sessions.status, sessions.body.error?.code]).toEqual([403, 'session_required']);
    expect(sessions.body.error.message).toMatch(/会话/);
    // A HEAD runs the same handler: it is refused as its GET is (it made the support-code secret before).
    for (const url of ['/api/v1/me/sessions', '/api/v1/me/support-code']) {
      const head = await k.kefu.app.inject({ method: 'HEAD', url, headers: { authorization: `Bearer ${a.body.token}` } });
      expect([url, head.statusCode]).toEqual([url, 403]);
    }
    expect(
      await k.db.query(`select 1 from otp_secrets o join person_emails e on e.person_id = o.person_id where e.email = 'ulf@kefu.test'`),
    ).toEqual([]);
    // The owner's other token stays: a leaked token cannot end the integrations beside it.
    const other = await tokenA.del(`/api/v1/tokens/${b.body.id}`);
    expect([other.status, other.body.error?.code]).toEqual([403, 'session_required']);
    expect((await k.as(b.body.token).get('/api/v1/me')).status).toBe(200);
    // Listing is metadata (names, prefixes, last use), as GitLab's token API allows.
    expect((await tokenA.get('/api/v1/tokens')).body.data).toHaveLength(2);
    // A token may end itself.
    expect((await tokenA.del(`/api/v1/tokens/${a.body.id}`)).status).toBe(200);
    expect((await tokenA.get('/api/v1/me')).status).toBe(401);
    // The session does it all.
    expect((await session.get('/api/v1/me/sessions')).status).toBe(200);
    expect((await session.del(`/api/v1/tokens/${b.body.id}`)).status).toBe(200);
  });

  it("an admin's token still ends another person's token", async () => {
    const id = await k.person({ name: 'Wes', email: 'wes@kefu.test', password: 'Wes-pass-12345' });
    const made = await k.adminSession.post('/api/v1/tokens', { name: 'for wes', person_id: id });
    expect((await k.admin.del(`/api/v1/tokens/${made.body.id}`)).status).toBe(200);
  });
});
