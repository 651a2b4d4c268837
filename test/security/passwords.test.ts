import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailIdentity, sendVerificationEmail } from '../../server/channels/email/index.ts';
import type { Caller } from '../helpers/testKefu.ts';
import { securityKefu, type SecurityKefu } from './securityKefu.ts';

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
