import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../server/db/client.ts';
import { httpClient, injectClient, type ApiClient } from '../../server/cli/apiClient.ts';
import type { Io } from '../../server/cli/io.ts';
import { parseExport, parseImport, ticketsExport, ticketsImport } from '../../server/cli/tickets.ts';
import type { Principal } from '../../server/modules/auth/principal.ts';
import { addMessage } from '../../server/modules/tickets/addMessage.ts';
import { updateTicket } from '../../server/modules/tickets/updateTicket.ts';
import { exportTickets, type TicketLine } from '../../server/modules/transfer/exportTickets.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

// Registers the transfer routes when server/http/routes/index.ts does not (yet): the wrapper notices whether it was called.
const registered = vi.hoisted(() => ({ yes: false }));
vi.mock('../../server/http/routes/transfer.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../server/http/routes/transfer.ts')>();
  return {
    ...real,
    transferRoutes: (...a: Parameters<typeof real.transferRoutes>) => {
      registered.yes = true;
      return real.transferRoutes(...a);
    },
  };
});
vi.mock('../../server/http/routes/index.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../server/http/routes/index.ts')>();
  const { transferRoutes } = await import('../../server/http/routes/transfer.ts');
  return {
    ...real,
    extraRoutes: async (...a: Parameters<typeof real.extraRoutes>) => {
      registered.yes = false;
      await real.extraRoutes(...a);
      if (!registered.yes) transferRoutes(...a);
    },
  };
});

const SYSTEM: Principal = { kind: 'system', personId: null, role: 'admin', organizationId: null, locale: 'en', via: 'local' };
const at = (s: string) => new Date(s);

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const stream = new PassThrough();
  const streamed: Buffer[] = [];
  stream.on('data', (c: Buffer) => streamed.push(c));
  const io: Io = {
    out: (t) => {
      out.push(t);
    },
    err: (t) => {
      err.push(t);
    },
    outStream: stream,
  };
  return { io, out: () => out.join(''), err: () => err.join(''), streamed: () => Buffer.concat(streamed).toString('utf8') };
}

const parseLines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TicketLine);
/** What must survive a round trip: everything but the source ids. */
const comparable = (l: TicketLine) => {
  const { id: _i, number: _n, ...rest } = l;
  return rest;
};

let src: TestKefu;
let dst: TestKefu;
let dir: string;

beforeAll(async () => {
  [src, dst] = await Promise.all([testKefu(), testKefu()]);
  dir = mkdtempSync(join(tmpdir(), 'kefu-transfer-'));
});
afterAll(async () => {
  await Promise.all([src?.stop(), dst?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

/** Tickets with history: times in the past, Chinese text, internal notes, customer replies, solved and closed. */
async function seed(k: TestKefu) {
  const org = (await k.admin.post('/api/v1/organizations', { name: '阿里 Acme' })).body;
  const wang = (
    await k.admin.post('/api/v1/people', { name: '王小明', email: 'wang@acme.test', organization_id: org.id, password: 'Wang-pass-123' })
  ).body;
  const customer: Principal = {
    kind: 'person',
    personId: wang.id,
    role: 'customer',
    organizationId: org.id,
    locale: 'zh-CN',
    via: 'session',
  };

  const a = (
    await k.admin.post('/api/v1/tickets', {
      subject: '无法登录 — login broken',
      body: '我无法登录系统。\n\n请帮忙！',
      requester_id: wang.id,
      created_at: '2023-03-01T08:00:00.000Z',
      category: '账户',
    })
  ).body;
  expect(a.id).toBeTypeOf('number');
  await addMessage(k.db, {
    actor: SYSTEM,
    ticketId: a.id,
    input: { body: '客户是VIP，优先处理', internal: true },
    now: at('2023-03-01T09:00:00.000Z'),
  });
  await addMessage(k.db, {
    actor: SYSTEM,
    ticketId: a.id,
    input: { body: '您好，请清除缓存后再试。' },
    now: at('2023-03-01T09:30:00.000Z'),
  });
  await addMessage(k.db, { actor: customer, ticketId: a.id, input: { body: '谢谢，现在可以了 ✅' }, now: at('2023-03-02T10:00:00.000Z') });
  await updateTicket(k.db, { actor: SYSTEM, id: a.id, input: { status: 'solved' }, now: at('2023-03-02T11:00:00.000Z') });

  const b = (
    await k.admin.post('/api/v1/tickets', {
      subject: 'HTML mail',
      body: 'Hello world',
      html: '<p>Hello <b>world</b></p>',
      requester_email: 'li@example.org',
      requester_name: '李雷',
      priority: 'P1',
      tags: ['vip', '登录'],
      fields: { product: '云盘', seats: 5 },
      created_at: '2023-01-15T12:34:56.789Z',
    })
  ).body;
  expect(b.status).toBe('new');

  const c = (
    await k.admin.post('/api/v1/tickets', {
      subject: 'Invoice',
      body: 'Where is my invoice?',
      requester_id: wang.id,
      created_at: '2024-05-01T00:00:00.000Z',
    })
  ).body;
  await addMessage(k.db, { actor: SYSTEM, ticketId: c.id, input: { body: 'Sent it again.' }, now: at('2024-05-01T01:00:00.000Z') });
  await updateTicket(k.db, { actor: SYSTEM, id: c.id, input: { status: 'solved' }, now: at('2024-05-01T02:00:00.000Z') });
  await updateTicket(k.db, { actor: SYSTEM, id: c.id, input: { status: 'closed' }, now: at('2024-05-08T02:00:00.000Z') });
  return { a, b, c };
}

describe('ticket export and import', () => {
  let exported: TicketLine[];

  it('exports every ticket oldest first with its messages, internal notes, tags, fields and requester (over HTTP)', async () => {
    await seed(src);
    await src.kefu.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (src.kefu.app.server.address() as { port: number }).port;
    const api = httpClient({ pid: process.pid, port, secret: src.kefu.localSecret });
    const file = join(dir, 'export.ndjson');
    const cap = captureIo();
    expect(await ticketsExport(api, parseExport(['--out', file]), cap.io)).toBe(0);
    expect(cap.err()).toContain('Exported 3 tickets');
    expect(cap.err()).toContain('without the files attached to messages');
    exported = parseLines(readFileSync(file, 'utf8'));
    expect(exported.map((l) => l.subject)).toEqual(['HTML mail', '无法登录 — login broken', 'Invoice']);
    const [b, a, c] = exported;
    expect(a).toMatchObject({
      status: 'solved',
      requester_email: 'wang@acme.test',
      requester_name: '王小明',
      organization_name: '阿里 Acme',
      category: '账户',
      created_at: '2023-03-01T08:00:00.000Z',
      solved_at: '2023-03-02T11:00:00.000Z',
      closed_at: null,
    });
    expect(a.messages.map((m) => [m.body, m.internal, m.author_role, m.created_at])).toEqual([
      ['我无法登录系统。\n\n请帮忙！', false, 'customer', '2023-03-01T08:00:00.000Z'],
      ['客户是VIP，优先处理', true, null, '2023-03-01T09:00:00.000Z'],
      ['您好，请清除缓存后再试。', false, null, '2023-03-01T09:30:00.000Z'],
      ['谢谢，现在可以了 ✅', false, 'customer', '2023-03-02T10:00:00.000Z'],
    ]);
    expect(b).toMatchObject({
      priority: 'P1',
      tags: ['vip', '登录'],
      fields: { product: '云盘', seats: 5 },
      organization_name: null,
      requester_email: 'li@example.org',
      status: 'new',
    });
    expect(b.messages[0]).toMatchObject({ body: 'Hello world', html: '<p>Hello <b>world</b></p>' });
    expect(c).toMatchObject({ status: 'closed', solved_at: '2024-05-01T02:00:00.000Z', closed_at: '2024-05-08T02:00:00.000Z' });

    // --since keeps the tickets created at or after that time; to stdout this time.
    const cap2 = captureIo();
    expect(await ticketsExport(api, parseExport(['--since', '2023-03-01T08:00:00Z']), cap2.io)).toBe(0);
    expect(parseLines(cap2.streamed()).map((l) => l.subject)).toEqual(['无法登录 — login broken', 'Invoice']);
  });

  it('imports the export into a fresh Kefu: subjects, Chinese text, message order, internal flags and times survive', async () => {
    const file = join(dir, 'export.ndjson');
    const cap = captureIo();
    const code = await ticketsImport(injectClient(dst.kefu), parseImport([file]), cap.io);
    expect(cap.out()).toBe(`Imported 3 tickets from ${file}.\n`);
    expect(code).toBe(0);

    const head = await dst.kefu.app.inject({
      method: 'GET',
      url: '/api/v1/export/tickets',
      headers: { authorization: `Bearer ${dst.kefu.localSecret}` },
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(head.headers['x-total-count']).toBe('3');
    // Export again, in-process this time (the streaming inject path), and compare.
    const again = captureIo();
    expect(await ticketsExport(injectClient(dst.kefu), parseExport([]), again.io)).toBe(0);
    expect(parseLines(again.streamed()).map(comparable)).toEqual(exported.map(comparable));

    // The imported ticket reads right through the normal API too.
    const list = (await dst.admin.get('/api/v1/tickets?q=登录')).body.data;
    expect(list.map((t: { subject: string }) => t.subject)).toContain('无法登录 — login broken');
    const t = list.find((x: { subject: string }) => x.subject === '无法登录 — login broken');
    expect(t).toMatchObject({
      status: 'solved',
      created_at: '2023-03-01T08:00:00.000Z',
      organization: { name: '阿里 Acme' },
      first_response_at: '2023-03-01T09:30:00.000Z',
    });
  });

  it('a stopped import run again skips the lines it saved and imports the rest (by external_id)', async () => {
    const line = (n: number) => JSON.stringify({ ...exported[0], external_id: `old-desk:${n}`, subject: `resumed ${n}` });
    const file = join(dir, 'resume.ndjson');
    writeFileSync(file, [line(1), line(2), '{"external_id": "old-desk:3", "subj', line(4)].join('\n'));
    const cap = captureIo();
    expect(await ticketsImport(injectClient(dst.kefu), { ...parseImport([file]), chunkLines: 2 }, cap.io)).toBe(1);
    expect(cap.out()).toMatch(/^Imported 3 tickets from .*resume\.ndjson; 1 line failed:\n {2}line 3: not valid JSON/);
    if (!process.stderr.isTTY) expect(cap.err()).toBe('line 2: 2 imported, 0 skipped, 0 failed\nline 4: 3 imported, 0 skipped, 1 failed\n');

    writeFileSync(file, [line(1), line(2), line(3), line(4)].join('\n') + '\n');
    const again = captureIo();
    expect(await ticketsImport(injectClient(dst.kefu), parseImport([file]), again.io)).toBe(0);
    expect(again.out()).toBe(`Imported 1 ticket from ${file}; skipped 3 tickets already imported.\n`);
    const subjects = (await dst.admin.get('/api/v1/tickets?limit=100')).body.data.map((t: { subject: string }) => t.subject);
    expect(subjects.filter((x: string) => x.startsWith('resumed ')).sort()).toEqual(['resumed 1', 'resumed 2', 'resumed 3', 'resumed 4']);
  });

  it('reports bad lines with their numbers and reasons and imports the others, across chunks', async () => {
    // Without external_id (as before it existed): every good line is a new ticket.
    const base = { ...exported[1], external_id: undefined };
    const good = (subject: string) => JSON.stringify({ ...base, subject, organization_name: '阿里 Acme' });
    const lines = [
      good('好的一'), // 1
      '{"subject": "broken', // 2: not JSON
      '', // 3: blank, skipped
      good('好的二'), // 4
      JSON.stringify({ ...base, requester_email: undefined }), // 5: no requester
      JSON.stringify({ ...base, organization_name: null, organization_id: 987654 }), // 6: unknown organization
      JSON.stringify({ ...base, messages: [] }), // 7: no messages
      good('好的三'), // 8
      JSON.stringify({ ...base, messages: [exported[1].messages[0], { body: 'late', created_at: 'yesterday' }] }), // 9: bad time
    ];
    const file = join(dir, 'bad.ndjson');
    writeFileSync(file, '\uFEFF' + lines.join('\r\n') + '\r\n');
    const before = (await dst.admin.get('/api/v1/tickets?limit=100')).body.data.length;
    const cap = captureIo();
    // Chunks of 2 lines: the line numbers must still be the file's.
    const code = await ticketsImport(injectClient(dst.kefu), { ...parseImport([file]), chunkLines: 2 }, cap.io);
    expect(code).toBe(1);
    const out = cap.out();
    expect(out).toMatch(/^Imported 3 tickets from .*bad\.ndjson; 5 lines failed:\n/);
    expect(out).toMatch(/ {2}line 2: not valid JSON/);
    expect(out).toMatch(/ {2}line 5: requester_email: /);
    expect(out).toMatch(/ {2}line 6: Organization 987654 does not exist/);
    expect(out).toMatch(/ {2}line 7: messages: a ticket needs at least one message/);
    expect(out).toMatch(/ {2}line 9: messages\.1\.created_at: /);
    expect(out).not.toMatch(/line [1348]:/);
    const after = (await dst.admin.get('/api/v1/tickets?limit=100')).body.data;
    expect(after.length).toBe(before + 3);
    // A failed line leaves nothing behind (line 9's ticket would otherwise exist without its second message).
    expect(after.filter((x: { subject: string }) => x.subject === exported[1].subject)).toHaveLength(1);
  });

  it('splits a chunk the server finds too large, down to single lines', async () => {
    const real = injectClient(dst.kefu);
    const limit = JSON.stringify(exported[0]).length * 2 + 10; // about two lines per request
    const sizes: number[] = [];
    const small: ApiClient = {
      ...real,
      async upload(url, type, text) {
        sizes.push(text.split('\n').length);
        if (Buffer.byteLength(text) > limit)
          return { status: 413, body: { error: { code: 'payload_too_large', message: 'The request body is too large' } } as never };
        return real.upload(url, type, text);
      },
    };
    const huge = JSON.stringify({
      ...exported[0],
      external_id: undefined,
      subject: 'huge',
      messages: [{ ...exported[0].messages[0], body: 'x'.repeat(limit) }],
    });
    const file = join(dir, 'split.ndjson');
    writeFileSync(
      file,
      [exported[0], exported[0], huge, exported[0], exported[0]]
        .map((l) => (typeof l === 'string' ? l : JSON.stringify({ ...l, external_id: undefined })))
        .join('\n'),
    );
    const cap = captureIo();
    expect(await ticketsImport(small, parseImport([file]), cap.io)).toBe(1);
    expect(cap.out()).toMatch(/^Imported 4 tickets .*; 1 line failed:\n {2}line 3: the line is larger than the server accepts/);
    expect(sizes[0]).toBe(5);
  });

  it('is for admins only', async () => {
    await dst.admin.post('/api/v1/people', { name: 'Agent Ada', email: 'ada@kefu.test', role: 'agent', password: 'Ada-pass-1234' });
    const ada = await dst.signIn('ada@kefu.test', 'Ada-pass-1234');
    expect((await ada.get('/api/v1/export/tickets')).status).toBe(403);
    const r = await dst.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/import/tickets',
      headers: { authorization: `Bearer ${dst.kefu.localSecret}`, 'content-type': 'application/x-ndjson' },
      payload: '',
    });
    expect(JSON.parse(r.body)).toEqual({ imported: 0, skipped: [], failed: [] });
    const charset = await dst.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/import/tickets',
      headers: { authorization: `Bearer ${dst.kefu.localSecret}`, 'content-type': 'application/x-ndjson; charset=utf-8' },
      payload: '\n{}\n',
    });
    expect(JSON.parse(charset.body)).toEqual({
      imported: 0,
      skipped: [],
      failed: [{ line: 2, error: expect.stringContaining('subject: ') }],
    });
    expect((await dst.anon.get('/api/v1/export/tickets')).status).toBe(401);
    expect((await dst.admin.get('/api/v1/export/tickets?since=yesterday')).status).toBe(400);
  });
});

describe('export batches', () => {
  it('walks (created_at, id) in keyset batches with one message query per batch, even when times tie to the microsecond', async () => {
    const k = dst;
    const base = (await k.admin.get('/api/v1/tickets?limit=100')).body.data.length;
    const ids: number[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (await k.admin.post('/api/v1/tickets', { subject: `tie ${i}`, body: `m ${i}`, requester_email: 'tie@example.org' })).body.id,
      );
    await k.db.query(`update tickets set created_at = '2022-06-01 00:00:00.123456+00' where id = any($1::bigint[])`, [ids]);
    let queries = 0;
    const counting: Db = {
      ...k.db,
      query: (t, p) => {
        queries++;
        return k.db.query(t, p);
      },
    };
    const seen: number[] = [];
    for await (const line of exportTickets(counting, { actor: SYSTEM, batchSize: 2 })) seen.push(line.id);
    const total = base + 5;
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen.slice(0, 5)).toEqual(ids); // the 2022 tickets come first, in id order
    expect(queries).toBeLessThanOrEqual(2 * Math.ceil(total / 2) + 2); // + the desk id, read once
    const only = [];
    for await (const line of exportTickets(k.db, { actor: SYSTEM, since: new Date('2022-06-01T00:00:00.123Z'), batchSize: 2 }))
      only.push(line.id);
    expect(only).toHaveLength(total);
    expect(() => exportTickets(k.db, { actor: { ...SYSTEM, role: 'agent' } })).toThrow(/Only an admin/);
  });
});
