import { afterAll, beforeAll, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * Seed 001: tickets with or without an account are answered within one business hour. The
 * acknowledgement mail says by when; the private link's page must be able to say it too, and
 * that the first answer came.
 */
let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
  expect((await k.admin.post('/api/v1/presets/business-hours/apply', {})).status).toBeLessThan(300);
});
afterAll(async () => k?.stop());

it('the private link tells the guest by when the first answer is due, and when it came', async () => {
  const r = await k.kefu.app.inject({
    method: 'POST',
    url: '/api/v1/public/tickets',
    payload: {
      name: 'Li Lei',
      email: 'lilei@mail.test',
      subject: 'Image will not start',
      body: 'After a reboot it shows 502.',
      category: 'other',
    },
    remoteAddress: '10.9.0.1',
  });
  expect(r.statusCode, r.body).toBe(202);
  const mail = ((await k.admin.get('/api/v1/outbox?limit=10')).body.data as Array<{ to: string[]; text: string }>).find((m) =>
    m.to.includes('lilei@mail.test'),
  )!;
  const token = /\/guest\/tickets\/(kfg_[\w-]+)/.exec(mail.text)![1];
  const staff = (await k.admin.get('/api/v1/tickets?q=Image')).body.data[0];
  expect(staff.first_response_due_at).toBeTruthy();

  const before = await k.anon.get(`/api/v1/guest/tickets/${token}`);
  expect(before.status).toBe(200);
  expect(before.body.ticket.first_response_due_at).toBe(staff.first_response_due_at);
  expect(before.body.ticket.first_response_at).toBeNull();

  expect((await k.admin.post(`/api/v1/tickets/${staff.id}/messages`, { body: 'Please send the log.', internal: false })).status).toBe(201);
  const after = await k.anon.get(`/api/v1/guest/tickets/${token}`);
  expect(after.body.ticket.first_response_at).toBeTruthy();
});
