import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

/** Merging two people who are one (docs/people.md): what moves, what stays, who may, and the person page's sessions. */
let k: TestKefu;
let agent: Caller;
let customer: Caller;
let orgA: number;
let orgB: number;
let agentId: number;
let customerId: number;
beforeAll(async () => {
  k = await testKefu();
  orgA = (await k.admin.post('/api/v1/organizations', { name: 'Acme' })).body.id;
  orgB = (await k.admin.post('/api/v1/organizations', { name: 'Globex' })).body.id;
  agentId = (
    await k.admin.post('/api/v1/people', { name: 'Alex Agent', email: 'alex@kefu.test', password: 'Alex-pass-1234', role: 'agent' })
  ).body.id;
  agent = await k.signIn('alex@kefu.test', 'Alex-pass-1234');
  customerId = (
    await k.admin.post('/api/v1/people', {
      name: 'Carla Customer',
      email: 'carla@acme.test',
      password: 'Carla-pass-1234',
      organization_id: orgA,
    })
  ).body.id;
  customer = await k.signIn('carla@acme.test', 'Carla-pass-1234');
});
afterAll(async () => {
  await k?.stop();
});

/** A guest known only by mail: an agent logs a call from this address (no password, no invitation). */
const guest = async (name: string, email: string, organizationId: number | null, subject = `From ${name}`) => {
  const t = await k.admin.post('/api/v1/tickets', {
    subject,
    body: 'Hello',
    requester_email: email,
    requester_name: name,
    organization_id: organizationId,
    override_entitlement: true,
  });
  expect(t.status, JSON.stringify(t.body)).toBe(201);
  return { personId: t.body.requester_id as number, ticketId: t.body.id as number };
};
const account = async (name: string, email: string, organizationId: number | null) =>
  (await k.admin.post('/api/v1/people', { name, email, password: 'Pass-word-12345', organization_id: organizationId })).body.id as number;
const events = async (ticketId: number, type: string) =>
  k.db.query<{ actor_id: number; data: Record<string, unknown> }>(
    `select actor_id, data from ticket_events where ticket_id = $1 and type = $2`,
    [ticketId, type],
  );

describe('POST /people/{id}/merge', () => {
  it('moves addresses and tickets to the survivor, records requester.merged on each ticket, keeps a tombstone, and is idempotent', async () => {
    const into = await account('Dana Lee', 'dana@acme.test', orgA);
    const a = await guest('Dana (home mail)', 'dana.lee@home.test', orgA, 'Printer on fire');
    const b = await guest('Dana (home mail)', 'dana.lee@home.test', orgA, 'Printer still on fire');
    expect(b.personId).toBe(a.personId);
    await k.admin.patch(`/api/v1/people/${a.personId}`, { add_emails: ['dana.2@home.test'] });
    await k.db.query(`update person_emails set verified_at = now() where lower(email) = 'dana.2@home.test'`);

    const preview = await agent.get(`/api/v1/people/${a.personId}/merge-preview?into_id=${into}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      person: { id: a.personId, name: 'Dana (home mail)' },
      into: { id: into, name: 'Dana Lee' },
      already_merged: false,
      tickets: 2,
      sessions: 0,
    });
    expect(preview.body.addresses).toEqual([
      { email: 'dana.lee@home.test', verified: false, primary: true },
      { email: 'dana.2@home.test', verified: true, primary: false },
    ]);

    const r = await agent.post(`/api/v1/people/${a.personId}/merge`, { into_id: into });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ person_id: a.personId, into_id: into, merged: true, tickets_moved: 2, addresses_moved: 2 });

    for (const t of [a.ticketId, b.ticketId]) {
      expect((await k.admin.get(`/api/v1/tickets/${t}`)).body.requester_id).toBe(into);
      const ev = await events(t, 'requester.merged');
      expect(ev).toHaveLength(1);
      expect(ev[0]).toMatchObject({
        actor_id: agentId,
        data: { from: a.personId, into, from_name: 'Dana (home mail)', into_name: 'Dana Lee' },
      });
      // History is kept: the ticket's earlier events are still there, and the history reads the new event.
      expect(await events(t, 'ticket.created')).toHaveLength(1);
      const history = (await agent.get(`/api/v1/tickets/${t}/events`)).body.data.map((e: any) => e.type);
      expect(history).toContain('requester.merged');
    }
    const survivor = (await agent.get(`/api/v1/people/${into}`)).body;
    expect(survivor.emails).toEqual([
      { email: 'dana@acme.test', primary: true, verified: true },
      { email: 'dana.lee@home.test', primary: false, verified: false },
      { email: 'dana.2@home.test', primary: false, verified: true },
    ]);
    // The address that was never proven gets its own verification link, for the survivor.
    const links = await k.db.query<{ to_addrs: string[] }>(
      `select to_addrs from outbound_emails where kind = 'email_verification' and person_id = $1`,
      [into],
    );
    expect(links.map((m) => m.to_addrs)).toEqual([['dana.lee@home.test']]);

    const tomb = await agent.get(`/api/v1/people/${a.personId}`);
    expect(tomb.status).toBe(200);
    expect(tomb.body).toMatchObject({ merged_into_id: into, active: false, status: 'deactivated', emails: [] });
    expect((await agent.get(`/api/v1/people?q=dana`)).body.data.map((p: any) => p.id)).toEqual([into]);
    expect((await agent.get(`/api/v1/tickets?requester_id=${into}`)).body.data.map((t: any) => t.id).sort()).toEqual(
      [a.ticketId, b.ticketId].sort(),
    );
    // A tombstone is not edited (409); edit the survivor.
    const edit = await k.admin.patch(`/api/v1/people/${a.personId}`, { active: true });
    expect(edit.status).toBe(409);
    expect(edit.body.error.details).toMatchObject({ reason: 'merged', merged_into_id: into });

    // A ticket opened for the tombstone (an old link, a script) goes to the survivor.
    const late = await agent.post('/api/v1/tickets', { subject: 'Late', body: 'x', requester_id: a.personId, override_entitlement: true });
    expect(late.status, JSON.stringify(late.body)).toBe(201);
    expect(late.body.requester_id).toBe(into);

    const again = await agent.post(`/api/v1/people/${a.personId}/merge`, { into_id: into });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ merged: false, tickets_moved: 0, addresses_moved: 0 });
    expect(await events(a.ticketId, 'requester.merged')).toHaveLength(1);
    const audit = await k.db.query(`select person_id from audit_log where type = 'person.merged' and (person_id = $1 or person_id = $2)`, [
      a.personId,
      into,
    ]);
    expect(audit).toHaveLength(2);
  });

  it("ends the merged-away account's sessions and API tokens (admins merge accounts that sign in)", async () => {
    const into = await account('Eve Survivor', 'eve@acme.test', orgA);
    const from = await account('Eve Old', 'eve.old@acme.test', orgA);
    const session = await k.signIn('eve.old@acme.test', 'Pass-word-12345');
    const token = (await session.post('/api/v1/tokens', { name: 'script' })).body.token;
    expect((await k.as(token).get('/api/v1/me')).status).toBe(200);

    // An agent may not merge away an account someone signs in with.
    const refused = await agent.post(`/api/v1/people/${from}/merge`, { into_id: into });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.reason).toBe('account_needs_admin');

    const preview = await k.admin.get(`/api/v1/people/${from}/merge-preview?into_id=${into}`);
    expect(preview.body.sessions).toBe(2);
    const r = await k.admin.post(`/api/v1/people/${from}/merge`, { into_id: into });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ sessions_revoked: 1, tokens_revoked: 1 });
    expect((await session.get('/api/v1/me')).status).toBe(401);
    expect((await k.as(token).get('/api/v1/me')).status).toBe(401);
    // The moved address, verified when it was created, signs the survivor in now.
    const signedIn = await k.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'eve.old@acme.test', password: 'Pass-word-12345' },
    });
    expect(signedIn.statusCode).toBe(200);
    expect(JSON.parse(signedIn.body).person?.id ?? JSON.parse(signedIn.body).id).toBe(into);
  });

  it('refuses: itself, staff accounts, across organizations, into a tombstone, unknown people; customers learn nothing', async () => {
    const p = await guest('Fay', 'fay@globex.test', orgB);
    const q = await guest('Fay Two', 'fay2@globex.test', orgB);
    const other = await guest('Gus', 'gus@acme.test', orgA);
    const loner = await guest('Hal', 'hal@nowhere.test', null);
    const reason = async (c: Caller, id: number, into: number) => {
      const r = await c.post(`/api/v1/people/${id}/merge`, { into_id: into });
      return [r.status, r.body.error?.details?.reason ?? r.body.error?.code];
    };
    expect(await reason(agent, p.personId, p.personId)).toEqual([422, 'same_person']);
    expect(await reason(k.admin, p.personId, agentId)).toEqual([422, 'staff_account']);
    expect(await reason(k.admin, agentId, p.personId)).toEqual([422, 'staff_account']);
    expect(await reason(agent, p.personId, other.personId)).toEqual([422, 'different_organization']);
    expect(await reason(agent, loner.personId, other.personId)).toEqual([422, 'different_organization']);
    expect(await reason(agent, p.personId, 9_999_999)).toEqual([422, 'unknown_person']);
    expect(await reason(agent, 9_999_999, p.personId)).toEqual([404, 'not_found']);
    // The refusal speaks the actor's language and names both people.
    const zh = await k.admin.patch(`/api/v1/people/${agentId}`, { locale: 'zh-CN' });
    expect(zh.status).toBe(200);
    const zhAgent = await k.signIn('alex@kefu.test', 'Alex-pass-1234');
    const msg = (await zhAgent.post(`/api/v1/people/${p.personId}/merge`, { into_id: other.personId })).body.error.message;
    expect(msg).toContain('不同的组织');
    expect(msg).toContain('Fay');
    await k.admin.patch(`/api/v1/people/${agentId}`, { locale: 'en' });

    // Customers: 404 whatever they ask, even about their own organization's people; nothing moved.
    const carlaGuest = await guest('Carla Home', 'carla@home.test', orgA);
    expect(await reason(customer, carlaGuest.personId, customerId)).toEqual([404, 'not_found']);
    expect((await customer.get(`/api/v1/people/${carlaGuest.personId}/merge-preview?into_id=${customerId}`)).status).toBe(404);
    expect((await customer.get(`/api/v1/people/${customerId}/sessions`)).status).toBe(404);
    expect((await customer.post(`/api/v1/people/${customerId}/merge`, { into_id: carlaGuest.personId })).status).toBe(404);
    const encoded = await customer.post(`/%61pi/v1/people/${carlaGuest.personId}/merge`, { into_id: customerId });
    expect(encoded.status).toBe(404);
    expect((await k.anon.post(`/api/v1/people/${carlaGuest.personId}/merge`, { into_id: customerId })).status).toBe(401);
    expect((await k.admin.get(`/api/v1/tickets/${carlaGuest.ticketId}`)).body.requester_id).toBe(carlaGuest.personId);

    // Into a tombstone: merge into its survivor instead.
    expect((await agent.post(`/api/v1/people/${q.personId}/merge`, { into_id: p.personId })).status).toBe(200);
    const third = await guest('Fay Three', 'fay3@globex.test', orgB);
    expect(await reason(agent, third.personId, q.personId)).toEqual([422, 'target_merged']);
    // Already merged into someone else: 409.
    expect(await reason(agent, q.personId, third.personId)).toEqual([409, 'already_merged']);

    // Bad input: 4xx, never 500.
    expect((await agent.post(`/api/v1/people/${p.personId}/merge`, {})).status).toBe(400);
    expect((await agent.post(`/api/v1/people/${p.personId}/merge`, { into_id: 'x' })).status).toBe(400);
    expect((await agent.post(`/api/v1/people/0/merge`, { into_id: 1 })).status).toBe(400);
    expect((await agent.get(`/api/v1/people/${p.personId}/merge-preview`)).status).toBe(400);
  });
});

describe('GET /people/{id}/sessions', () => {
  it('shows staff when and from which browser a customer is signed in; the IP address only to admins; agents not for staff', async () => {
    const id = await account('Ivan Sessions', 'ivan@acme.test', orgA);
    await k.signIn('ivan@acme.test', 'Pass-word-12345');
    const byAgent = await agent.get(`/api/v1/people/${id}/sessions`);
    expect(byAgent.status).toBe(200);
    expect(byAgent.body.data).toHaveLength(1);
    expect(byAgent.body.data[0]).toMatchObject({ ip: null });
    expect(byAgent.body.data[0].last_seen_at).toBeTruthy();
    const byAdmin = await k.admin.get(`/api/v1/people/${id}/sessions`);
    expect(byAdmin.body.data[0].ip).toBeTruthy();
    expect((await agent.get(`/api/v1/people/${agentId}/sessions`)).status).toBe(403);
    expect((await agent.get(`/api/v1/people/9999999/sessions`)).status).toBe(404);
  });
});

describe('an organization page at scale', () => {
  it("lists an organization's open tickets through the partial index (the statuses are said literally)", async () => {
    // The test database is tiny, so the planner would read the table: ask it which index it picks when it must use one.
    await k.db.query(`set enable_seqscan = off`);
    const plan = await k.db.query<{ plan: string }>(
      `explain select id from tickets t where t.organization_id = 1 and t.status in ('new', 'open', 'pending', 'on_hold') order by t.created_at desc, t.id desc limit 26`,
    );
    await k.db.query(`reset enable_seqscan`);
    const text = plan.map((r: any) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('tickets_org_unsolved_idx');
    const open = await agent.get(`/api/v1/tickets?organization_id=${orgA}&status=new,open,pending,on_hold&limit=2`);
    expect(open.status).toBe(200);
    expect(open.body.data.length).toBe(2);
    expect(open.body.next_cursor).toBeTruthy();
  });
});
