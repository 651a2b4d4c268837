import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/client.ts';
import type { Principal } from '../../server/modules/auth/principal.ts';
import { exportTickets } from '../../server/modules/exports/exportTickets.ts';
import { testKefu, type Caller, type Res, type TestKefu } from '../helpers/testKefu.ts';

/**
 * Ticket exports (docs/exports.md): what the ticket list shows the same person with the same
 * filters, in created_at order, streamed page by page; CSV that parses back (byte order mark,
 * formula guard, custom field columns), JSON Lines; staff only.
 */
let k: TestKefu;
let lin: Caller; // agent limited to the Billing group
let linId: number;
let customer: Caller;
let billing: number;
let network: number;
const subjects = new Map<number, string>();

/** RFC 4180 records (quoted fields with "" escapes, CRLF), enough to read the export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

/** Every page of the list API (sort=created_at) for the same filters. */
async function listAll(c: Caller, query: string): Promise<Array<{ id: number }>> {
  const out: Array<{ id: number }> = [];
  let cursor: string | null = null;
  do {
    const r: Res = await c.get(
      `/api/v1/tickets?sort=created_at&limit=100&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    out.push(...r.body.data);
    cursor = r.body.next_cursor;
  } while (cursor);
  return out;
}

const csvIds = (text: string) =>
  parseCsv(text.replace(/^\uFEFF/, ''))
    .slice(1)
    .map((r) => Number(r[0]));

beforeAll(async () => {
  k = await testKefu();
  const agent = await k.admin.post('/api/v1/people', { name: 'Lin', email: 'lin@kefu.test', role: 'agent', password: 'Export-pass-123' });
  linId = agent.body.id;
  billing = (await k.admin.post('/api/v1/groups', { name: 'Billing', member_ids: [linId] })).body.id;
  network = (await k.admin.post('/api/v1/groups', { name: 'Network' })).body.id;
  const acme = (await k.admin.post('/api/v1/organizations', { name: '阿克米公司' })).body.id;
  expect(
    (
      await k.admin.post('/api/v1/ticket-fields', {
        key: 'tier',
        label: { en: 'Tier', 'zh-CN': '等级' },
        type: 'select',
        options: ['gold', 'silver'],
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await k.admin.post('/api/v1/ticket-fields', {
        key: 'areas',
        label: { en: 'Areas', 'zh-CN': '范围' },
        type: 'multiselect',
        options: ['dns', 'cdn'],
      })
    ).status,
  ).toBe(201);
  // Sensitive: withheld from staff until the requester is verified, so never exported.
  expect(
    (
      await k.admin.post('/api/v1/ticket-fields', {
        key: 'passport',
        label: { en: 'Passport', 'zh-CN': '护照' },
        type: 'text',
        sensitive: true,
      })
    ).status,
  ).toBe(201);
  const base = Date.parse('2025-06-01T00:00:00Z');
  // 240 tickets, three at each instant (keyset ties), over priorities and groups.
  for (let i = 0; i < 240; i++) {
    const subject =
      i === 0 ? '=HYPERLINK("http://evil.test","点我")' : i === 1 ? '发票, "引号" 和\r\n换行' : i === 2 ? '-2+3' : `Ticket ${i} 发票`;
    const r = await k.admin.post('/api/v1/tickets', {
      subject,
      body: 'Help',
      requester_email: `r${i % 6}@cust.test`,
      requester_name: `客户 ${i % 6}`,
      organization_id: i % 2 ? acme : undefined,
      priority: ['P1', 'P2', 'P3', 'P4'][i % 4],
      group_id: i % 3 === 0 ? billing : i % 3 === 1 ? network : undefined,
      assignee_id: i % 10 === 5 ? linId : undefined,
      tags: i % 5 === 0 ? ['vip', 'refund'] : [],
      custom_fields: i % 4 === 0 ? { tier: 'gold', areas: ['dns', 'cdn'], passport: 'E1234567' } : undefined,
      created_at: new Date(base + Math.floor(i / 3) * 60_000).toISOString(),
      override_entitlement: true,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    subjects.set(r.body.id, subject);
  }
  expect((await k.admin.patch(`/api/v1/people/${linId}`, { ticket_access: 'groups' })).status).toBe(200);
  lin = await k.signIn('lin@kefu.test', 'Export-pass-123');
  await k.admin.post('/api/v1/people', {
    name: 'Cora',
    email: 'cora@cust.test',
    role: 'customer',
    organization_id: acme,
    password: 'Export-pass-123',
  });
  customer = await k.signIn('cora@cust.test', 'Export-pass-123');
}, 120_000);
afterAll(async () => {
  await k?.stop();
});

describe('GET /api/v1/exports/tickets.csv', () => {
  it('holds the tickets the list shows with the same filters, in the same order', async () => {
    const enc = encodeURIComponent;
    for (const query of [
      '',
      'priority=P1,P2',
      'group_id=none',
      'tag=vip&priority=P1',
      `custom_fields=${enc('{"tier":"gold"}')}`,
      `q=${enc('发票')}`,
    ]) {
      const r = await k.admin.get(`/api/v1/exports/tickets.csv?${query}`);
      expect(r.status, query).toBe(200);
      const listed = (await listAll(k.admin, query)).map((t) => t.id);
      expect(listed.length, query).toBeGreaterThan(0);
      expect(csvIds(r.body), query).toEqual(listed);
    }
    expect((await listAll(k.admin, '')).length).toBe(240);
  });

  it('is a download: UTF-8 with a byte order mark, a dated file name, no caching', async () => {
    const r = await k.admin.get('/api/v1/exports/tickets.csv');
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="kefu-tickets-${new Date().toISOString().slice(0, 10)}.csv"`);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body.startsWith('\uFEFFid,number,subject,status,')).toBe(true);
  });

  it('parses back: names, quotes, line breaks, tags, custom fields, and formulas defused', async () => {
    const r = await k.admin.get('/api/v1/exports/tickets.csv');
    const [header, ...rows] = parseCsv(r.body.replace(/^\uFEFF/, ''));
    expect(header).toEqual([
      'id',
      'number',
      'subject',
      'status',
      'priority',
      'channel',
      'category',
      'plan',
      'organization',
      'requester',
      'requester_email',
      'assignee',
      'group',
      'tags',
      'created_at',
      'updated_at',
      'first_response_at',
      'solved_at',
      'closed_at',
      'field:tier',
      'field:areas',
    ]);
    expect(rows).toHaveLength(240);
    const col = (row: string[], name: string) => row[header.indexOf(name)];
    expect(col(rows[0], 'subject')).toBe(`'=HYPERLINK("http://evil.test","点我")`);
    expect(col(rows[1], 'subject')).toBe('发票, "引号" 和\r\n换行');
    expect(col(rows[2], 'subject')).toBe(`'-2+3`);
    for (const row of rows.slice(3)) expect(col(row, 'subject')).toBe(subjects.get(Number(row[0])));
    const fifth = rows[5]; // i = 5: Acme, P2, no group (5 % 3 = 2), assigned to Lin
    expect([col(fifth, 'organization'), col(fifth, 'priority'), col(fifth, 'group'), col(fifth, 'assignee')]).toEqual([
      '阿克米公司',
      'P2',
      '',
      'Lin',
    ]);
    expect([col(fifth, 'requester'), col(fifth, 'requester_email'), col(fifth, 'status')]).toEqual(['客户 5', 'r5@cust.test', 'new']);
    expect(col(fifth, 'created_at')).toBe('2025-06-01T00:01:00.000Z');
    const fourth = rows[4]; // i = 4: custom fields, Network
    expect([col(fourth, 'field:tier'), col(fourth, 'field:areas'), col(fourth, 'group')]).toEqual(['gold', 'dns; cdn', 'Network']);
    expect(col(rows[0], 'tags')).toBe('vip refund');
  });

  it("a group-limited agent's export holds only their groups' tickets and those assigned to them", async () => {
    const r = await lin.get('/api/v1/exports/tickets.csv');
    expect(r.status).toBe(200);
    const ids = csvIds(r.body);
    // i % 3 === 0 (Billing): 80; assigned to Lin outside Billing: i % 10 === 5 and i % 3 !== 0 → 16.
    expect(ids).toHaveLength(96);
    expect(ids).toEqual((await listAll(lin, '')).map((t) => t.id));
    const admin = parseCsv((await k.admin.get('/api/v1/exports/tickets.csv')).body.replace(/^\uFEFF/, ''));
    const mine = admin.slice(1).filter((row) => row[12] === 'Billing' || row[11] === 'Lin');
    expect(ids).toEqual(mine.map((row) => Number(row[0])));
  });

  it('refuses customers (403), people not signed in (401) and bad filter values (400)', async () => {
    expect((await customer.get('/api/v1/exports/tickets.csv')).status).toBe(403);
    expect((await customer.get('/api/v1/exports/tickets.jsonl')).status).toBe(403);
    expect((await k.anon.get('/api/v1/exports/tickets.csv')).status).toBe(401);
    for (const q of ['status=bogus', 'priority=P9', 'assignee_id=someone', 'organization_id=-1', 'number=abc'])
      expect((await k.admin.get(`/api/v1/exports/tickets.csv?${q}`)).status, q).toBe(400);
    expect((await k.admin.get('/api/v1/exports/tickets.jsonl?custom_fields=notjson')).status).toBe(422);
  });

  it('names a filter it does not know (400) instead of exporting every ticket', async () => {
    for (const format of ['csv', 'jsonl']) {
      const r = await k.admin.get(`/api/v1/exports/tickets.${format}?created_from=2026-12-01&status=open`);
      expect(r.status, `${format}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
      expect(r.body.error.message).toContain('created_from');
    }
  });
});

describe('exporting a view', () => {
  it('holds the tickets the view shows (queue views: unsolved only), in created_at order; not with list filters too', async () => {
    // Solve a few: a queue view (no status filter) leaves them out, a view over every status keeps them.
    for (const id of [...subjects.keys()].slice(0, 4))
      expect((await k.admin.patch(`/api/v1/tickets/${id}`, { status: 'solved' })).status).toBe(200);
    const queue = await k.admin.post('/api/v1/views', { name: 'P1 tickets', filters: { priority: ['P1'], tags: ['vip'] } });
    expect(queue.status, JSON.stringify(queue.body)).toBe(201);
    const viewed: number[] = [];
    let cursor: string | null = null;
    do {
      const r: Res = await k.admin.get(
        `/api/v1/views/${queue.body.id}/tickets?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      viewed.push(...r.body.data.map((t: { id: number }) => t.id));
      cursor = r.body.next_cursor;
    } while (cursor);
    const exported = csvIds((await k.admin.get(`/api/v1/exports/tickets.csv?view=${queue.body.id}`)).body);
    // i % 4 === 0 and i % 5 === 0: every 20th ticket (12), less the solved ticket i = 0.
    expect(exported).toHaveLength(11);
    expect(exported).toEqual([...viewed].sort((a, b) => a - b));
    const every = await k.admin.post('/api/v1/views', {
      name: 'All P1 vip',
      filters: { priority: ['P1'], tags: ['vip'], status: ['new', 'open', 'solved'] },
    });
    expect(csvIds((await k.admin.get(`/api/v1/exports/tickets.csv?view=${every.body.id}`)).body)).toHaveLength(12);
    expect((await k.admin.get(`/api/v1/exports/tickets.csv?view=${queue.body.id}&priority=P2`)).status).toBe(400);
    expect((await k.admin.get('/api/v1/exports/tickets.csv?view=999999')).status).toBe(404);
    expect((await lin.get(`/api/v1/exports/tickets.csv?view=${queue.body.id}`)).status).toBe(404); // someone else's view
  });
});

describe('GET /api/v1/exports/tickets.jsonl', () => {
  it('one ticket per line, as the list presents it, same order', async () => {
    const r = await k.admin.get('/api/v1/exports/tickets.jsonl?priority=P3');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="kefu-tickets-\d{4}-\d{2}-\d{2}\.jsonl"$/);
    expect(r.body.endsWith('\n')).toBe(true);
    const lines = r.body
      .trimEnd()
      .split('\n')
      .map((l: string) => JSON.parse(l));
    const listed = await listAll(k.admin, 'priority=P3');
    expect(lines.map((t: { id: number }) => t.id)).toEqual(listed.map((t) => t.id));
    const pick = (t: Record<string, unknown>) => ({
      number: t.number,
      subject: t.subject,
      requester: t.requester,
      organization: t.organization,
      group: t.group,
      custom_fields: t.custom_fields,
      created_at: t.created_at,
    });
    expect(lines.map(pick)).toEqual(listed.map(pick));
    expect(lines).toHaveLength(60);
    const all = (await k.admin.get('/api/v1/exports/tickets.jsonl')).body as string;
    expect(JSON.parse(all.split('\n')[0]).custom_fields).toEqual({ tier: 'gold', areas: ['dns', 'cdn'] });
    const stored = await k.db.query<{ n: number }>(`select count(*)::int as n from tickets where fields->>'passport' = 'E1234567'`);
    expect(stored[0].n).toBe(60); // stored, and withheld
    expect(all).not.toContain('E1234567');
    expect((await k.admin.get('/api/v1/exports/tickets.csv')).body).not.toContain('E1234567');
  });
});

describe('exportTickets (the use case)', () => {
  const admin: Principal = { kind: 'system', personId: null, role: 'admin', organizationId: null, locale: 'en', via: 'local' };
  const countingDb = (db: Db) => {
    const counter = { queries: 0 };
    const wrapped = new Proxy(db, {
      get(target, p, receiver) {
        if (p === 'query')
          return (...a: Parameters<Db['query']>) => {
            counter.queries++;
            return target.query(...a);
          };
        return Reflect.get(target, p, receiver);
      },
    });
    return { db: wrapped, counter };
  };

  it('reads page by page with the keyset cursor: small pages give the same rows, ties included', async () => {
    const full = (await listAll(k.admin, '')).map((t) => t.id);
    const { db, counter } = countingDb(k.db);
    const chunks = await exportTickets(db, { actor: admin, filter: {}, format: 'jsonl', pageSize: 7 });
    let text = '';
    for await (const c of chunks) text += c;
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(full);
    // 240 rows in pages of 7: 35 pages, the last one short (one list query each).
    expect(counter.queries).toBe(35);
  });

  it('stops querying when the reader goes away (the client disconnected)', async () => {
    const { db, counter } = countingDb(k.db);
    const stream = Readable.from(await exportTickets(db, { actor: admin, filter: {}, format: 'csv', pageSize: 10 }), { objectMode: false });
    const first = await new Promise<Buffer>((resolve) =>
      stream.once('data', (c: Buffer) => {
        stream.pause();
        resolve(c);
      }),
    );
    expect(first.toString('utf8').startsWith('\uFEFFid,')).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    // Paused: the stream read ahead only up to its buffer size (a few pages of 10), not the 24 pages of the export.
    const before = counter.queries;
    expect(before).toBeLessThan(10);
    stream.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(counter.queries).toBeLessThanOrEqual(before + 1);
  });
});
