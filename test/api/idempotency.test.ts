import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../server/modules/auth/principal.ts';
import { idempotencyRepository } from '../../server/modules/tickets/idempotencyRepository.ts';
import { exportTickets, type TicketLine } from '../../server/modules/transfer/exportTickets.ts';
import { importTicket, importTickets, type LineOutcome } from '../../server/modules/transfer/importTickets.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * Issue 16: a stopped import can be run again (lines already saved are skipped by external_id), and
 * POST /api/v1/tickets takes an Idempotency-Key (one ticket per key and caller for 24 hours).
 */
const SYSTEM: Principal = { kind: 'system', personId: null, role: 'admin', organizationId: null, locale: 'en', via: 'local' };

let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

const countTickets = async (where = 'true', args: unknown[] = []) =>
  (await k.db.query<{ n: number }>(`select count(*)::int as n from tickets where ${where}`, args))[0].n;

const line = (n: number, extra: Record<string, unknown> = {}) => ({
  external_id: `zendesk:${n}`,
  subject: `Imported ${n}`,
  requester_email: `req${n}@example.org`,
  created_at: '2023-02-01T08:00:00.000Z',
  status: 'solved',
  messages: [
    { body: `first ${n}`, created_at: '2023-02-01T08:00:00.000Z' },
    { body: `reply ${n}`, created_at: '2023-02-01T09:00:00.000Z' },
  ],
  ...extra,
});

describe('resuming an import', () => {
  it('skips the lines a stopped import saved, imports the rest, and counts them apart from failures', async () => {
    const good = [1, 2, 3, 4, 5].map((n) => JSON.stringify(line(n)));
    const broken = [good[0], good[1], '{"external_id": "zendesk:3", "subject": "broken', good[3], good[4]].join('\n');
    const outcomes: LineOutcome[] = [];
    const first = await importTickets(k.db, { actor: SYSTEM, text: broken, onLine: (o) => outcomes.push(o) });
    expect(first.imported).toBe(4);
    expect(first.skipped).toEqual([]);
    expect(first.failed).toEqual([{ line: 3, error: expect.stringMatching(/^not valid JSON/) }]);
    expect(outcomes.map((o) => `${o.line}:${o.status}`)).toEqual(['1:imported', '2:imported', '3:failed', '4:imported', '5:imported']);
    const ids = outcomes.filter((o) => o.status === 'imported').map((o) => (o as { id: number }).id);

    // Fixed and run again: only line 3 is new; the others are reported with the tickets they already are.
    const second = await importTickets(k.db, { actor: SYSTEM, text: good.join('\n') });
    expect(second.failed).toEqual([]);
    expect(second.imported).toBe(1);
    expect(second.skipped).toEqual([
      { line: 1, id: ids[0], external_id: 'zendesk:1' },
      { line: 2, id: ids[1], external_id: 'zendesk:2' },
      { line: 4, id: ids[2], external_id: 'zendesk:4' },
      { line: 5, id: ids[3], external_id: 'zendesk:5' },
    ]);
    expect(await countTickets(`external_id like 'zendesk:%'`)).toBe(5);
    expect(await countTickets(`subject like 'Imported %'`)).toBe(5);
    // The ticket keeps its source id from the insert on, and nothing else changed on a skipped one.
    const row = (
      await k.db.query<{ external_id: string; status: string; message_count: number }>(
        `select external_id, status, message_count from tickets where id = $1`,
        [ids[0]],
      )
    )[0];
    expect(row).toEqual({ external_id: 'zendesk:1', status: 'solved', message_count: 2 });
  });

  it('lines without external_id are imported again (they cannot be resumed)', async () => {
    const text = JSON.stringify({ ...line(100), external_id: undefined });
    await importTickets(k.db, { actor: SYSTEM, text });
    const again = await importTickets(k.db, { actor: SYSTEM, text });
    expect(again).toMatchObject({ imported: 1, skipped: [] });
    expect(await countTickets(`subject = 'Imported 100'`)).toBe(2);
  });

  it('refuses an external_id longer than 200 characters', async () => {
    const r = await importTicket(k.db, { actor: SYSTEM, line: line(101, { external_id: 'x'.repeat(201) }) });
    expect(r).toEqual({ ok: false, error: expect.stringContaining('external_id') });
  });

  it('two imports of the same line at once make one ticket; the other is a skip, not an error', async () => {
    const l = line(200, { external_id: 'race:200' });
    const results = await Promise.all(Array.from({ length: 6 }, () => importTicket(k.db, { actor: SYSTEM, line: l })));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const ids = new Set(results.map((r) => (r as { id: number }).id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && !r.skipped)).toHaveLength(1);
    expect(await countTickets(`external_id = 'race:200'`)).toBe(1);
    expect(await countTickets(`subject = 'Imported 200'`)).toBe(1);
  });

  it('an export names every ticket, so importing the same export twice adds nothing the second time', async () => {
    const native = (await k.admin.post('/api/v1/tickets', { subject: 'Native', body: 'hello', requester_email: 'n@example.org' })).body;
    const lines: TicketLine[] = [];
    for await (const l of exportTickets(k.db, { actor: SYSTEM })) lines.push(l);
    const mine = lines.find((l) => l.id === native.id)!;
    const desk = (await k.db.query<{ id: string }>(`select value #>> '{}' as id from settings where key = 'desk.id'`))[0].id;
    expect(desk).toMatch(/^[0-9a-f-]{36}$/);
    expect(mine.external_id).toBe(`kefu:${desk}:${native.id}`);
    expect(lines.find((l) => l.subject === 'Imported 1')!.external_id).toBe('zendesk:1');

    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    const other = await testKefu();
    try {
      const first = await importTickets(other.db, { actor: SYSTEM, text });
      expect(first.failed).toEqual([]);
      expect(first.imported).toBe(lines.length);
      const again = await importTickets(other.db, { actor: SYSTEM, text });
      expect(again).toMatchObject({ imported: 0, failed: [] });
      expect(again.skipped).toHaveLength(lines.length);
      const n = (await other.db.query<{ n: number }>(`select count(*)::int as n from tickets`))[0].n;
      expect(n).toBe(lines.length);
    } finally {
      await other.stop();
    }
  });

  it('the import route reports skipped lines', async () => {
    const r = await k.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/import/tickets',
      headers: { authorization: `Bearer ${k.kefu.localSecret}`, 'content-type': 'application/x-ndjson' },
      payload: [JSON.stringify(line(1)), JSON.stringify(line(300))].join('\n'),
    });
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body)).toEqual({
      imported: 1,
      skipped: [{ line: 1, id: expect.any(Number), external_id: 'zendesk:1' }],
      failed: [],
    });
  });
});

describe('finding a ticket by its source id', () => {
  it('GET /tickets?external_id= finds exactly the imported ticket; staff see the id, a customer neither sees nor finds it', async () => {
    const [saved] = (await k.db.query<{ id: number }>(`select id from tickets where external_id = 'zendesk:2'`)) as Array<{ id: number }>;
    const found = await k.admin.get('/api/v1/tickets?external_id=zendesk%3A2');
    expect(found.status).toBe(200);
    expect(found.body.data.map((t: { id: number }) => t.id)).toEqual([saved.id]);
    expect(found.body.data[0].external_id).toBe('zendesk:2');
    expect((await k.admin.get(`/api/v1/tickets/${saved.id}`)).body.external_id).toBe('zendesk:2');
    // Exact, not a prefix or a pattern.
    expect((await k.admin.get('/api/v1/tickets?external_id=zendesk%3A')).body.data).toEqual([]);
    expect((await k.admin.get('/api/v1/tickets?external_id=zendesk%3A%25')).body.data).toEqual([]);
    expect((await k.admin.get(`/api/v1/tickets?external_id=${'x'.repeat(201)}`)).status).toBe(400);
    expect((await k.admin.get('/api/v1/tickets?external_id=')).status).toBe(400);

    // Source ids are staff data: the requester of an imported ticket sees the ticket, not its source id, and cannot search by it.
    expect(
      (await k.admin.post('/api/v1/people', { name: 'Cust', email: 'cust-ext@example.org', role: 'customer', password: 'Pass-word-123' }))
        .status,
    ).toBe(201);
    expect(
      (await importTicket(k.db, { actor: SYSTEM, line: line(400, { requester_email: 'cust-ext@example.org', status: 'open' }) })).ok,
    ).toBe(true);
    const cust = await k.signIn('cust-ext@example.org', 'Pass-word-123');
    const own = await cust.get('/api/v1/tickets');
    expect(own.body.data.map((t: { subject: string }) => t.subject)).toEqual(['Imported 400']);
    expect(own.body.data[0]).not.toHaveProperty('external_id');
    expect((await cust.get('/api/v1/tickets?external_id=zendesk%3A400')).body.data).toEqual([]);
    expect((await cust.get('/api/v1/tickets?external_id=zendesk%3A2')).body.data).toEqual([]);
  });
});

describe('Idempotency-Key on POST /api/v1/tickets', () => {
  const post = (key: string | undefined, body: unknown, auth = k.kefu.localSecret) =>
    k.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: {
        authorization: `Bearer ${auth}`,
        'content-type': 'application/json',
        ...(key !== undefined ? { 'idempotency-key': key } : {}),
      },
      payload: JSON.stringify(body),
    });
  const ticket = { subject: 'Printer on fire', body: 'It is on fire.', requester_email: 'fire@example.org', tags: ['a', 'b'] };

  it('a replay returns the same ticket, as a GET shows it, and adds none', async () => {
    const first = await post('retry-1', ticket);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const id = JSON.parse(first.body).id;
    const before = await countTickets();
    // The same body with its keys in another order is the same request.
    const again = await post('retry-1', {
      tags: ['a', 'b'],
      requester_email: 'fire@example.org',
      body: 'It is on fire.',
      subject: 'Printer on fire',
    });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const fresh = await k.kefu.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${id}`,
      headers: { authorization: `Bearer ${k.kefu.localSecret}` },
    });
    expect(JSON.parse(again.body)).toEqual(JSON.parse(fresh.body));
    expect(await countTickets()).toBe(before);
    // The key row committed with the ticket.
    const keys = await k.db.query<{ ticket_id: number; fingerprint: string }>(
      `select ticket_id, fingerprint from idempotency_keys where key = 'retry-1'`,
    );
    expect(keys).toEqual([{ ticket_id: id, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('the same key with a different body is a 422 idempotency_key_reused', async () => {
    await post('retry-2', ticket);
    const before = await countTickets();
    const r = await post('retry-2', { ...ticket, subject: 'Something else' });
    expect(r.statusCode).toBe(422);
    expect(JSON.parse(r.body).error.code).toBe('idempotency_key_reused');
    expect(await countTickets()).toBe(before);
  });

  it('keys are per caller: another person with the same key gets a ticket of their own', async () => {
    const mine = JSON.parse((await post('shared-key', ticket)).body).id;
    const { token } = (await k.adminSession.post('/api/v1/tokens', { name: 'second' })).body;
    // The admin's token is a person; the local secret above is the operator: two callers.
    const theirs = await post('shared-key', ticket, token);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(JSON.parse(theirs.body).id).not.toBe(mine);
    const replay = await post('shared-key', ticket, token);
    expect(JSON.parse(replay.body).id).toBe(JSON.parse(theirs.body).id);
  });

  it('twenty requests at once with one key create one ticket and all answer with it', async () => {
    const before = await countTickets();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post('burst', { ...ticket, subject: 'Burst' })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(201));
    const ids = new Set(answers.map((a) => JSON.parse(a.body).id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(await countTickets()).toBe(before + 1);
  });

  it('a key that is not 1–200 visible ASCII characters is a 400, and creates nothing', async () => {
    const before = await countTickets();
    for (const bad of ['', 'has space', 'x'.repeat(201), 'ключ', 'tab\there']) {
      const r = await post(bad, ticket);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect(await countTickets()).toBe(before);
    expect((await post('x'.repeat(200), ticket)).statusCode).toBe(201);
  });

  it('an expired key (over 24 hours) is a new key', async () => {
    const first = JSON.parse((await post('old-key', ticket)).body).id;
    await k.db.query(`update idempotency_keys set created_at = now() - interval '25 hours' where key = 'old-key'`);
    const r = await post('old-key', { ...ticket, subject: 'New one' });
    expect(r.statusCode).toBe(201);
    expect(r.headers['idempotent-replayed']).toBeUndefined();
    expect(JSON.parse(r.body).id).not.toBe(first);
    // The daily cleanup deletes expired rows and keeps live ones.
    await k.db.query(`update idempotency_keys set created_at = now() - interval '25 hours' where key = 'retry-1'`);
    await idempotencyRepository.prune(k.db);
    const left = (await k.db.query<{ key: string }>(`select key from idempotency_keys`)).map((x) => x.key);
    expect(left).not.toContain('retry-1');
    expect(left).toContain('old-key');
  });

  it('a failed creation leaves the key free', async () => {
    const bad = await post('fails-first', { ...ticket, organization_id: 987654 });
    expect(bad.statusCode).toBe(422);
    const ok = await post('fails-first', ticket);
    expect(ok.statusCode).toBe(201);
    expect(ok.headers['idempotent-replayed']).toBeUndefined();
  });
});
