import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../server/modules/auth/principal.ts';
import { disableTwoFactor } from '../../server/modules/security/disableTwoFactor.ts';
import { freshStep, oathtool, securityKefu, type SecurityKefu } from './securityKefu.ts';

/**
 * Turning two-step sign-in off needs a current code "so a stolen session alone cannot": after 10
 * wrong codes the person's own code checks lock. That must hold for codes sent at the same moment.
 */
let k: SecurityKefu;
beforeAll(async () => {
  k = await securityKefu();
});
afterAll(async () => {
  await k?.stop();
});

describe('own two-factor codes sent at once', () => {
  it('a session firing 30 guesses at once cannot turn two-step sign-in off with the right one among them', async () => {
    const id = await k.person({ name: 'Oda', email: 'oda@race.test', password: 'Oda-pass-12345' });
    const oda = await k.signIn('oda@race.test', 'Oda-pass-12345');
    const secret = (await oda.post('/api/v1/me/2fa', { current_password: 'Oda-pass-12345' })).body.secret as string;
    await freshStep();
    expect((await oda.post('/api/v1/me/2fa/confirm', { code: oathtool(secret, new Date(Date.now() - 30_000)) })).status).toBe(200);
    const good = oathtool(secret);
    const wrong = (i: number) => String((Number(good) + 1000 + i) % 1_000_000).padStart(6, '0');
    const codes = [...Array.from({ length: 29 }, (_, i) => wrong(i)), good];
    const actor: Principal = { kind: 'person', personId: id, role: 'customer', organizationId: null, locale: 'en', via: 'session' };
    const now = new Date();
    const answers = await Promise.all(
      codes.map((code) =>
        disableTwoFactor(k.db, { actor, code, now }).then(
          () => 'off',
          (e: { code: string }) => e.code,
        ),
      ),
    );
    expect(answers.at(-1)).toBe('rate_limited');
    expect(answers.filter((a) => a === 'unprocessable').length).toBeLessThanOrEqual(10);
    expect((await oda.get('/api/v1/me/security')).body.two_factor.enabled).toBe(true);
  });
});
