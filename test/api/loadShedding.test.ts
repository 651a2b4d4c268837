import { afterAll, beforeAll, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await testKefu({ KEFU_MAX_PENDING: '4' });
});
afterAll(async () => {
  await k?.stop();
});

it('past KEFU_MAX_PENDING requests at once, the next answers 503 at once with Retry-After; health still answers; the bound frees up', async () => {
  const burst = await Promise.all(
    Array.from({ length: 40 }, (_, i) => (i % 2 ? k.admin.get('/api/v1/tickets?limit=25') : k.admin.get('/api/v1/views'))),
  );
  const statuses = burst.map((r) => r.status);
  expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
  const refused = burst.filter((r) => r.status === 503);
  expect(refused.length).toBeGreaterThan(0);
  expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(4);
  for (const r of refused) {
    expect(r.headers['retry-after']).toBe('1');
    expect(r.body.error.code).toBe('service_unavailable');
  }
  // Liveness is not behind the bound.
  const during = await Promise.all([...Array.from({ length: 10 }, () => k.admin.get('/api/v1/tickets')), k.anon.get('/api/v1/health')]);
  expect(during[during.length - 1].status).toBe(200);
  // Once the burst is over, every request is served again (nothing leaked from the count).
  for (let i = 0; i < 12; i++) expect((await k.admin.get('/api/v1/tickets?limit=5')).status).toBe(200);
});
