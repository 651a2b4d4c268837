import { afterAll, beforeAll, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * Several tickets at once for one address Kefu has never seen (an integration posting in parallel, a
 * double-clicked form): each used to create the requester, the address's unique index let one win,
 * and the others answered 409 "This conflicts with an existing record" and lost their tickets.
 */
let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

it('six tickets at once from one new address: six tickets, one requester', async () => {
  const rs = await Promise.all(
    [1, 2, 3, 4, 5, 6].map((i) =>
      k.admin.post('/api/v1/tickets', { subject: `At once ${i}`, body: 'b', requester_email: 'New.Person@race.test' }),
    ),
  );
  expect(rs.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
  expect(new Set(rs.map((r) => r.body.requester_id)).size).toBe(1);
  const people = await k.db.query<{ n: number }>(
    `select count(*)::int as n from person_emails where lower(email) = 'new.person@race.test'`,
  );
  expect(people[0].n).toBe(1);
});
