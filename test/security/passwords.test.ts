import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailIdentity, sendVerificationEmail } from '../../server/channels/email/index.ts';
import type { Caller } from '../helpers/testKefu.ts';
import { freshStep, oathtool, securityKefu, type SecurityKefu } from './securityKefu.ts';

/** Passwords change only with proof (the current password or a reset link); links are single, fresh and limited. */
let k: SecurityKefu;
let agent: Caller;
beforeAll(async () => {
  k = await securityKefu();
  await k.person({ name: 'Alex Agent', email: 'alex@kefu.test', password: 'Alex-pass-12', role: 'agent' });
  agent = await k.signIn('alex@kefu.test', 'Alex-pass-12');
});
afterAll(async () => {
  await k?.stop();
});

const signInStatus = async (email: string, password: string) =>
  (await k.login({ email, password }, `10.30.${Math.floor(Math.random() * 250)}.1`)).status;
const askReset = async (email: string, ip: string) =>
  (await k.kefu.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email }, remoteAddress: ip })).statusCode;
const links = async (personId: number, kind: 'password_reset' | 'email_verification') =>
  (
    await k.db.query<{ text: string }>(`select text from outbound_emails where kind = $1 and person_id = $2 order by id`, [kind, personId])
  ).map((m) => decodeURIComponent(/(?:verify-email|reset-password)\?token=([^\s"&]+)/.exec(m.text)![1]));
const setPassword = async (token: string, password: string) => (await k.anon.post('/api/v1/auth/password', { token, password })).status;

describe('changing a password through PATCH /people/{id}', () => {
  it('a customer must give their current password; other sessions end and the change is audited', async () => {
    const id = await k.person({ name: 'Cara', email: 'cara@acme.test', password: 'Cara-pass-123' });
    const cara = await k.signIn('cara@acme.test', 'Cara-pass-123');
    const other = await k.signIn('cara@acme.test', 'Cara-pass-123');

    const bare = await cara.patch(`/api/v1/people/${id}`, { password: 'Cara-pass-456' });
    expect(bare.status).toBe(422);
    expect(bare.body.error.details).toMatchObject({ field: 'current_password' });
    const wrong = await cara.patch(`/api/v1/people/${id}`, { password: 'Cara-pass-456', current_password: 'not-it-at-all' });
    expect(wrong.status).toBe(401);
    expect(await signInStatus('cara@acme.test', 'Cara-pass-456')).toBe(401);
    expect(await signInStatus('cara@acme.test', 'Cara-pass-123')).toBe(200);

    const ok = await cara.patch(`/api/v1/people/${id}`, { password: 'Cara-pass-456', current_password: 'Cara-pass-123', name: 'Cara C' });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('Cara C');
    expect(await signInStatus('cara@acme.test', 'Cara-pass-456')).toBe(200);
    expect(await signInStatus('cara@acme.test', 'Cara-pass-123')).toBe(401);
    expect((await cara.get('/api/v1/me')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 0));
    expect((await other.get('/api/v1/me')).status).toBe(401);
    const audit = await k.db.query<{ data: { via: string } }>(
      `select data from audit_log where type = 'auth.password_changed' and person_id = $1`,
      [id],
    );
    expect(audit.map((a) => a.data.via)).toEqual(['current_password']);
  });

  it("staff never set another person's password, not even an admin", async () => {
    const id = await k.person({ name: 'Dee', email: 'dee@acme.test', password: 'Dee-pass-1234' });
    const byAgent = await agent.patch(`/api/v1/people/${id}`, { password: 'Agent-chose-1' });
    expect(byAgent.status).toBe(403);
    expect(byAgent.body.error.message).toMatch(/reset|invitation/i);
    expect((await agent.patch(`/api/v1/people/${id}`, { password: 'Agent-chose-1', current_password: 'Dee-pass-1234' })).status).toBe(403);
    expect((await k.admin.patch(`/api/v1/people/${id}`, { password: 'Admin-chose-1' })).status).toBe(403);
    expect(await signInStatus('dee@acme.test', 'Agent-chose-1')).toBe(401);
    expect(await signInStatus('dee@acme.test', 'Admin-chose-1')).toBe(401);
    expect(await signInStatus('dee@acme.test', 'Dee-pass-1234')).toBe(200);
    // Other edits by staff still work.
    expect((await agent.patch(`/api/v1/people/${id}`, { name: 'Dee D' })).status).toBe(200);
  });

  it('POST /me/password keeps working with the same rules', async () => {
    await k.person({ name: 'Flo', email: 'flo@acme.test', password: 'Flo-pass-1234' });
    const flo = await k.signIn('flo@acme.test', 'Flo-pass-1234');
    expect((await flo.post('/api/v1/me/password', { current_password: 'nope', new_password: 'Flo-pass-5678' })).status).toBe(401);
    expect((await flo.post('/api/v1/me/password', { current_password: 'Flo-pass-1234', new_password: 'Flo-pass-5678' })).status).toBe(200);
    expect(await signInStatus('flo@acme.test', 'Flo-pass-5678')).toBe(200);
  });
});

describe('one-time links', () => {
  it('a newer reset link, or using one, makes the older ones useless', async () => {
    const id = await k.person({ name: 'Gil', email: 'gil@acme.test', password: 'Gil-pass-1234' });
    expect(await askReset('gil@acme.test', '10.31.0.1')).toBe(202);
    expect(await askReset('gil@acme.test', '10.31.0.1')).toBe(202);
    const [first, second] = await links(id, 'password_reset');
    expect(await setPassword(first, 'Gil-first-111')).toBe(400);
    expect(await setPassword(second, 'Gil-second-22')).toBe(200);
    expect(await signInStatus('gil@acme.test', 'Gil-second-22')).toBe(200);
    expect(await signInStatus('gil@acme.test', 'Gil-first-111')).toBe(401);
  });

  it('changing the password makes the reset links sent before useless', async () => {
    const id = await k.person({ name: 'Hal', email: 'hal@acme.test', password: 'Hal-pass-1234' });
    expect(await askReset('hal@acme.test', '10.31.0.2')).toBe(202);
    const hal = await k.signIn('hal@acme.test', 'Hal-pass-1234');
    expect((await hal.post('/api/v1/me/password', { current_password: 'Hal-pass-1234', new_password: 'Hal-pass-5678' })).status).toBe(200);
    const [link] = await links(id, 'password_reset');
    expect(await setPassword(link, 'Hal-stolen-99')).toBe(400);
    expect(await signInStatus('hal@acme.test', 'Hal-pass-5678')).toBe(200);
  });

  it('reset and verification mail are limited per address, with the same answer', async () => {
    const id = await k.person({ name: 'Ida', email: 'ida@acme.test', password: 'Ida-pass-1234' });
    // From seven different addresses (the per-IP limit is not what is tested here).
    for (let i = 0; i < 7; i++) expect(await askReset('IDA@acme.test', `10.32.0.${i + 1}`)).toBe(202);
    expect(await links(id, 'password_reset')).toHaveLength(5);

    const jo = (await k.admin.post('/api/v1/people', { name: 'Jo', email: 'jo@acme.test' })).body.id as number;
    for (let i = 0; i < 7; i++) await sendVerificationEmail(k.db, { personId: jo, identity: mailIdentity() });
    expect(await links(jo, 'email_verification')).toHaveLength(5);
  });
});

describe("a reset or a change of the password ends the person's API tokens", () => {
  const tokenOf = async (who: Caller, name: string) => (await who.post('/api/v1/tokens', { name })).body.token as string;

  it('a reset link ends every token, so one made with the old password does not outlive it', async () => {
    const id = await k.person({ name: 'Kit', email: 'kit@acme.test', password: 'Kit-pass-1234' });
    // Someone who knew the old password made a token.
    const thief = await k.signIn('kit@acme.test', 'Kit-pass-1234');
    const token = await tokenOf(thief, 'backup');
    expect((await k.as(token).get('/api/v1/me')).status).toBe(200);

    expect(await askReset('kit@acme.test', '10.33.0.1')).toBe(202);
    const [link] = await links(id, 'password_reset');
    expect(await setPassword(link, 'Kit-taken-back-1')).toBe(200);
    await new Promise((r) => setTimeout(r, 0));
    expect((await k.as(token).get('/api/v1/me')).status).toBe(401);
    const audit = await k.db.query<{ data: { via: string; tokens_revoked?: number } }>(
      `select data from audit_log where type = 'auth.password_changed' and person_id = $1`,
      [id],
    );
    expect(audit.map((a) => a.data)).toEqual([expect.objectContaining({ via: 'password_reset', tokens_revoked: 1 })]);
  });

  it('a reset link also turns off the support app, which an agent would otherwise take as the person on a call', async () => {
    const id = await k.person({ name: 'Ode', email: 'ode@acme.test', password: 'Ode-pass-1234' });
    const held = await k.signIn('ode@acme.test', 'Ode-pass-1234');
    const secret = (await held.post('/api/v1/me/support-app', { current_password: 'Ode-pass-1234' })).body.secret as string;
    await freshStep();
    expect((await held.post('/api/v1/me/support-app/confirm', { code: oathtool(secret, new Date(Date.now() - 30_000)) })).status).toBe(200);
    const app = async () => (await k.db.query(`select 1 from otp_secrets where person_id = $1 and purpose = 'support_app'`, [id])).length;
    expect(await app()).toBe(1);

    expect(await askReset('ode@acme.test', '10.33.0.3')).toBe(202);
    const [link] = await links(id, 'password_reset');
    expect(await setPassword(link, 'Ode-taken-back-1')).toBe(200);
    expect(await app()).toBe(0);
    const audit = await k.db.query<{ data: Record<string, unknown> }>(
      `select data from audit_log where type = 'auth.password_changed' and person_id = $1`,
      [id],
    );
    expect(audit[0].data).toMatchObject({ via: 'password_reset', support_app_removed: true });
  });

  it('a change with the current password ends every token too, and says how many', async () => {
    const id = await k.person({ name: 'Lou', email: 'lou@acme.test', password: 'Lou-pass-1234' });
    const lou = await k.signIn('lou@acme.test', 'Lou-pass-1234');
    const a = await tokenOf(lou, 'script a');
    const b = await tokenOf(lou, 'script b');
    const r = await lou.post('/api/v1/me/password', { current_password: 'Lou-pass-1234', new_password: 'Lou-pass-5678' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, tokens_revoked: 2 });
    await new Promise((r) => setTimeout(r, 0));
    expect((await k.as(a).get('/api/v1/me')).status).toBe(401);
    expect((await k.as(b).get('/api/v1/me')).status).toBe(401);
    // The session that changed it stays, and makes new tokens.
    expect((await lou.get('/api/v1/me')).status).toBe(200);
    const fresh = await tokenOf(lou, 'script c');
    expect((await k.as(fresh).get('/api/v1/me')).status).toBe(200);

    // The same through PATCH /people/{own id}.
    const r2 = await lou.patch(`/api/v1/people/${id}`, { password: 'Lou-pass-9999', current_password: 'Lou-pass-5678' });
    expect(r2.status).toBe(200);
    await new Promise((r) => setTimeout(r, 0));
    expect((await k.as(fresh).get('/api/v1/me')).status).toBe(401);
  });

  it('accepting an invitation keeps the tokens an admin made for the person', async () => {
    const res = await k.admin.post('/api/v1/people', { name: 'Bot Owner', email: 'bot@acme.test', role: 'agent' });
    const id = res.body.id as number;
    const token = (await k.adminSession.post('/api/v1/tokens', { name: 'integration', person_id: id })).body.token as string;
    const invite = await k.db.query<{ text: string }>(`select text from outbound_emails where person_id = $1 order by id desc limit 1`, [
      id,
    ]);
    const link = decodeURIComponent(/token=([^\s"&]+)/.exec(invite[0].text)![1]);
    expect(await setPassword(link, 'Bot-owner-pass-1')).toBe(200);
    expect((await k.as(token).get('/api/v1/me')).status).toBe(200);
  });
});

describe('the current password cannot be guessed through a signed-in session', () => {
  it('wrong current passwords are counted: the 11th in 15 minutes waits, even guesses sent at once, even the right one', async () => {
    const id = await k.person({ name: 'Max', email: 'max@acme.test', password: 'Max-pass-1234', locale: 'zh-CN' });
    const held = await k.signIn('max@acme.test', 'Max-pass-1234');
    const guesses = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        held.post('/api/v1/me/password', { current_password: `guess-${i}-guess`, new_password: 'Max-taken-5678' }),
      ),
    );
    const statuses = guesses.map((g) => g.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    // Locked now: the right password waits too, on both routes that take it, with the seconds to wait.
    const right = await held.post('/api/v1/me/password', { current_password: 'Max-pass-1234', new_password: 'Max-taken-5678' });
    expect([right.status, right.body.error.code, right.body.error.details.field]).toEqual([429, 'rate_limited', 'current_password']);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(800);
    expect(right.body.error.message).toMatch(/秒后重试/);
    const add = await held.patch(`/api/v1/people/${id}`, { add_emails: ['max.home@acme.test'], current_password: 'Max-pass-1234' });
    expect(add.status).toBe(429);
    expect(await signInStatus('max@acme.test', 'Max-taken-5678')).toBe(401);
  });

  it('a right password gives the count back', async () => {
    await k.person({ name: 'Nia', email: 'nia@acme.test', password: 'Nia-pass-1234' });
    const nia = await k.signIn('nia@acme.test', 'Nia-pass-1234');
    for (let i = 0; i < 9; i++)
      expect((await nia.post('/api/v1/me/password', { current_password: 'typo-typo-1', new_password: 'Nia-pass-5678' })).status).toBe(401);
    expect((await nia.post('/api/v1/me/password', { current_password: 'Nia-pass-1234', new_password: 'Nia-pass-5678' })).status).toBe(200);
    for (let i = 0; i < 9; i++)
      expect((await nia.post('/api/v1/me/password', { current_password: 'typo-typo-2', new_password: 'Nia-pass-9999' })).status).toBe(401);
    expect((await nia.post('/api/v1/me/password', { current_password: 'Nia-pass-5678', new_password: 'Nia-pass-9999' })).status).toBe(200);
  });
});
