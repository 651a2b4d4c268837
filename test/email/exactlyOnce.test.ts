import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startWorker, type Worker } from '../../server/jobs/worker.ts';
import { emailKefu, mail, startSink, waitFor, type EmailKefu, type Sink } from './helpers.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

let e: EmailKefu;
let sink: Sink;
const workers: Worker[] = [];
afterAll(async () => {
  for (const w of workers) await w.stop();
  await e?.stop();
  await sink?.close();
});

beforeAll(async () => {
  sink = await startSink();
  e = await emailKefu();
  // Two instances on one database, with leases far shorter than a send: each mail takes the relay 2 s.
  await e.worker.stop();
  const r = await e.k.admin.patch('/api/v1/email/settings', { smtp_url: `smtp://127.0.0.1:${sink.port}?tls=off` });
  expect(r.status).toBe(200);
});

it('two workers and a slow relay deliver every mail exactly once', async () => {
  const errors: string[] = [];
  const log = { info() {}, error: (o: object, m?: string) => void errors.push(`${m} ${JSON.stringify(o)}`) };
  sink.delayMs = 2_000;
  for (let i = 0; i < 2; i++)
    workers.push(startWorker(e.k.db, { now: () => new Date(), log }, { pollMs: 20, concurrency: 4, leaseSeconds: 1 }));
  const N = 10;
  for (let i = 0; i < N; i++)
    await e.send(
      mail({ from: `Slow ${i} <slow${i}@example.com>`, subject: `Slow relay ${i}`, body: 'Hello', messageId: `slow-${i}@example.com` }),
    );
  for (const w of workers) w.wake();
  await waitFor(
    async () => {
      const rows = await e.k.db.query<{ n: number }>(`select count(*)::int as n from outbound_emails where status = 'sent'`);
      return rows[0].n >= N ? true : undefined;
    },
    'every acknowledgement sent',
    60_000,
  );
  // Late duplicates would arrive after the first copies: give them the time of a send.
  await new Promise((r) => setTimeout(r, 3_000));
  const ids = sink.messages.map((m) => m.mail.messageId);
  expect(ids.length).toBe(N);
  expect(new Set(ids).size).toBe(N);
  const mailErrors = errors.filter((x) => !x.startsWith('job failed') || x.includes('email'));
  expect(mailErrors).toEqual([]);
  const left = await e.k.db.query(`select id, status from outbound_emails where status <> 'sent'`);
  expect(left).toEqual([]);
});
