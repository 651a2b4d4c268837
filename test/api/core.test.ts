import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

describe('the core story', () => {
  it('health answers ok without authentication', async () => {
    const r = await k.anon.get('/api/v1/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
  });

  it('admin creates organizations, a customer and tickets; the customer sees only their organization', async () => {
    const acme = (await k.admin.post('/api/v1/organizations', { name: 'Acme' })).body;
    const globex = (await k.admin.post('/api/v1/organizations', { name: 'Globex' })).body;
    const cust = await k.admin.post('/api/v1/people', {
      name: 'Cathy',
      email: 'cathy@acme.test',
      role: 'customer',
      organization_id: acme.id,
      password: 'Cathy-pass-1',
    });
    expect(cust.status).toBe(201);
    expect(cust.body.invitation_url).toBeNull();
    const t1 = await k.admin.post('/api/v1/tickets', {
      subject: 'Login broken',
      body: 'I cannot sign in',
      organization_id: acme.id,
      requester_id: cust.body.id,
      priority: 'P2',
    });
    expect(t1.status).toBe(201);
    expect(t1.body).toMatchObject({ status: 'new', priority: 'P2', organization_id: acme.id });
    expect(t1.body.number).toBeGreaterThan(0);
    const t2 = await k.admin.post('/api/v1/tickets', {
      subject: 'Other org',
      body: 'secret',
      organization_id: globex.id,
      requester_email: 'bob@globex.test',
    });
    expect(t2.status).toBe(201);

    const cathy = await k.signIn('cathy@acme.test', 'Cathy-pass-1');
    const list = await cathy.get('/api/v1/tickets');
    expect(list.status).toBe(200);
    expect(list.body.data.map((t: { id: number }) => t.id)).toEqual([t1.body.id]);
    expect(list.body.next_cursor).toBeNull();
    expect((await cathy.get(`/api/v1/tickets/${t2.body.id}`)).status).toBe(404);
    expect((await cathy.get(`/api/v1/tickets/${t1.body.id}`)).status).toBe(200);
    expect((await cathy.get(`/api/v1/organizations/${globex.id}`)).status).toBe(404);
    const orgs = await cathy.get('/api/v1/organizations');
    expect(orgs.body.data.map((o: { id: number }) => o.id)).toEqual([acme.id]);
  });

  it('a customer never sees internal notes, and cannot write them', async () => {
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Initech' })).body;
    const p = (
      await k.admin.post('/api/v1/people', {
        name: 'Peter',
        email: 'peter@initech.test',
        organization_id: org.id,
        password: 'Peter-pass-1',
      })
    ).body;
    const t = (await k.admin.post('/api/v1/tickets', { subject: 'TPS', body: 'report', requester_id: p.id })).body;
    expect((await k.admin.post(`/api/v1/tickets/${t.id}/messages`, { body: 'customer is difficult', internal: true })).status).toBe(201);
    expect((await k.admin.post(`/api/v1/tickets/${t.id}/messages`, { body: 'We are on it' })).status).toBe(201);
    const peter = await k.signIn('peter@initech.test', 'Peter-pass-1');
    const msgs = (await peter.get(`/api/v1/tickets/${t.id}/messages`)).body.data;
    expect(msgs.map((m: { body: string }) => m.body)).toEqual(['report', 'We are on it']);
    expect((await peter.post(`/api/v1/tickets/${t.id}/messages`, { body: 'x', internal: true })).status).toBe(403);
    const staffView = (await k.admin.get(`/api/v1/tickets/${t.id}/messages`)).body.data;
    expect(staffView).toHaveLength(3);
    // The agent's public reply moved the ticket out of "new" and is its first response.
    const after = (await k.admin.get(`/api/v1/tickets/${t.id}`)).body;
    expect(after.status).toBe('open');
    expect(after.first_response_at).not.toBeNull();
    // The customer's search does not match words of an internal note.
    expect((await peter.get('/api/v1/tickets?q=difficult')).body.data).toHaveLength(0);
    expect((await k.admin.get('/api/v1/tickets?q=difficult')).body.data.map((x: { id: number }) => x.id)).toEqual([t.id]);
  });

  it('malformed input gets 4xx errors in one shape, never a 500', async () => {
    const cases: Array<[Promise<{ status: number; body: any }>, number, string]> = [
      [k.admin.post('/api/v1/tickets', '{"subject": '), 400, 'invalid_json'],
      [k.admin.post('/api/v1/tickets', { subject: 5, body: 'x' }), 400, 'invalid_request'],
      [k.admin.post('/api/v1/tickets', { subject: 'x', body: 'y', priority: 'P9' }), 400, 'invalid_request'],
      [k.admin.post('/api/v1/tickets', { subject: 'x', body: 'y', requester_id: 987654 }), 422, 'unprocessable'],
      [k.admin.post('/api/v1/tickets', { subject: 'x', body: 'y', organization_id: 987654 }), 422, 'unprocessable'],
      [k.admin.get('/api/v1/tickets/987654'), 404, 'not_found'],
      [k.admin.get('/api/v1/tickets/abc'), 400, 'invalid_request'],
      [k.admin.get('/api/v1/tickets?cursor=garbage'), 400, 'invalid_request'],
      [k.admin.get('/api/v1/tickets?status=bogus'), 400, 'invalid_request'],
      [k.admin.post('/api/v1/people', { name: 'A', email: 'not-an-email' }), 400, 'invalid_request'],
      [k.admin.post('/api/v1/organizations/987654/assets', { kind: 'domain', name: 'example.com' }), 404, 'not_found'],
      [k.admin.get('/api/v1/nope'), 404, 'not_found'],
      [k.anon.get('/api/v1/tickets'), 401, 'unauthenticated'],
      [k.as('kft_bogus').get('/api/v1/tickets'), 401, 'unauthenticated'],
    ];
    for (const [p, status, code] of cases) {
      const r = await p;
      expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status, code });
      expect(typeof r.body.error.message).toBe('string');
    }
  });

  it('an oversize body is a 413', async () => {
    const big = 'x'.repeat(26 * 1024 * 1024);
    const r = await k.admin.post('/api/v1/tickets', { subject: 'big', body: big });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
  });

  it('duplicate email is a 409', async () => {
    await k.admin.post('/api/v1/people', { name: 'Dup', email: 'dup@x.test' });
    const r = await k.admin.post('/api/v1/people', { name: 'Dup2', email: 'DUP@x.test' });
    expect(r.status).toBe(409);
  });

  it('a person created without a password gets an invitation link that sets it', async () => {
    const r = await k.admin.post('/api/v1/people', { name: 'Ivy', email: 'ivy@x.test', role: 'agent' });
    expect(r.body.invitation_url).toMatch(/\/invite\?token=kfo_/);
    const token = new URL(r.body.invitation_url).searchParams.get('token');
    expect((await k.anon.post('/api/v1/auth/password', { token, password: 'Ivy-pass-12' })).status).toBe(200);
    expect((await k.anon.post('/api/v1/auth/password', { token, password: 'Ivy-pass-12' })).status).toBe(400);
    const ivy = await k.signIn('ivy@x.test', 'Ivy-pass-12');
    expect((await ivy.get('/api/v1/me')).body.role).toBe('agent');
  });
});
