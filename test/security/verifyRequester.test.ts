import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../server/modules/auth/principal.ts';
import { getSupportCode } from '../../server/modules/security/getSupportCode.ts';
import { verifyRequester } from '../../server/modules/security/verifyRequester.ts';
import { securityKefu, wrongCode, type SecurityKefu } from './securityKefu.ts';

/** The use case with an injected clock: code age, replay and the end of a lock, without waiting. */
let k: SecurityKefu;
let agent: Principal;
beforeAll(async () => {
  k = await securityKefu();
  const agentId = await k.person({ name: 'Ann Agent', email: 'ann@kefu.test', password: 'Ann-pass-123', role: 'agent' });
  agent = { kind: 'person', personId: agentId, role: 'agent', organizationId: null, locale: 'en', via: 'session' };
});
afterAll(async () => {
  await k?.stop();
});

async function requester(name: string) {
  const id = await k.person({ name, email: `${name}@clock.test`, password: `${name}-pass-123` });
  const me: Principal = { kind: 'person', personId: id, role: 'customer', organizationId: null, locale: 'en', via: 'session' };
  const ticketId = (await k.admin.post('/api/v1/tickets', { subject: 'Billing', body: 'x', requester_id: id, category: 'billing' })).body
    .id as number;
  return { id, me, ticketId };
}

const T0 = new Date('2030-03-04T05:06:10Z'); // 10 s into a step
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const verify = (ticketId: number, code: string, now: Date) => verifyRequester(k.db, { actor: agent, ticketId, code, now });
const reject = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as { code: string; details: Record<string, unknown>; message: string };
  }
  throw new Error('expected a refusal');
};

describe('verifyRequester', () => {
  it('accepts the current code and the one before; refuses a code two steps old and a replay', async () => {
    const { me, ticketId } = await requester('hana');
    const c0 = (await getSupportCode(k.db, { actor: me, now: T0 })).code;
    expect((await reject(verify(ticketId, c0, at(60)))).details).toMatchObject({ reason: 'invalid' });
    const ok = await verify(ticketId, c0, at(30));
    expect(ok).toMatchObject({
      verified: true,
      method: 'support_code',
      verified_until: new Date(at(30).getTime() + 3600_000).toISOString(),
    });
    expect((await reject(verify(ticketId, c0, at(31)))).details).toMatchObject({ reason: 'replayed' });
    // The previous step's code is still in the window at at(5), but older than the step already used.
    const older = (await getSupportCode(k.db, { actor: me, now: at(-30) })).code;
    expect((await reject(verify(ticketId, older, at(5)))).details).toMatchObject({ reason: 'replayed' });
  });

  it('locks after five wrong codes for 15 minutes, then accepts the right code', async () => {
    const { me, ticketId } = await requester('ivan');
    const good = (await getSupportCode(k.db, { actor: me, now: T0 })).code;
    for (let i = 0; i < 4; i++) expect((await reject(verify(ticketId, wrongCode(good), at(i)))).code).toBe('unprocessable');
    const lock = await reject(verify(ticketId, wrongCode(good), at(4)));
    expect(lock.code).toBe('rate_limited');
    expect(lock.details.retry_after_seconds).toBe(900);
    expect(lock.message).toContain('900 seconds');
    const later = await reject(verify(ticketId, good, at(10)));
    expect(later).toMatchObject({ code: 'rate_limited', details: { retry_after_seconds: 894 } });
    expect((await reject(verify(ticketId, good, at(14 * 60)))).code).toBe('rate_limited');
    const fresh = (await getSupportCode(k.db, { actor: me, now: at(15 * 60 + 5) })).code;
    expect(await verify(ticketId, fresh, at(15 * 60 + 5))).toMatchObject({ verified: true });
  });

  it("a lock covers all of the requester's tickets; wrong codes on another requester do not count", async () => {
    const a = await requester('jo');
    const second = (await k.admin.post('/api/v1/tickets', { subject: 'Other', body: 'x', requester_id: a.id })).body.id as number;
    const b = await requester('kim');
    const code = (await getSupportCode(k.db, { actor: a.me, now: T0 })).code;
    for (let i = 0; i < 5; i++) await reject(verify(a.ticketId, wrongCode(code), at(i)));
    expect((await reject(verify(second, code, at(6)))).code).toBe('rate_limited');
    const codeB = (await getSupportCode(k.db, { actor: b.me, now: at(6) })).code;
    expect(await verify(b.ticketId, codeB, at(6))).toMatchObject({ verified: true });
  });
});
