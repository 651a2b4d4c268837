import { afterAll, beforeAll, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * Issue 16: on the embedded database, requests went on being worked after their clients had given
 * up. A request whose client left while it waited for the database is dropped at its first statement;
 * one whose client waits is worked as usual (docs/operations.md "A bounded queue").
 */
let k: TestKefu;
let base: string;
let token: string;
beforeAll(async () => {
  k = await testKefu();
  base = await k.kefu.app.listen({ port: 0, host: '127.0.0.1' });
  // The local operator's secret is checked without the database: the request's body is read at once
  // and the request then waits at its first statement (a token would be looked up first).
  token = k.kefu.localSecret;
});
afterAll(async () => {
  await k?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = async (subject: string) =>
  (await k.db.query<{ n: number }>('select count(*)::int as n from tickets where subject = $1', [subject]))[0].n;

/** Occupies the whole database (the embedded one runs one transaction at a time; PostgreSQL: every pooled connection) until `release`. */
async function holdDatabase() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const holders = k.db.kind === 'pglite' ? 1 : 10;
  const started: Array<Promise<void>> = [];
  const done: Array<Promise<unknown>> = [];
  for (let i = 0; i < holders; i++)
    started.push(
      new Promise<void>((up) => {
        done.push(
          k.db.tx(async (q) => {
            await q.query('select 1');
            up();
            await gate;
          }),
        );
      }),
    );
  await Promise.all(started);
  return async () => {
    release();
    await Promise.all(done);
  };
}

const create = (subject: string, signal?: AbortSignal) =>
  fetch(`${base}/api/v1/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subject, body: 'b', requester_email: `${subject.split(' ')[0].toLowerCase()}@abandoned.test` }),
    signal,
  });

it('a client that gives up while its request waits for the database gets nothing done; one that waits gets its ticket', async () => {
  const release = await holdDatabase();
  const ac = new AbortController();
  const gaveUp = create('Left before its turn', ac.signal).catch((e: Error) => e);
  const stayed = create('Waited for its turn');
  await sleep(300);
  ac.abort();
  expect(await gaveUp).toBeInstanceOf(Error);
  await sleep(100);
  await release();

  const r = await stayed;
  expect(r.status).toBe(201);
  expect(await count('Waited for its turn')).toBe(1);
  // Give the departed request every chance to have run.
  await sleep(300);
  expect(await count('Left before its turn')).toBe(0);
});
