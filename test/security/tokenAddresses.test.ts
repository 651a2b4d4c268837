import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityKefu, type SecurityKefu } from './securityKefu.ts';

/**
 * An API token calls the API as its owner; it must not be a way to take the account itself. An
 * address added to one's own profile and verified receives password-reset links, so adding or
 * removing one's own addresses (and setting one's own password) needs a signed-in session.
 */
let k: SecurityKefu;
beforeAll(async () => {
  k = await securityKefu();
});
afterAll(async () => {
  await k?.stop();
});

const mailsTo = (address: string, kind: string) =>
  k.db.query<{ text: string }>(`select text from outbound_emails where kind = $1 and $2 = any(to_addrs) order by id`, [kind, address]);

describe("a token and its owner's addresses", () => {
  it('a leaked token cannot add an address of its holder to the profile (and so cannot reset the password through it)', async () => {
    const id = await k.person({ name: 'Lea Leak', email: 'lea@customer.test', password: 'Lea-pass-12345' });
    const session = await k.signIn('lea@customer.test', 'Lea-pass-12345');
    const token = k.as((await session.post('/api/v1/tokens', { name: 'ci' })).body.token);
    expect((await k.admin.get(`/api/v1/people/${id}`)).body.emails).toHaveLength(1);

    const refused = [
      await token.patch(`/api/v1/people/${id}`, { add_emails: ['thief@attacker.test'] }),
      await token.patch(`/api/v1/people/${id}`, { remove_emails: ['lea@customer.test'] }),
      await token.patch(`/api/v1/people/${id}`, { password: 'Thief-pass-12345', current_password: 'Lea-pass-12345' }),
    ];
    for (const r of refused) expect([r.status, r.body.error?.code]).toEqual([403, 'session_required']);
    expect(refused[0].body.error.message).toMatch(/address/);
    // Nothing was added and no link was mailed; the password is unchanged.
    expect((await session.get(`/api/v1/people/${id}`)).body.emails).toHaveLength(1);
    expect(await mailsTo('thief@attacker.test', 'email_verification')).toEqual([]);
    expect((await k.login({ email: 'lea@customer.test', password: 'Lea-pass-12345' }, '10.31.0.1')).status).toBe(200);
    // Chinese words for the same refusal.
    const zh = await k.kefu.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${id}`,
      headers: {
        authorization: `Bearer ${(await session.post('/api/v1/tokens', { name: 'ci2' })).body.token}`,
        'accept-language': 'zh-CN',
        'content-type': 'application/json',
      },
      payload: JSON.stringify({ add_emails: ['thief@attacker.test'] }),
    });
    expect(zh.statusCode).toBe(403);
    expect(JSON.parse(zh.body).error.message).toMatch(/地址/);

    // The token still edits what is not a credential; the session adds addresses as before.
    expect((await token.patch(`/api/v1/people/${id}`, { name: 'Lea L.' })).status).toBe(200);
    expect(
      (await session.patch(`/api/v1/people/${id}`, { add_emails: ['lea.home@customer.test'], current_password: 'Lea-pass-12345' })).status,
    ).toBe(200);
    expect(await mailsTo('lea.home@customer.test', 'email_verification')).toHaveLength(1);
  });

  it("staff tokens still add addresses to a customer's profile (those never receive reset links)", async () => {
    const id = await k.person({ name: 'Cal Cust', email: 'cal@customer.test', password: 'Cal-pass-12345' });
    expect((await k.admin.patch(`/api/v1/people/${id}`, { add_emails: ['cal.work@customer.test'] })).status).toBe(200);
  });
});

describe('adding an address to one’s own profile needs the current password', () => {
  it('a session alone (a browser left signed in) cannot add the address a reset would then go to', async () => {
    const id = await k.person({ name: 'Ned Left', email: 'ned@customer.test', password: 'Ned-pass-12345', locale: 'zh-CN' });
    const left = await k.signIn('ned@customer.test', 'Ned-pass-12345');

    const bare = await left.patch(`/api/v1/people/${id}`, { add_emails: ['thief@attacker.test'] });
    expect([bare.status, bare.body.error.details]).toEqual([422, { field: 'current_password' }]);
    expect(bare.body.error.message).toMatch(/当前密码/);
    const wrong = await left.patch(`/api/v1/people/${id}`, { add_emails: ['thief@attacker.test'], current_password: 'guess-guess-1' });
    expect([wrong.status, wrong.body.error.code, wrong.body.error.details]).toEqual([
      401,
      'invalid_credentials',
      { field: 'current_password' },
    ]);
    // Nothing was added and no link was mailed.
    expect((await left.get('/api/v1/me')).body.emails.map((e: { email: string }) => e.email)).toEqual(['ned@customer.test']);
    expect(await mailsTo('thief@attacker.test', 'email_verification')).toEqual([]);

    // With it, the holder adds their address; other edits need no password; staff adding for a customer need none.
    expect(
      (await left.patch(`/api/v1/people/${id}`, { add_emails: ['ned.home@customer.test'], current_password: 'Ned-pass-12345' })).status,
    ).toBe(200);
    expect((await left.patch(`/api/v1/people/${id}`, { name: 'Ned N.' })).status).toBe(200);
    expect((await k.adminSession.patch(`/api/v1/people/${id}`, { add_emails: ['ned.work@customer.test'] })).status).toBe(200);
  });
});
