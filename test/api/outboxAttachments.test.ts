import { afterAll, beforeAll, expect, it } from 'vitest';
import { jobDefinition } from '../../server/jobs/registry.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * The outbox names the files a mail carries. A public reply's attachments go out with it; without
 * SMTP the admin passes the reply on from the outbox, and before, nothing there said it had a file.
 */
let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => k?.stop());

const log = { info() {}, error() {} };
/** Writes the queued mails now (the worker's `email.notify` jobs). */
async function writeMail() {
  const jobs = await k.db.query<{ payload: Record<string, unknown> }>(
    `update jobs set status = 'done' where name = 'email.notify' and status = 'queued' returning payload`,
  );
  for (const j of jobs) await jobDefinition('email.notify')!.handler(j.payload, { db: k.db, now: () => new Date(), log });
}

it("a reply's mail lists its attachments (id, name, type, size); a note's files are not there", async () => {
  const t = await k.admin.post('/api/v1/tickets', {
    subject: '发票抬头需要修改',
    body: '请修改发票抬头。',
    requester_email: 'buyer@customer.test',
  });
  expect(t.status, JSON.stringify(t.body)).toBe(201);
  const data = (s: string) => Buffer.from(s).toString('base64');
  const reply = await k.admin.post(`/api/v1/tickets/${t.body.id}/messages`, {
    body: '请查看附件中的日志。',
    attachments: [{ filename: '日志.txt', content_type: 'text/plain', data_base64: data('error log line\n') }],
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  const note = await k.admin.post(`/api/v1/tickets/${t.body.id}/messages`, {
    body: 'Internal only.',
    internal: true,
    attachments: [{ filename: 'internal.txt', content_type: 'text/plain', data_base64: data('staff only') }],
  });
  expect(note.status).toBe(201);
  await writeMail();

  const mails = (await k.admin.get(`/api/v1/outbox?ticket_id=${t.body.id}`)).body.data as Array<{
    kind: string;
    attachments: Array<{ id: number; filename: string; content_type: string; size: number }>;
  }>;
  const sent = mails.find((m) => m.kind === 'agent_reply')!;
  expect(sent.attachments).toEqual([{ id: expect.any(Number), filename: '日志.txt', content_type: 'text/plain', size: 15 }]);
  const file = await k.admin.get(`/api/v1/attachments/${sent.attachments[0].id}`);
  expect(file.status).toBe(200);
  for (const m of mails.filter((x) => x.kind !== 'agent_reply')) expect(m.attachments).toEqual([]);
});
