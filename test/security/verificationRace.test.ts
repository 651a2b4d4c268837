import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../server/modules/auth/principal.ts';
import { getSupportCode } from '../../server/modules/security/getSupportCode.ts';
import { verifyRequester } from '../../server/modules/security/verifyRequester.ts';
import { securityKefu, type SecurityKefu } from './securityKefu.ts';

/**
 * The lock after five wrong support codes must hold for codes sent at the same moment: an agent who
 * fires many guesses at once may not have more than five of them checked.
 */
let k: SecurityKefu;
let agent: Principal;
beforeAll(async () => {
  k = await securityKefu();
  const agentId = await k.person({ name: 'Rae Agent', email: 'rae@kefu.test', password: 'Rae-pass-1234', role: 'agent' });
  agent = { kind: 'person', personId: agentId, role: 'agent', organizationId: null, locale: 'en', via: 'session' };
});
afterAll(async () => {
  await k?.stop();
});

describe('support codes sent at once', () => {
  it('no more than five codes are checked: the right one among 40 concurrent guesses, after the lock, is refused', async () => {
    const id = await k.person({ name: 'Rita', email: 'rita@race.test', password: 'Rita-pass-1234' });
    const me: Principal = { kind: 'person', personId: id, role: 'customer', organizationId: null, locale: 'en', via: 'session' };
    const ticketId = (await k.admin.post('/api/v1/tickets', { subject: 'Billing', body: 'x', requester_id: id, category: 'billing' })).body
      .id as number;
    const now = new Date();
    const good = (await getSupportCode(k.db, { actor: me, now })).code;
    const wrong = (i: number) => String((Number(good) + 1000 + i) % 1_000_000).padStart(6, '0');
    const guesses = [...Array.from({ length: 39 }, (_, i) => wrong(i)), good];
    const outcomes = await Promise.all(
      guesses.map((code) =>
        verifyRequester(k.db, { actor: agent, ticketId, code, now }).then(
          () => 'verified',
          (e: { code: string }) => e.code,
        ),
      ),
    );
    expect(outcomes.at(-1)).toBe('rate_limited');
    expect(outcomes.filter((o) => o === 'unprocessable').length).toBeLessThanOrEqual(4);
    expect((await k.admin.get(`/api/v1/tickets/${ticketId}/verification`)).body.verified).toBe(false);
  });
});
