import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_IP_SLOWDOWN, loginIpDelayMs } from '../../server/modules/security/throttle.ts';
import { securityKefu, type SecurityKefu } from './securityKefu.ts';

/** The sign-in throttle reserves each attempt before the password is checked, per account; an IP is slowed, never locked. */
let k: SecurityKefu;
const saved = { ...LOGIN_IP_SLOWDOWN };
beforeAll(async () => {
  // Keep the progressive delay tiny here: the tests assert who gets in, never how long it took.
  Object.assign(LOGIN_IP_SLOWDOWN, { baseMs: 1, maxMs: 5 });
  k = await securityKefu();
});
afterAll(async () => {
  Object.assign(LOGIN_IP_SLOWDOWN, saved);
  await k?.stop();
});

describe('sign-in throttle', () => {
  it('30 concurrent wrong passwords at one account: at most 10 are checked (401), the rest are refused (429)', async () => {
    await k.person({ name: 'Race', email: 'race@acme.test', password: 'Race-pass-123' });
    const rs = await Promise.all(
      Array.from({ length: 30 }, (_, i) => k.login({ email: 'race@acme.test', password: `wrong-${i}` }, `10.40.${i}.1`)),
    );
    const statuses = rs.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect((await k.login({ email: 'race@acme.test', password: 'Race-pass-123' }, '10.40.99.1')).status).toBe(429);
  });

  it('the account is counted once, whichever of its addresses is typed', async () => {
    const id = await k.person({ name: 'Two', email: 'two@acme.test', password: 'Two-pass-1234' });
    await k.db.query(
      `insert into person_emails (person_id, email, is_primary, verified_at) values ($1, 'two.alt@acme.test', false, now())`,
      [id],
    );
    for (let i = 0; i < 10; i++)
      expect((await k.login({ email: 'two.alt@acme.test', password: `wrong-${i}` }, `10.41.${i}.1`)).status).toBe(401);
    expect((await k.login({ email: 'two@acme.test', password: 'Two-pass-1234' }, '10.41.99.1')).status).toBe(429);
  });

  it("an address failing on many accounts does not stop another person's right password from it", async () => {
    await k.person({ name: 'Pat', email: 'pat@acme.test', password: 'Pat-pass-1234' });
    const proxy = '203.0.113.50';
    for (let i = 0; i < 6; i++) expect((await k.login({ email: `someone${i}@acme.test`, password: 'x' }, proxy)).status).toBe(401);
    // Hundreds more failures in the same window, written directly (each real one costs a scrypt hash).
    await k.db.query(`update security_throttles set failures = failures + 300 where key = 'login:ip:${proxy}'`);
    expect((await k.login({ email: 'someone-else@acme.test', password: 'x' }, proxy)).status).toBe(401);
    expect((await k.login({ email: 'pat@acme.test', password: 'Pat-pass-1234' }, proxy)).status).toBe(200);
    // The address keeps getting answers (slowed, not locked) and the accounts it failed on are not locked.
    expect((await k.login({ email: 'someone0@acme.test', password: 'x' }, proxy)).status).toBe(401);
    expect((await k.login({ email: 'pat@acme.test', password: 'Pat-pass-1234' }, proxy)).status).toBe(200);
  });

  it('the delay for an address grows with its failures and is bounded', () => {
    const cfg = { free: 10, baseMs: 100, maxMs: 2000, queueMs: 20_000 };
    expect(loginIpDelayMs(0, cfg)).toBe(0);
    expect(loginIpDelayMs(9, cfg)).toBe(0);
    const ds = [10, 11, 12, 13, 14, 15, 100, 10_000].map((f) => loginIpDelayMs(f, cfg));
    for (let i = 1; i < ds.length; i++) expect(ds[i]).toBeGreaterThanOrEqual(ds[i - 1]);
    expect(ds[0]).toBeGreaterThan(0);
    expect(ds.at(-1)).toBe(2000);
  });
});
