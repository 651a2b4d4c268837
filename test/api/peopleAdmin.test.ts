import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

/** The People screen's API: truthful status, resending invitations, reset links, sign-in locks, roles and deactivation. */
let k: TestKefu;
let agent: Caller;
let orgId: number;
beforeAll(async () => {
  k = await testKefu();
  orgId = (await k.admin.post('/api/v1/organizations', { name: 'Acme' })).body.id;
  await k.admin.post('/api/v1/people', { name: 'Alex Agent', email: 'alex@kefu.test', password: 'Alex-pass-1234', role: 'agent' });
  agent = await k.signIn('alex@kefu.test', 'Alex-pass-1234');
});
afterAll(async () => {
  await k?.stop();
});

let ipSeq = 0;
const login = async (email: string, password: string) =>
  (
    await k.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: `10.77.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`,
    })
  ).statusCode;
const tokenOf = (url: string) => decodeURIComponent(new URL(url).searchParams.get('token')!);
const accept = async (token: string, password: string) => (await k.anon.post('/api/v1/auth/password', { token, password })).status;
const mails = async (personId: number, kind: string) =>
  k.db.query<{ to_addrs: string[]; text: string; subject: string }>(
    `select to_addrs, text, subject from outbound_emails where person_id = $1 and kind = $2 order by id`,
    [personId, kind],
  );
const audit = async (personId: number, type: string) =>
  k.db.query<{ actor_id: number | null; data: Record<string, unknown> }>(
    `select actor_id, data from audit_log where person_id = $1 and type = $2 order by id`,
    [personId, type],
  );
const invite = async (name: string, email: string, role = 'customer') => (await k.admin.post('/api/v1/people', { name, email, role })).body;
const person = async (id: number) => (await k.admin.get(`/api/v1/people/${id}`)).body;

describe('status', () => {
  it('an invitee who never accepted is "invited", then "active" once they set a password, and "deactivated" when switched off', async () => {
    const created = await invite('Ivy Invitee', 'ivy@acme.test');
    expect(created.status).toBe('invited');
    expect(new Date(created.invitation_expires_at).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const listed = (await k.admin.get('/api/v1/people?q=ivy')).body.data;
    expect(listed.map((p: any) => [p.name, p.status])).toEqual([['Ivy Invitee', 'invited']]);

    expect(await accept(tokenOf(created.invitation_url), 'Ivy-pass-12345')).toBe(200);
    expect(await person(created.id)).toMatchObject({ status: 'active', invitation_expires_at: null, locked_until: null });

    expect((await k.admin.patch(`/api/v1/people/${created.id}`, { active: false })).body.status).toBe('deactivated');
  });

  it('an invitation that ran out still reads "invited", with no open invitation', async () => {
    const created = await invite('Old Invite', 'old@acme.test');
    await k.db.query(`update one_time_tokens set expires_at = now() - interval '1 hour' where person_id = $1`, [created.id]);
    expect(await person(created.id)).toMatchObject({ status: 'invited', invitation_expires_at: null });
  });
});

describe('POST /people/{id}/invitation', () => {
  it("issues a fresh link per person: the older one dies, other people's links keep working, the mail goes out and it is audited", async () => {
    const a = await invite('Ann Invitee', 'ann@acme.test');
    const b = await invite('Bob Invitee', 'bob@acme.test');
    const r = await k.admin.post(`/api/v1/people/${a.id}/invitation`);
    expect(r.status).toBe(201);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body).toMatchObject({ person_id: a.id, email: 'ann@acme.test' });
    expect(r.body.invitation_url).toMatch(/\/invite\?token=/);
    expect(r.body.invitation_url).not.toBe(a.invitation_url);

    // The first invitation was mailed when Ann was added; the fresh link goes out in a second mail.
    const sent = await mails(a.id, 'invitation');
    expect(sent).toHaveLength(2);
    expect(sent[0].text).toContain(tokenOf(a.invitation_url));
    expect(sent[1].to_addrs).toEqual(['ann@acme.test']);
    expect(sent[1].text).toContain(tokenOf(r.body.invitation_url));
    expect(sent[1].subject).toMatch(/invited/i);
    // Only the second says that earlier links stopped working: the first had none before it.
    expect(sent[0].text).not.toMatch(/no longer works/);
    expect(sent[1].text).toMatch(/Any invitation link sent to you before this one no longer works/);

    expect(await accept(tokenOf(a.invitation_url), 'Ann-pass-12345')).toBe(400);
    expect(await accept(tokenOf(r.body.invitation_url), 'Ann-pass-12345')).toBe(200);
    expect(await login('ann@acme.test', 'Ann-pass-12345')).toBe(200);
    expect(await accept(tokenOf(b.invitation_url), 'Bob-pass-12345')).toBe(200);

    const entries = await audit(a.id, 'person.invitation_sent');
    expect(entries).toHaveLength(1);
    expect(entries[0].actor_id).not.toBeNull();
    expect(JSON.stringify(entries[0].data)).not.toContain(tokenOf(r.body.invitation_url));
  });

  it("an invitation mail is in the invitee's language", async () => {
    const c = (await k.admin.post('/api/v1/people', { name: '陈静', email: 'chen@acme.test', locale: 'zh-CN' })).body;
    expect((await k.admin.post(`/api/v1/people/${c.id}/invitation`)).status).toBe(201);
    expect((await mails(c.id, 'invitation')).map((m) => m.subject)).toEqual([
      expect.stringContaining('邀请'),
      expect.stringContaining('邀请'),
    ]);
  });

  it('adding someone without a password mails their invitation; an agent adding a customer does not get the link', async () => {
    const d = await invite('Dave Added', 'Dave@Acme.test');
    const sent = await mails(d.id, 'invitation');
    expect(sent).toHaveLength(1);
    expect(sent[0].to_addrs).toEqual(['dave@acme.test']);
    expect(sent[0].text).toContain(tokenOf(d.invitation_url));
    const byAgent = await agent.post('/api/v1/people', { name: 'Erin Added', email: 'erin@acme.test' });
    expect(byAgent.status).toBe(201);
    // The link sets the password of the account: only admins see it (as for a re-invitation).
    expect(byAgent.body.invitation_url).toBeNull();
    expect(await mails(byAgent.body.id, 'invitation')).toHaveLength(1);
    // With a password, nobody is invited.
    const withPassword = await k.admin.post('/api/v1/people', {
      name: 'Patty Pass',
      email: 'patty@acme.test',
      password: 'Patty-pass-12345',
    });
    expect(withPassword.body.invitation_url).toBeNull();
    expect(await mails(withPassword.body.id, 'invitation')).toHaveLength(0);
  });

  it('agents re-invite customers but do not see the link; agents cannot re-invite staff; customers cannot at all', async () => {
    const c = await invite('Cat Customer', 'cat@acme.test');
    const byAgent = await agent.post(`/api/v1/people/${c.id}/invitation`);
    expect(byAgent.status).toBe(201);
    expect(byAgent.body.invitation_url).toBeNull();
    expect(await mails(c.id, 'invitation')).toHaveLength(2); // on creation, and this one

    const staffInvitee = await invite('Sam Staff', 'sam@kefu.test', 'agent');
    expect((await agent.post(`/api/v1/people/${staffInvitee.id}/invitation`)).status).toBe(403);

    await k.admin.post('/api/v1/people', { name: 'Cus Tomer', email: 'cus@acme.test', password: 'Cus-pass-12345', organization_id: orgId });
    const customer = await k.signIn('cus@acme.test', 'Cus-pass-12345');
    expect((await customer.post(`/api/v1/people/${c.id}/invitation`)).status).toBe(404);
    expect(await accept(tokenOf(c.invitation_url), 'Cat-pass-12345')).toBe(400); // the agent's resend ended it
  });

  it('is refused for someone who already has a password, or is deactivated', async () => {
    const withPassword = (await k.admin.post('/api/v1/people', { name: 'Pat', email: 'pat@acme.test', password: 'Pat-pass-12345' })).body;
    const r = await k.admin.post(`/api/v1/people/${withPassword.id}/invitation`);
    expect(r.status).toBe(409);
    expect(r.body.error.details).toMatchObject({ reason: 'accepted' });
    const d = await invite('Dan Gone', 'dan@acme.test');
    await k.admin.patch(`/api/v1/people/${d.id}`, { active: false });
    expect((await k.admin.post(`/api/v1/people/${d.id}/invitation`)).status).toBe(409);
    expect(await accept(tokenOf(d.invitation_url), 'Dan-pass-12345')).toBe(400); // deactivating ended the open link
  });
});

describe('accepting an invitation', () => {
  const acceptAs = async (token: string, password: string) => {
    const r = await k.kefu.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { token, password } });
    const cookie = r.cookies.find((c) => c.name === 'kefu_session');
    return { status: r.statusCode, body: r.json(), cookie: cookie ? `kefu_session=${cookie.value}` : null };
  };
  const meWith = async (cookie: string) =>
    (await k.kefu.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).json() as { id: number; role: string };

  it('signs the new customer or agent in: no second typing of the password they just chose', async () => {
    for (const [name, email, role] of [
      ['Gina Guest', 'gina@acme.test', 'customer'],
      ['Andy Agent', 'andy@kefu.test', 'agent'],
    ]) {
      const p = await invite(name, email, role);
      const r = await acceptAs(tokenOf(p.invitation_url), `${name.split(' ')[0]}-pass-12345`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ ok: true, signed_in: true, person: { id: p.id, email, role } });
      expect(r.cookie).not.toBeNull();
      expect(await meWith(r.cookie!)).toMatchObject({ id: p.id, role });
      expect((await audit(p.id, 'auth.login')).map((a) => a.data.method)).toEqual(['invitation']);
    }
  });

  it('does not sign in a deactivated person or one with two-factor sign-in; a reset link never signs in', async () => {
    const off = await invite('Olga Off', 'olga@acme.test');
    await k.db.query(`update people set active = false where id = $1`, [off.id]);
    const r1 = await acceptAs(tokenOf(off.invitation_url), 'Olga-pass-12345');
    expect(r1).toMatchObject({ status: 200, body: { signed_in: false, person: null }, cookie: null });

    const twoF = await invite('Tess Two', 'tess@acme.test');
    await k.db.query(`insert into otp_secrets (person_id, purpose, secret_enc, enabled_at) values ($1, 'two_factor', 'x', now())`, [
      twoF.id,
    ]);
    const r2 = await acceptAs(tokenOf(twoF.invitation_url), 'Tess-pass-12345');
    expect(r2).toMatchObject({ status: 200, body: { signed_in: false }, cookie: null });

    const rex = (await k.admin.post('/api/v1/people', { name: 'Rex Reset', email: 'rex@acme.test', password: 'Rex-pass-12345' })).body;
    expect((await k.admin.post(`/api/v1/people/${rex.id}/password-reset`)).status).toBe(202);
    const link = decodeURIComponent(/reset-password\?token=([^\s"&]+)/.exec((await mails(rex.id, 'password_reset'))[0].text)![1]);
    const r3 = await acceptAs(link, 'Rex-new-12345');
    expect(r3).toMatchObject({ status: 200, body: { signed_in: false, person: null }, cookie: null });
    expect(await login('rex@acme.test', 'Rex-new-12345')).toBe(200);
  });
});

describe('POST /people/{id}/password-reset', () => {
  it('mails a reset link to the primary address, never answers it, and the older link dies', async () => {
    const p = (
      await k.admin.post('/api/v1/people', {
        name: 'Rita Reset',
        email: 'rita@acme.test',
        password: 'Rita-pass-12345',
        emails: ['rita.other@acme.test'],
      })
    ).body;
    const first = await agent.post(`/api/v1/people/${p.id}/password-reset`);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ person_id: p.id, email: 'rita@acme.test' });
    expect(JSON.stringify(first.body)).not.toMatch(/token|kfo_/);
    expect((await k.admin.post(`/api/v1/people/${p.id}/password-reset`)).status).toBe(202);
    const sent = await mails(p.id, 'password_reset');
    expect(sent.map((m) => m.to_addrs)).toEqual([['rita@acme.test'], ['rita@acme.test']]);
    const [older, newer] = sent.map((m) => decodeURIComponent(/reset-password\?token=([^\s"&]+)/.exec(m.text)![1]));
    expect(await accept(older, 'Rita-new-12345')).toBe(400);
    expect(await accept(newer, 'Rita-new-12345')).toBe(200);
    expect(await login('rita@acme.test', 'Rita-new-12345')).toBe(200);
    expect((await audit(p.id, 'person.password_reset_sent')).length).toBe(2);
  });

  it('is refused for an invitee (resend the invitation) and for staff accounts when asked by an agent', async () => {
    const i = await invite('Ina', 'ina@acme.test');
    const r = await k.admin.post(`/api/v1/people/${i.id}/password-reset`);
    expect(r.status).toBe(409);
    expect(r.body.error.details).toMatchObject({ reason: 'not_accepted' });
    const admin2 = (
      await k.admin.post('/api/v1/people', { name: 'Ada Admin', email: 'ada@kefu.test', password: 'Ada-pass-12345', role: 'admin' })
    ).body;
    expect((await agent.post(`/api/v1/people/${admin2.id}/password-reset`)).status).toBe(403);
    expect(await mails(admin2.id, 'password_reset')).toHaveLength(0);
  });
});

describe('DELETE /people/{id}/lock', () => {
  it('shows the sign-in lock to staff, lifts it, and audits it', async () => {
    const p = (
      await k.admin.post('/api/v1/people', {
        name: 'Leo Locked',
        email: 'leo@acme.test',
        password: 'Leo-pass-12345',
        organization_id: orgId,
      })
    ).body;
    for (let i = 0; i < 10; i++) await login('leo@acme.test', 'wrong-password-1');
    expect(await login('leo@acme.test', 'Leo-pass-12345')).toBe(429);
    const locked = await person(p.id);
    expect(new Date(locked.locked_until).getTime()).toBeGreaterThan(Date.now());

    // A colleague in the same organization sees Leo, but not that his account is locked.
    await k.admin.post('/api/v1/people', {
      name: 'Col League',
      email: 'col@acme.test',
      password: 'Col-pass-12345',
      organization_id: orgId,
    });
    const colleague = await k.signIn('col@acme.test', 'Col-pass-12345');
    const seen = await colleague.get(`/api/v1/people/${p.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.locked_until).toBeNull();
    expect((await colleague.del(`/api/v1/people/${p.id}/lock`)).status).toBe(404);

    const r = await agent.del(`/api/v1/people/${p.id}/lock`);
    expect(r.status).toBe(200);
    expect(r.body.locked_until).toBeNull();
    expect(await login('leo@acme.test', 'Leo-pass-12345')).toBe(200);
    expect(await audit(p.id, 'person.unlocked')).toHaveLength(1);
  });

  it('agents cannot unlock an admin', async () => {
    const a = (
      await k.admin.post('/api/v1/people', { name: 'Abe Admin', email: 'abe@kefu.test', password: 'Abe-pass-12345', role: 'admin' })
    ).body;
    expect((await agent.del(`/api/v1/people/${a.id}/lock`)).status).toBe(403);
    expect((await k.admin.del(`/api/v1/people/${a.id}/lock`)).status).toBe(200);
  });
});

describe('time zones', () => {
  it('a profile takes an IANA zone; an unknown one is refused on the field instead of being kept and ignored', async () => {
    const id = (await invite('Tina Zone', 'tina@initech.test')).id as number;
    const bad = await k.admin.patch(`/api/v1/people/${id}`, { timezone: 'Mars/Olympus_Mons' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('timezone');
    expect(JSON.stringify(bad.body)).toContain('Unknown time zone');
    expect((await k.admin.post('/api/v1/people', { name: 'Zed', email: 'zed@initech.test', timezone: 'Nowhere' })).status).toBe(400);
    const ok = await k.admin.patch(`/api/v1/people/${id}`, { timezone: 'Asia/Shanghai' });
    expect(ok.status).toBe(200);
    expect(ok.body.timezone).toBe('Asia/Shanghai');
    expect((await k.admin.patch(`/api/v1/people/${id}`, { timezone: null })).body.timezone).toBeNull();
  });
});

describe('role, organization, deactivation', () => {
  it('only an admin changes roles; the change is audited and takes effect at once', async () => {
    const p = (await k.admin.post('/api/v1/people', { name: 'Ron Role', email: 'ron@acme.test', password: 'Ron-pass-12345' })).body;
    const ron = await k.signIn('ron@acme.test', 'Ron-pass-12345');
    expect((await ron.get('/api/v1/tickets/1/events')).status).not.toBe(200);
    expect((await agent.patch(`/api/v1/people/${p.id}`, { role: 'agent' })).status).toBe(403);
    const r = await k.admin.patch(`/api/v1/people/${p.id}`, { role: 'agent' });
    expect(r.body.role).toBe('agent');
    expect((await ron.get('/api/v1/groups')).status).toBe(200);
    expect((await audit(p.id, 'person.role_changed'))[0].data).toEqual({ from: 'customer', to: 'agent' });
  });

  it('who made which account is audited: an admin invited by an admin, a customer added by an agent', async () => {
    const adminId = (await k.admin.get('/api/v1/me')).body.id;
    const made = await invite('Ada Second', 'ada.second@kefu.test', 'admin');
    expect(await audit(made.id, 'person.created')).toEqual([
      { actor_id: adminId, data: { role: 'admin', invited: true, organization_id: null } },
    ]);
    const cust = (await agent.post('/api/v1/people', { name: 'Cy Customer', email: 'cy@acme.test', password: 'Cy-pass-123456' })).body;
    const rows = await audit(cust.id, 'person.created');
    expect(rows).toHaveLength(1);
    expect(rows[0].data).toMatchObject({ role: 'customer', invited: false });
    expect(rows[0].actor_id).not.toBe(adminId);
    // The admin reads it in the audit log.
    const log = (await k.admin.get('/api/v1/audit-log?type=person.created')).body.data as Array<{ person_id: number }>;
    expect(log.map((e) => e.person_id)).toEqual(expect.arrayContaining([made.id, cust.id]));
  });

  it('staff move a customer to another organization', async () => {
    const p = (await k.admin.post('/api/v1/people', { name: 'Olive Org', email: 'olive@acme.test', password: 'Olive-pass-1234' })).body;
    expect((await agent.patch(`/api/v1/people/${p.id}`, { organization_id: orgId })).body.organization_id).toBe(orgId);
    expect((await agent.patch(`/api/v1/people/${p.id}`, { organization_id: null })).body.organization_id).toBeNull();
  });

  it("a customer created without an organization joins the one mapping their address's domain; staff and a chosen organization are not moved", async () => {
    const mapped = (await k.admin.post('/api/v1/organizations', { name: 'Mapped Co', email_domains: ['mapped.example'] })).body.id;
    const c = (await agent.post('/api/v1/people', { name: 'Mo', email: 'Mo@Mapped.Example', organization_id: null })).body;
    expect(c.organization_id).toBe(mapped);
    const chosen = (await k.admin.post('/api/v1/people', { name: 'Cy', email: 'cy@mapped.example', organization_id: orgId })).body;
    expect(chosen.organization_id).toBe(orgId);
    const staff = (await k.admin.post('/api/v1/people', { name: 'Sam', email: 'sam@mapped.example', role: 'agent' })).body;
    expect(staff.organization_id).toBeNull();
    // Their own ticket carries the organization, as one they mailed in would.
    const password = 'Mo-pass-12345678';
    await k.admin.post('/api/v1/people', { name: 'Meg', email: 'meg@mapped.example', password });
    const meg = await k.signIn('meg@mapped.example', password);
    expect((await meg.post('/api/v1/tickets', { subject: 'Help', body: 'Please.' })).body.organization_id).toBe(mapped);
  });

  it('the last active admin can be neither demoted nor deactivated; with another admin it can', async () => {
    const list = (await k.admin.get('/api/v1/people?role=admin&limit=100')).body.data;
    const others = list.filter((p: any) => p.email !== 'admin@kefu.test');
    for (const o of others) expect((await k.admin.patch(`/api/v1/people/${o.id}`, { active: false })).status).toBe(200);
    const me = list.find((p: any) => p.email === 'admin@kefu.test');
    const demote = await k.admin.patch(`/api/v1/people/${me.id}`, { role: 'agent' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.details).toMatchObject({ reason: 'last_admin' });
    expect(demote.body.error.message).toMatch(/last active admin/);
    expect((await k.admin.patch(`/api/v1/people/${me.id}`, { active: false })).status).toBe(409);
    expect(await person(me.id)).toMatchObject({ role: 'admin', status: 'active' });

    const second = (
      await k.admin.post('/api/v1/people', { name: 'Second Admin', email: 'second@kefu.test', password: 'Second-pass-123', role: 'admin' })
    ).body;
    const secondCaller = await k.signIn('second@kefu.test', 'Second-pass-123');
    expect((await secondCaller.patch(`/api/v1/people/${me.id}`, { role: 'agent' })).status).toBe(200);
    expect((await secondCaller.patch(`/api/v1/people/${second.id}`, { role: 'agent' })).status).toBe(409);
    expect((await secondCaller.patch(`/api/v1/people/${me.id}`, { role: 'admin' })).status).toBe(200);
  });

  it('deactivating ends sessions for good (reactivating brings none back) and is audited both ways', async () => {
    const p = (await k.admin.post('/api/v1/people', { name: 'Dee Active', email: 'dee@acme.test', password: 'Dee-pass-12345' })).body;
    const dee = await k.signIn('dee@acme.test', 'Dee-pass-12345');
    expect((await dee.get('/api/v1/me')).status).toBe(200);
    expect((await agent.patch(`/api/v1/people/${p.id}`, { active: false })).status).toBe(403);
    expect((await k.admin.patch(`/api/v1/people/${p.id}`, { active: false })).body.status).toBe('deactivated');
    expect((await dee.get('/api/v1/me')).status).toBe(401);
    expect(await login('dee@acme.test', 'Dee-pass-12345')).toBe(401);
    expect((await k.admin.patch(`/api/v1/people/${p.id}`, { active: true })).body.status).toBe('active');
    expect((await dee.get('/api/v1/me')).status).toBe(401);
    expect(await login('dee@acme.test', 'Dee-pass-12345')).toBe(200);
    expect((await audit(p.id, 'person.deactivated'))[0].data).toMatchObject({ sessions_revoked: 1 });
    expect(await audit(p.id, 'person.reactivated')).toHaveLength(1);
  });
});
