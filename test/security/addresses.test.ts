import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityKefu, type SecurityKefu } from './securityKefu.ts';

/**
 * An address belongs to a person only once a link sent to that address, for that person, is
 * followed. Organization membership by domain and guest claims follow verified addresses only.
 */
let k: SecurityKefu;
let bCorp: number;
beforeAll(async () => {
  k = await securityKefu();
  const org = await k.admin.post('/api/v1/organizations', { name: 'B Corp', email_domains: ['b-corp.test'] });
  expect(org.status).toBe(201);
  bCorp = org.body.id;
});
afterAll(async () => {
  await k?.stop();
});

interface Mail {
  id: number;
  person_id: number | null;
  text: string;
  to_addrs: string[];
}
const mailsTo = (address: string, kind: 'email_verification' | 'password_reset') =>
  k.db.query<Mail>(`select id, person_id, text, to_addrs from outbound_emails where kind = $1 and $2 = any(to_addrs) order by id`, [
    kind,
    address,
  ]);
const linkToken = (m: Mail) => decodeURIComponent(/(?:verify-email|reset-password)\?token=([^\s"&]+)/.exec(m.text)![1]);
const holderOf = async (email: string) =>
  (await k.db.query<{ person_id: number }>(`select person_id from person_emails where lower(email) = lower($1)`, [email]))[0]?.person_id ??
  null;
/** Mails a reset link as an anonymous visitor from its own address (the route allows 10 a minute per IP). */
const askReset = async (email: string, ip: string) =>
  (await k.kefu.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email }, remoteAddress: ip })).statusCode;

describe('addresses added to a profile', () => {
  it('signing up with an address someone else added neither moves it nor verifies it on their account (no organization join)', async () => {
    const malId = await k.person({ name: 'Mal', email: 'mal@evil.test', password: 'Mal-pass-123' });
    const mal = await k.signIn('mal@evil.test', 'Mal-pass-123');
    const add = await mal.patch(`/api/v1/people/${malId}`, { add_emails: ['newbie@b-corp.test'], current_password: 'Mal-pass-123' });
    expect(add.status).toBe(200);
    expect(add.body.emails.find((e: { email: string }) => e.email === 'newbie@b-corp.test')).toMatchObject({ verified: false });
    const before = (await mailsTo('newbie@b-corp.test', 'email_verification')).length;

    // The real owner signs up and follows every verification link their sign-up made.
    expect(
      (await k.anon.post('/api/v1/auth/signup', { name: 'Newbie', email: 'newbie@b-corp.test', password: 'Newbie-pass-1' })).status,
    ).toBe(202);
    for (const m of (await mailsTo('newbie@b-corp.test', 'email_verification')).slice(before))
      await k.anon.post('/api/v1/auth/verify-email', { token: linkToken(m) });

    const me = (await mal.get('/api/v1/me')).body;
    expect(me.organization_id).toBeNull();
    expect(me.emails.find((e: { email: string }) => e.email === 'newbie@b-corp.test')).toMatchObject({ verified: false });
    expect(await holderOf('newbie@b-corp.test')).toBe(malId);
    expect((await k.login({ email: 'newbie@b-corp.test', password: 'Newbie-pass-1' }, '10.20.0.1')).status).toBe(401);
  });

  it('adding an address mails a link to it for that person; the link verifies exactly that address and dies with it', async () => {
    const annId = await k.person({ name: 'Ann', email: 'ann@a.test', password: 'Ann-pass-1234' });
    const ann = await k.signIn('ann@a.test', 'Ann-pass-1234');
    expect(
      (await ann.patch(`/api/v1/people/${annId}`, { add_emails: ['shared@b-corp.test'], current_password: 'Ann-pass-1234' })).status,
    ).toBe(200);
    const [annLink] = await mailsTo('shared@b-corp.test', 'email_verification');
    expect(annLink).toMatchObject({ person_id: annId, to_addrs: ['shared@b-corp.test'] });

    // Ann removes it; Bob adds it and gets his own link.
    expect((await ann.patch(`/api/v1/people/${annId}`, { remove_emails: ['shared@b-corp.test'] })).status).toBe(200);
    const bobId = await k.person({ name: 'Bob', email: 'bob@a.test', password: 'Bob-pass-1234' });
    const bob = await k.signIn('bob@a.test', 'Bob-pass-1234');
    expect(
      (await bob.patch(`/api/v1/people/${bobId}`, { add_emails: ['shared@b-corp.test'], current_password: 'Bob-pass-1234' })).status,
    ).toBe(200);
    const bobLink = (await mailsTo('shared@b-corp.test', 'email_verification')).find((m) => m.person_id === bobId)!;
    expect(bobLink).toBeTruthy();

    // Ann's old link does nothing: not for Ann (the address is gone), not for Bob (it was not sent for him).
    expect((await k.anon.post('/api/v1/auth/verify-email', { token: linkToken(annLink) })).status).toBe(400);
    expect((await bob.get('/api/v1/me')).body.emails.find((e: { email: string }) => e.email === 'shared@b-corp.test').verified).toBe(false);
    expect((await ann.get('/api/v1/me')).body.organization_id).toBeNull();
    expect((await bob.get('/api/v1/me')).body.organization_id).toBeNull();

    // Bob's link verifies Bob's address, and only now does he join the organization by its domain.
    expect((await k.anon.post('/api/v1/auth/verify-email', { token: linkToken(bobLink) })).status).toBe(200);
    const me = (await bob.get('/api/v1/me')).body;
    expect(me.emails.find((e: { email: string }) => e.email === 'shared@b-corp.test').verified).toBe(true);
    expect(me.emails.find((e: { email: string }) => e.email === 'bob@a.test').verified).toBe(true);
    expect(me.organization_id).toBe(bCorp);
  });
});

describe('password reset by address', () => {
  it('a reset asked for an unverified secondary address mails nothing to it', async () => {
    const eveId = await k.person({ name: 'Eve', email: 'eve@evil.test', password: 'Eve-pass-1234' });
    const eve = await k.signIn('eve@evil.test', 'Eve-pass-1234');
    expect(
      (await eve.patch(`/api/v1/people/${eveId}`, { add_emails: ['victim@b-corp.test'], current_password: 'Eve-pass-1234' })).status,
    ).toBe(200);
    expect(await askReset('victim@b-corp.test', '10.21.0.1')).toBe(202);
    expect(await mailsTo('victim@b-corp.test', 'password_reset')).toEqual([]);
    expect((await eve.get('/api/v1/me')).body.organization_id).toBeNull();
  });

  it('a reset link verifies only the address it was mailed to', async () => {
    expect((await k.anon.post('/api/v1/auth/signup', { name: 'Uma', email: 'uma@u.test', password: 'Uma-pass-1234' })).status).toBe(202);
    const umaId = (await holderOf('uma@u.test'))!;
    const uma = await k.signIn('uma@u.test', 'Uma-pass-1234');
    expect(
      (await uma.patch(`/api/v1/people/${umaId}`, { add_emails: ['uma.work@u.test'], current_password: 'Uma-pass-1234' })).status,
    ).toBe(200);
    const [work] = await mailsTo('uma.work@u.test', 'email_verification');
    expect((await k.anon.post('/api/v1/auth/verify-email', { token: linkToken(work) })).status).toBe(200);

    expect(await askReset('uma.work@u.test', '10.21.0.2')).toBe(202);
    const resets = await k.db.query<Mail>(
      `select id, person_id, text, to_addrs from outbound_emails where kind = 'password_reset' and person_id = $1 order by id`,
      [umaId],
    );
    expect(resets).toHaveLength(1);
    expect((await k.anon.post('/api/v1/auth/password', { token: linkToken(resets[0]), password: 'Uma-pass-5678' })).status).toBe(200);
    const emails = (await k.signIn('uma@u.test', 'Uma-pass-5678').then((c) => c.get('/api/v1/me'))).body.emails as Array<{
      email: string;
      verified: boolean;
    }>;
    // The primary address received nothing, so following the link proves nothing about it.
    expect(resets[0].to_addrs).toEqual(['uma.work@u.test']);
    expect(emails.find((e) => e.email === 'uma@u.test')?.verified).toBe(false);
  });
});

describe('addresses a customer adds', () => {
  it('at most 10 an hour (taken or not): no mailing strangers, no testing which addresses have accounts', async () => {
    const id = await k.person({ name: 'Pim Probe', email: 'pim@probe.test', password: 'Pim-pass-12345' });
    const pim = await k.signIn('pim@probe.test', 'Pim-pass-12345');
    // Taken addresses count: the 409 is what an enumeration would read.
    for (let i = 0; i < 4; i++)
      expect((await pim.patch(`/api/v1/people/${id}`, { add_emails: ['ann@a.test'], current_password: 'Pim-pass-12345' })).status).toBe(
        409,
      );
    expect(
      (
        await pim.patch(`/api/v1/people/${id}`, {
          add_emails: Array.from({ length: 6 }, (_, i) => `p${i}@probe.test`),
          current_password: 'Pim-pass-12345',
        })
      ).status,
    ).toBe(200);
    const over = await pim.patch(`/api/v1/people/${id}`, { add_emails: ['one-more@probe.test'], current_password: 'Pim-pass-12345' });
    expect(over.status).toBe(429);
    expect(over.body.error.details.field).toBe('add_emails');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(await mailsTo('one-more@probe.test', 'email_verification')).toEqual([]);
    // Staff adding addresses for a customer are not limited by it.
    expect((await k.admin.patch(`/api/v1/people/${id}`, { add_emails: ['by-staff@probe.test'] })).status).toBe(200);
  });
});

describe('addresses staff add', () => {
  it('an agent who adds an address of theirs to a customer and verifies it still cannot reset the password through it', async () => {
    const cbId = await k.person({ name: 'Cora B', email: 'cora@b-corp.test', password: 'Cora-pass-1234' });
    await k.person({ name: 'Agnes', email: 'agnes@desk.test', password: 'Agnes-pass-1234', role: 'agent' });
    const agent = await k.signIn('agnes@desk.test', 'Agnes-pass-1234');
    // The agent adds a mailbox of their own to the customer's profile and follows the link it gets.
    expect((await agent.patch(`/api/v1/people/${cbId}`, { add_emails: ['agent-owned@evil.test'] })).status).toBe(200);
    const [link] = await mailsTo('agent-owned@evil.test', 'email_verification');
    expect((await k.anon.post('/api/v1/auth/verify-email', { token: linkToken(link) })).status).toBe(200);
    expect((await agent.get(`/api/v1/people/${cbId}`)).body.emails).toContainEqual({
      email: 'agent-owned@evil.test',
      primary: false,
      verified: true,
    });
    // A reset asked for it mails nothing there (the same 202); the customer's password still works.
    expect(await askReset('agent-owned@evil.test', '10.22.0.1')).toBe(202);
    expect(await mailsTo('agent-owned@evil.test', 'password_reset')).toEqual([]);
    expect((await k.login({ email: 'cora@b-corp.test', password: 'Cora-pass-1234' }, '10.22.0.2')).status).toBe(200);
    // The customer's own primary address still gets one.
    expect(await askReset('cora@b-corp.test', '10.22.0.3')).toBe(202);
    expect(await mailsTo('cora@b-corp.test', 'password_reset')).toHaveLength(1);
  });

  it('an address moved by a merge is the same: it recognizes mail, it gets no reset link', async () => {
    const target = await k.person({ name: 'Tom T', email: 'tom@b-corp.test', password: 'Tom-pass-12345' });
    // A customer the agent made with the agent's own address, verified by accepting its invitation.
    await k.person({ name: 'Agatha', email: 'agatha@desk.test', password: 'Agatha-pass-123', role: 'agent' });
    const agent = await k.signIn('agatha@desk.test', 'Agatha-pass-123');
    const made = await agent.post('/api/v1/people', { name: 'Decoy', email: 'decoy@evil.test', role: 'customer', organization_id: bCorp });
    expect(made.status).toBe(201);
    const [invite] = await k.db.query<Mail>(
      `select id, person_id, text, to_addrs from outbound_emails where kind = 'invitation' and 'decoy@evil.test' = any(to_addrs)`,
    );
    const inviteToken = decodeURIComponent(/invite\?token=([^\s"&]+)/.exec(invite.text)![1]);
    expect((await k.anon.post('/api/v1/auth/password', { token: inviteToken, password: 'Decoy-pass-1234' })).status).toBe(200);
    // Merging away an account with a password is an admin's (who is told it is the same customer).
    const merged = await k.admin.post(`/api/v1/people/${made.body.id}/merge`, { into_id: target });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(await holderOf('decoy@evil.test')).toBe(target);
    expect(await askReset('decoy@evil.test', '10.22.0.4')).toBe(202);
    expect(await mailsTo('decoy@evil.test', 'password_reset')).toEqual([]);
  });
});

describe('guest claims', () => {
  it("a guest's sign-up is claimed only through the link mailed to the guest's address, for the guest", async () => {
    const t = await k.admin.post('/api/v1/tickets', { subject: 'By email', body: 'x', requester_email: 'gina@b-corp.test' });
    expect(t.status).toBe(201);
    const ginaId = t.body.requester_id as number;
    expect((await k.anon.post('/api/v1/auth/signup', { name: 'Gina', email: 'gina@b-corp.test', password: 'Gina-pass-123' })).status).toBe(
      202,
    );
    const links = await mailsTo('gina@b-corp.test', 'email_verification');
    expect(links.map((m) => m.person_id)).toEqual([ginaId]);
    expect((await k.login({ email: 'gina@b-corp.test', password: 'Gina-pass-123' }, '10.22.0.1')).status).toBe(401);
    expect((await k.anon.post('/api/v1/auth/verify-email', { token: linkToken(links[0]) })).status).toBe(200);
    const gina = await k.signIn('gina@b-corp.test', 'Gina-pass-123');
    expect((await gina.get('/api/v1/tickets')).body.data.map((x: { id: number }) => x.id)).toEqual([t.body.id]);
  });

  it("a stranger's sign-up with a guest's address is not applied by the link of another of the guest's addresses", async () => {
    const t = await k.admin.post('/api/v1/tickets', { subject: 'By email', body: 'x', requester_email: 'hugo@h.test' });
    const hugoId = t.body.requester_id as number;
    // Someone signs up with Hugo's address; Hugo ignores that mail.
    expect((await k.anon.post('/api/v1/auth/signup', { name: 'Not Hugo', email: 'hugo@h.test', password: 'Stranger-pw-1' })).status).toBe(
      202,
    );
    // Staff add another address of Hugo's; Hugo follows the link mailed to it.
    expect((await k.admin.patch(`/api/v1/people/${hugoId}`, { add_emails: ['hugo.home@h.test'] })).status).toBe(200);
    const [home] = await mailsTo('hugo.home@h.test', 'email_verification');
    expect(home.person_id).toBe(hugoId);
    expect((await k.anon.post('/api/v1/auth/verify-email', { token: linkToken(home) })).status).toBe(200);
    expect((await k.login({ email: 'hugo@h.test', password: 'Stranger-pw-1' }, '10.22.0.2')).status).toBe(401);
    expect((await k.admin.get(`/api/v1/people/${hugoId}`)).body.has_password).toBe(false);
  });
});
