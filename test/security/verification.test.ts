import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../helpers/testKefu.ts';
import { freshStep, oathtool, securityKefu, wrongCode, type SecurityKefu } from './securityKefu.ts';

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

/** A customer with a session and a ticket of theirs. */
async function requesterWithTicket(name: string, ticket: Record<string, unknown>) {
  const email = `${name.toLowerCase()}@acme.test`;
  const id = await k.person({ name, email, password: `${name}-pass-12` });
  const customer = await k.signIn(email, `${name}-pass-12`);
  const t = await k.admin.post('/api/v1/tickets', { subject: `${name}'s question`, body: 'Please help', requester_id: id, ...ticket });
  expect(t.status).toBe(201);
  // The creation's own answer is shielded like any read: a new ticket's requester is not verified yet.
  expect(t.body.verification).toMatchObject({ verified: false, verified_until: null });
  expect(t.body.sender_verified).toBe(true);
  return { id, customer, ticketId: t.body.id as number, created: t.body as Record<string, unknown> };
}

describe('verify requester with the support code', () => {
  it('sensitive fields are absent for staff until the requester reads out their code, then present', async () => {
    const { customer, ticketId, created } = await requesterWithTicket('Cathy', {
      fields: { order: 'A-1', card_last4: '4242', billing_address: '1 Main St' },
    });
    // Not even the staff member who typed them gets them back in the creation's answer.
    expect(created.fields).toEqual({ order: 'A-1' });
    expect(created.verification).toEqual({
      required: true,
      verified: false,
      verified_until: null,
      withheld_fields: ['card_last4', 'billing_address'],
    });

    const before = await agent.get(`/api/v1/tickets/${ticketId}`);
    expect(before.status).toBe(200);
    expect(before.body.fields).toEqual({ order: 'A-1' });
    expect(before.body.verification).toEqual({
      required: true,
      verified: false,
      verified_until: null,
      withheld_fields: ['card_last4', 'billing_address'],
    });
    expect(JSON.stringify(before.body)).not.toMatch(/4242|Main St/);
    const list = await agent.get(`/api/v1/tickets?requester_id=${before.body.requester_id}`);
    expect(list.body.data[0].fields).toEqual({ order: 'A-1' });
    expect((await k.admin.get(`/api/v1/tickets/${ticketId}`)).body.fields).toEqual({ order: 'A-1' });
    // The customer always sees their own details.
    expect((await customer.get(`/api/v1/tickets/${ticketId}`)).body.fields).toEqual({
      order: 'A-1',
      card_last4: '4242',
      billing_address: '1 Main St',
    });

    await freshStep();
    const sc = await customer.get('/api/v1/me/support-code');
    expect(sc.status).toBe(200);
    expect(sc.body.code).toMatch(/^\d{6}$/);
    const left = new Date(sc.body.expires_at).getTime() - Date.now();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(30_000);
    expect((await customer.get('/api/v1/me/support-code')).body.code).toBe(sc.body.code);

    const v = await agent.post(`/api/v1/tickets/${ticketId}/verify`, { code: sc.body.code.replace(/(\d{3})/, '$1 ') });
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ verified: true, method: 'support_code' });
    const until = new Date(v.body.verified_until).getTime() - Date.now();
    expect(until).toBeGreaterThan(59 * 60_000);
    expect(until).toBeLessThanOrEqual(60 * 60_000);

    const after = await agent.get(`/api/v1/tickets/${ticketId}`);
    expect(after.body.fields).toEqual({ order: 'A-1', card_last4: '4242', billing_address: '1 Main St' });
    expect(after.body.verification).toMatchObject({
      required: true,
      verified: true,
      verified_until: v.body.verified_until,
      withheld_fields: [],
    });
    const status = await agent.get(`/api/v1/tickets/${ticketId}/verification`);
    expect(status.body).toMatchObject({ verified: true, method: 'support_code', verified_by: { name: 'Alex Agent' }, locked_until: null });
    const events = (await agent.get(`/api/v1/tickets/${ticketId}/events`)).body.data.map((e: { type: string }) => e.type);
    expect(events).toContain('security.requester_verified');

    // The same code is accepted once.
    const replay = await agent.post(`/api/v1/tickets/${ticketId}/verify`, { code: sc.body.code });
    expect(replay.status).toBe(422);
    expect(replay.body.error.details).toMatchObject({ reason: 'replayed', attempts_left: 4 });
  });

  it('a ticket in a sensitive category that has no details says nothing is withheld', async () => {
    // The console tells the agent "sensitive details are hidden" only when some are: here there are none.
    const { customer, ticketId } = await requesterWithTicket('Enzo', { category: 'billing' });
    const t = (await agent.get(`/api/v1/tickets/${ticketId}`)).body;
    expect(t.verification).toEqual({ required: true, verified: false, verified_until: null, withheld_fields: [] });
    expect((await customer.get(`/api/v1/tickets/${ticketId}`)).body.verification.withheld_fields).toEqual([]);
  });

  it('a wrong code does not verify; a customer cannot verify anyone', async () => {
    const { customer, ticketId } = await requesterWithTicket('Dan', { category: 'billing', fields: { plan: 'pro' } });
    const code = (await customer.get('/api/v1/me/support-code')).body.code;
    const r = await agent.post(`/api/v1/tickets/${ticketId}/verify`, { code: wrongCode(code) });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'unprocessable', details: { field: 'code', reason: 'invalid', attempts_left: 4 } });
    const t = (await agent.get(`/api/v1/tickets/${ticketId}`)).body;
    expect(t.fields).toEqual({});
    expect(t.verification).toEqual({ required: true, verified: false, verified_until: null, withheld_fields: ['plan'] });
    expect((await customer.post(`/api/v1/tickets/${ticketId}/verify`, { code })).status).toBe(403);
    expect((await agent.post(`/api/v1/tickets/${ticketId}/verify`, { code: '12345' })).status).toBe(400);
  });

  it('five wrong codes lock verification for 15 minutes and tell the requester; the lock ends', async () => {
    const { id, customer, ticketId } = await requesterWithTicket('Dora', { category: '2fa', fields: { '2fa_reset': 'lost phone' } });
    const code = (await customer.get('/api/v1/me/support-code')).body.code;
    for (let i = 1; i <= 4; i++) {
      const r = await agent.post(`/api/v1/tickets/${ticketId}/verify`, { code: wrongCode(code) });
      expect(r.status).toBe(422);
      expect(r.body.error.details.attempts_left).toBe(5 - i);
    }
    const fifth = await agent.post(`/api/v1/tickets/${ticketId}/verify`, { code: wrongCode(code) });
    expect(fifth.status).toBe(429);
    expect(fifth.body.error.code).toBe('rate_limited');
    const seconds = fifth.body.error.details.retry_after_seconds;
    expect(seconds).toBeGreaterThan(890);
    expect(seconds).toBeLessThanOrEqual(900);
    expect(fifth.body.error.message).toContain(String(seconds));
    expect(fifth.headers['retry-after']).toBe(String(seconds));

    // Even the right code is refused while locked.
    await freshStep();
    const good = (await customer.get('/api/v1/me/support-code')).body.code;
    const locked = await agent.post(`/api/v1/tickets/${ticketId}/verify`, { code: good });
    expect(locked.status).toBe(429);
    expect((await agent.get(`/api/v1/tickets/${ticketId}`)).body.fields).toEqual({});

    // The requester is told on the ticket, and the event is recorded.
    const msgs = (await customer.get(`/api/v1/tickets/${ticketId}/messages`)).body.data;
    expect(msgs.at(-1)).toMatchObject({ author: null, internal: false });
    expect(msgs.at(-1).body).toMatch(/locked for 15 minutes/);
    const events = (await agent.get(`/api/v1/tickets/${ticketId}/events`)).body.data.map((e: { type: string }) => e.type);
    expect(events.filter((t: string) => t === 'security.verification_failed')).toHaveLength(5);
    expect(events).toContain('security.verification_locked');
    expect((await agent.get(`/api/v1/tickets/${ticketId}/verification`)).body.locked_until).not.toBeNull();

    // Fifteen minutes later (the lock row's time set back), the right code verifies.
    await k.db.query(`update security_throttles set locked_until = now() - interval '1 second' where key = $1`, [`verify:${id}`]);
    const ok = await agent.post(`/api/v1/tickets/${ticketId}/verify`, { code: good });
    expect(ok.status).toBe(200);
    expect((await agent.get(`/api/v1/tickets/${ticketId}`)).body.fields).toEqual({ '2fa_reset': 'lost phone' });
  });

  it('a requester can use their own authenticator app (oathtool) instead', async () => {
    const { customer, ticketId } = await requesterWithTicket('Erin', { fields: { account_settings: 'sso=on' } });
    // Whoever holds the session must also know the password: the app will speak for Erin to support.
    const held = await customer.post('/api/v1/me/support-app');
    expect([held.status, held.body.error.details.field]).toEqual([422, 'current_password']);
    expect(held.body.error.message).toBe('Enter your current password to use an authenticator app for support verification');
    const wrong = await customer.post('/api/v1/me/support-app', { current_password: 'Erin-pass-99' });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'invalid_credentials']);
    const enrol = await customer.post('/api/v1/me/support-app', { current_password: 'Erin-pass-12' });
    expect(enrol.status).toBe(200);
    expect(enrol.body.otpauth_uri).toMatch(/^otpauth:\/\/totp\/Kefu:erin%40acme\.test%20\(support\)\?secret=/);
    const secret = enrol.body.secret as string;
    await freshStep();
    // Not used until confirmed.
    expect((await agent.post(`/api/v1/tickets/${ticketId}/verify`, { code: oathtool(secret) })).status).toBe(422);
    expect((await customer.post('/api/v1/me/support-app/confirm', { code: wrongCode(oathtool(secret)) })).status).toBe(422);
    // Confirm with the previous step's code, so the current one is still unused.
    expect((await customer.post('/api/v1/me/support-app/confirm', { code: oathtool(secret, new Date(Date.now() - 30_000)) })).body).toEqual(
      { enabled: true },
    );
    expect((await customer.get('/api/v1/me/security')).body.support_app).toEqual({ enabled: true, pending: false });
    const v = await agent.post(`/api/v1/tickets/${ticketId}/verify`, { code: oathtool(secret) });
    expect(v.status).toBe(200);
    expect(v.body.method).toBe('authenticator_app');
    expect((await agent.get(`/api/v1/tickets/${ticketId}`)).body.fields).toEqual({ account_settings: 'sso=on' });
  });

  it('the event history does not leak withheld field values either', async () => {
    const { ticketId } = await requesterWithTicket('Finn', { fields: { order: 'B-2', card_last4: '1111' } });
    expect((await k.admin.patch(`/api/v1/tickets/${ticketId}`, { fields: { card_last4: '9999', order: 'B-3' } })).status).toBe(200);
    const events = (await agent.get(`/api/v1/tickets/${ticketId}/events`)).body.data;
    const change = events.find((e: { type: string }) => e.type === 'ticket.updated').data.changes.fields;
    expect(change).toEqual([{ order: 'B-2' }, { order: 'B-3' }]);
    expect(JSON.stringify(events)).not.toMatch(/1111|9999/);
  });

  it('admins choose which fields and categories are sensitive', async () => {
    const { ticketId } = await requesterWithTicket('Gus', { category: 'refunds', fields: { iban: 'DE00 1234' } });
    expect((await agent.get(`/api/v1/tickets/${ticketId}`)).body.fields).toEqual({ iban: 'DE00 1234' });
    expect((await agent.patch('/api/v1/security/settings', { sensitive_categories: ['refunds'] })).status).toBe(403);
    const s = await k.admin.patch('/api/v1/security/settings', { sensitive_categories: ['billing', '2fa', 'refunds'] });
    expect(s.status).toBe(200);
    expect(s.body.sensitive_categories).toContain('refunds');
    const t = (await agent.get(`/api/v1/tickets/${ticketId}`)).body;
    expect(t.fields).toEqual({});
    expect(t.verification.required).toBe(true);
    await k.admin.patch('/api/v1/security/settings', { sensitive_categories: ['billing', '2fa'] });
  });
});
