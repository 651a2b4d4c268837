import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bestSnippet, excerpt, snippetPatterns } from '../../server/modules/tickets/searchSnippets.ts';
import { recentWindow } from '../../server/modules/tickets/recentWindow.ts';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

/** GET /api/v1/search (docs/search.md): tickets by text, number, requester and organization; people and organizations. */
let k: TestKefu;
let acme: { id: number; name: string };
let globex: { id: number };
let wang: { id: number };
let refundZh: { id: number; number: number };
let refundEn: { id: number; number: number };
let globexTicket: { id: number; number: number };
let wangCaller: Caller;

interface Hit {
  id: number;
  number: number;
  subject: string;
  snippet: string | null;
  snippet_internal: boolean;
}
const search = async (who: Caller, query: string) => {
  const r = await who.get(`/api/v1/search?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as {
    tickets: { data: Hit[]; next_cursor: string | null };
    people: Array<{ id: number; name: string; email: string }>;
    organizations: Array<{ id: number; name: string }>;
  };
};
const ids = async (who: Caller, query: string) => (await search(who, query)).tickets.data.map((t) => t.id);
type Page = { data: Array<{ id: number }>; next_cursor: string | null };
/** Every ticket id of a list, page after page with its cursor. */
const allPages = async (page: (cursor: string | null) => Promise<Page>) => {
  const seen: number[] = [];
  let cursor: string | null = null;
  do {
    const p: Page = await page(cursor);
    seen.push(...p.data.map((t) => t.id));
    cursor = p.next_cursor;
  } while (cursor);
  return seen;
};
const withCursor = (query: string, cursor: string | null) => `${query}${cursor ? `&cursor=${cursor}` : ''}`;
/** The admin's header search (GET /search), every page. */
const searchPages = (query: string) => allPages(async (cursor) => (await search(k.admin, withCursor(query, cursor))).tickets);
/** The admin's ticket list (GET /tickets), every page. */
const listPages = (query: string) =>
  allPages(async (cursor) => {
    const r = await k.admin.get(`/api/v1/tickets?${withCursor(query, cursor)}`);
    expect(r.status).toBe(200);
    return r.body as Page;
  });

beforeAll(async () => {
  k = await testKefu();
  acme = (await k.admin.post('/api/v1/organizations', { name: 'Acme 贸易' })).body;
  globex = (await k.admin.post('/api/v1/organizations', { name: 'Globex' })).body;
  wang = (
    await k.admin.post('/api/v1/people', { name: '王小明', email: 'wang.xm@acme.test', organization_id: acme.id, password: 'Wang-pass-12' })
  ).body;
  const other = (
    await k.admin.post('/api/v1/people', {
      name: 'Gina Globex',
      email: 'gina@globex.test',
      organization_id: globex.id,
      password: 'Gina-pass-12',
    })
  ).body;
  refundZh = (
    await k.admin.post('/api/v1/tickets', {
      subject: '订单问题',
      body: '你好，上周的订单没有发货，我要申请退款，请尽快处理。谢谢',
      requester_id: wang.id,
    })
  ).body;
  refundEn = (
    await k.admin.post('/api/v1/tickets', {
      subject: 'Billing question',
      body: 'Hello team. I was charged twice last month and I would like a Refund for the second charge please.',
      requester_id: wang.id,
      priority: 'P2',
      tags: ['billing'],
    })
  ).body;
  globexTicket = (
    await k.admin.post('/api/v1/tickets', {
      subject: 'Globex 退款 refund',
      body: '另一家公司的退款 refund secret-globex',
      requester_id: other.id,
    })
  ).body;
  // An internal note with words nobody else used.
  expect(
    (await k.admin.post(`/api/v1/tickets/${refundEn.id}/messages`, { body: '内部备注：客户很难缠 confidential-remark', internal: true }))
      .status,
  ).toBe(201);
  wangCaller = await k.signIn('wang.xm@acme.test', 'Wang-pass-12');
});
afterAll(async () => {
  await k?.stop();
});

describe('search for staff', () => {
  it('finds a ticket by a Chinese word in a message and returns a snippet around it', async () => {
    const r = await search(k.admin, `q=${encodeURIComponent('退款')}`);
    expect(r.tickets.data.map((t) => t.id).sort()).toEqual([refundZh.id, globexTicket.id].sort());
    const hit = r.tickets.data.find((t) => t.id === refundZh.id)!;
    expect(hit.snippet).toContain('申请退款');
    expect(hit.snippet_internal).toBe(false);
  });

  it('finds a ticket by an English word, any case and plural, with the matching text in the snippet', async () => {
    expect(await ids(k.admin, 'q=refund')).toEqual([globexTicket.id, refundEn.id]);
    expect(await ids(k.admin, 'q=REFUNDS')).toEqual([globexTicket.id, refundEn.id]);
    const hit = (await search(k.admin, 'q=refund')).tickets.data.find((t) => t.id === refundEn.id)!;
    expect(hit.snippet).toMatch(/^…?.*Refund for the second charge/);
    expect(hit.snippet!.length).toBeLessThan(200);
  });

  it('finds a ticket by number, with or without #', async () => {
    expect(await ids(k.admin, `q=${encodeURIComponent(`#${refundEn.number}`)}`)).toEqual([refundEn.id]);
    expect(await ids(k.admin, `q=${refundEn.number}`)).toEqual([refundEn.id]);
  });

  it('finds people by the start of a name or an address, and the tickets they requested', async () => {
    const byEmail = await search(k.admin, 'q=wang.xm');
    expect(byEmail.people.map((p) => p.email)).toEqual(['wang.xm@acme.test']);
    expect(byEmail.tickets.data.map((t) => t.id).sort()).toEqual([refundZh.id, refundEn.id].sort());
    const byName = await search(k.admin, `q=${encodeURIComponent('王小')}`);
    expect(byName.people.map((p) => p.id)).toEqual([wang.id]);
    expect(byName.tickets.data.map((t) => t.id).sort()).toEqual([refundZh.id, refundEn.id].sort());
    expect((await search(k.admin, 'q=WANG.XM%40ACME.TEST')).people.map((p) => p.id)).toEqual([wang.id]);
    // A prefix, not a substring: "xm" is inside the address but starts nothing.
    expect((await search(k.admin, 'q=xm')).people).toEqual([]);
  });

  it('finds organizations by the start of their name, and their tickets', async () => {
    const r = await search(k.admin, 'q=acme');
    expect(r.organizations.map((o) => o.id)).toEqual([acme.id]);
    expect(r.tickets.data.map((t) => t.id).sort()).toEqual([refundZh.id, refundEn.id].sort());
    expect((await search(k.admin, 'q=glob')).organizations.map((o) => o.id)).toEqual([globex.id]);
  });

  it('shows staff a snippet of an internal note, marked as such', async () => {
    const r = await search(k.admin, 'q=confidential');
    expect(r.tickets.data.map((t) => t.id)).toEqual([refundEn.id]);
    expect(r.tickets.data[0].snippet).toContain('confidential-remark');
    expect(r.tickets.data[0].snippet_internal).toBe(true);
  });

  it('combines filters and pages with a cursor without gaps', async () => {
    expect(await ids(k.admin, 'q=refund&priority=P2')).toEqual([refundEn.id]);
    expect(await ids(k.admin, 'q=refund&tags=billing')).toEqual([refundEn.id]);
    expect(await ids(k.admin, `q=refund&organization_id=${globex.id}`)).toEqual([globexTicket.id]);
    expect(await ids(k.admin, 'q=refund&status=closed')).toEqual([]);
    expect(await ids(k.admin, 'q=refund&created_from=2000-01-01T00:00:00Z&created_to=2000-01-02T00:00:00Z')).toEqual([]);
    const seen = await searchPages(`q=${encodeURIComponent('退款')}&limit=1`);
    expect(seen.sort()).toEqual([refundZh.id, globexTicket.id].sort());
  });
});

describe('old and new tickets', () => {
  it('finds matches older than the recent window too, newest first, and pages through both without gaps or repeats', async () => {
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    const made: Array<{ id: number; days: number }> = [];
    for (const days of [400, 2, 45, 0, 90, 31, 29]) {
      const r = await k.admin.post('/api/v1/tickets', {
        subject: `Kiwifruit shipment ${days}`,
        body: 'The kiwifruit crate arrived broken',
        requester_id: wang.id,
        created_at: at(days),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      made.push({ id: r.body.id, days });
    }
    const newestFirst = [...made].sort((a, b) => a.days - b.days).map((m) => m.id);
    expect(await ids(k.admin, 'q=kiwifruit&limit=25')).toEqual(newestFirst);
    for (const limit of [1, 2, 3]) expect(await searchPages(`q=kiwifruit&limit=${limit}`), `limit ${limit}`).toEqual(newestFirst);
    // Only old matches: found through the search index alone.
    expect(await ids(k.admin, `q=${encodeURIComponent('Kiwifruit shipment 400')}`)).toEqual([made[0].id]);
  });
});

describe('a busy desk', () => {
  it('walks only the newest tickets before the search index, and still misses and repeats nothing', async () => {
    // A desk with many tickets a day: the walk covers the newest few only (here 3; 20,000 in production).
    const was = recentWindow.rows;
    recentWindow.rows = 3;
    try {
      const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
      const made: Array<{ id: number; hours: number }> = [];
      for (const hours of [5, 1, 30, 2, 0.5, 12, 3, 200]) {
        const r = await k.admin.post('/api/v1/tickets', {
          subject: `Persimmon order ${hours}`,
          body: 'The persimmon order is late',
          requester_id: wang.id,
          created_at: at(hours),
        });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        made.push({ id: r.body.id, hours });
      }
      // Other tickets newer than all of them: the window's three newest tickets hold no match.
      for (let i = 0; i < 3; i++)
        expect((await k.admin.post('/api/v1/tickets', { subject: `Unrelated ${i}`, body: 'x', requester_id: wang.id })).status).toBe(201);
      const newestFirst = [...made].sort((a, b) => a.hours - b.hours).map((m) => m.id);
      expect(await ids(k.admin, 'q=persimmon&limit=25')).toEqual(newestFirst);
      for (const limit of [1, 2, 3]) {
        expect(await searchPages(`q=persimmon&limit=${limit}`), `search, limit ${limit}`).toEqual(newestFirst);
        expect(await listPages(`q=persimmon&limit=${limit}`), `ticket list, limit ${limit}`).toEqual(newestFirst);
      }
    } finally {
      recentWindow.rows = was;
    }
  });
});

describe('prefixes spelled out as words', () => {
  it('finds every word a prefix starts with through the search index: in subjects, replies to old tickets and notes', async () => {
    // All of them older than the walk's window (one ticket here), so only the search index finds them.
    const was = recentWindow.rows;
    recentWindow.rows = 1;
    try {
      const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
      const make = async (subject: string, body: string, hours: number) => {
        const r = await k.admin.post('/api/v1/tickets', { subject, body, requester_id: wang.id, created_at: at(hours) });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        return r.body as { id: number; number: number };
      };
      const inSubject = await make('Quincefruit order', 'Where are my quincefruitable items? Order 55443322', 10);
      const replied = await make('Another order', 'Nothing to see', 20);
      const noted = await make('A third order', 'Nothing here either', 30);
      const many = await make('Kumquat list', Array.from({ length: 70 }, (_, i) => `kumquat${i}`).join(' '), 40);
      // A word first written in a reply to an old ticket, another in an internal note.
      expect((await k.admin.post(`/api/v1/tickets/${replied.id}/messages`, { body: 'The quincefruity taste is gone' })).status).toBe(201);
      expect(
        (await k.admin.post(`/api/v1/tickets/${noted.id}/messages`, { body: 'quincefruitish, says the note', internal: true })).status,
      ).toBe(201);
      await make('Unrelated', 'x', 0);
      const words = await k.db.query<{ word: string }>(`select word from search_words where word like 'quincefruit%' order by word`);
      expect(words.map((w) => w.word)).toEqual(['quincefruit', 'quincefruitable', 'quincefruitish', 'quincefruity']);

      const all = [inSubject.id, replied.id, noted.id];
      for (const q of ['quincefruit', 'QuinceFruits', 'quince']) {
        expect(await searchPages(`q=${q}&limit=2`), `search ${q}`).toEqual(all);
        expect(await listPages(`q=${q}&limit=2`), `ticket list ${q}`).toEqual(all);
      }
      expect(await ids(k.admin, 'q=quincefruity')).toEqual([replied.id]);
      expect(await listPages('q=quincefruitish&sort=-updated_at')).toEqual([noted.id]);
      // The customer's search never looks at notes.
      expect(await ids(wangCaller, 'q=quincefruit')).toEqual([inSubject.id, replied.id]);
      // A word no ticket holds: nothing, and the number still finds its ticket.
      expect(await ids(k.admin, 'q=quincefruitless')).toEqual([]);
      expect(await ids(k.admin, 'q=quincefruit zzunheardof')).toEqual([]);
      expect(await ids(k.admin, `q=${many.number}`)).toEqual([many.id]);
      // Numbers are not kept as words (mostly unique): they stay prefix matches.
      expect(await k.db.query(`select word from search_words where word like '5544%'`)).toEqual([]);
      expect(await ids(k.admin, 'q=5544332')).toEqual([inSubject.id]);
      // More words start with it than are spelled out: a prefix match, same answer.
      expect(await ids(k.admin, 'q=kumquat')).toEqual([many.id]);
      expect(await ids(k.admin, 'q=kumquat6 order')).toEqual([]);
      expect(await listPages('q=kumquat69')).toEqual([many.id]);
    } finally {
      recentWindow.rows = was;
    }
  });
});

describe('search for customers', () => {
  it("sees only their organization's tickets, never another organization's, and no people or organizations", async () => {
    const r = await search(wangCaller, `q=${encodeURIComponent('退款')}`);
    expect(r.tickets.data.map((t) => t.id)).toEqual([refundZh.id]);
    expect(r.people).toEqual([]);
    expect(r.organizations).toEqual([]);
    expect(await ids(wangCaller, 'q=refund')).toEqual([refundEn.id]);
    expect(await ids(wangCaller, `q=${globexTicket.number}`)).toEqual([]);
    expect(await ids(wangCaller, 'q=globex')).toEqual([]);
    expect(await ids(wangCaller, `q=refund&organization_id=${globex.id}`)).toEqual([]);
  });

  it('never matches or shows the text of an internal note', async () => {
    expect(await ids(wangCaller, 'q=confidential')).toEqual([]);
    expect(await ids(wangCaller, `q=${encodeURIComponent('难缠')}`)).toEqual([]);
    // Matched by a public word; the snippet comes from public text only.
    const hit = (await search(wangCaller, 'q=charged')).tickets.data[0];
    expect(hit.id).toBe(refundEn.id);
    expect(hit.snippet).toContain('charged');
    expect(hit.snippet_internal).toBe(false);
    const all = JSON.stringify(await search(wangCaller, 'q=billing'));
    expect(all).not.toContain('confidential');
    expect(all).not.toContain('内部备注');
  });
});

describe('bad input', () => {
  it('answers 4xx in the one error shape, never a 500', async () => {
    const cases: Array<[string, number]> = [
      [`q=${'a'.repeat(10_000)}`, 400],
      ['q=%00', 400],
      [`q=${encodeURIComponent('退款\u0000')}`, 400],
      [`q=${encodeURIComponent('?!…%_\\\'"')}`, 400],
      ['q=refund&status=bogus', 400],
      ['q=refund&plan_id=abc', 400],
      ['q=refund&created_from=yesterday', 400],
      ['q=refund&cursor=garbage', 400],
      [`q=${'9'.repeat(30)}`, 200],
    ];
    for (const [query, status] of cases) {
      const r = await k.admin.get(`/api/v1/search?${query}`);
      expect(r.status, `${query.slice(0, 40)} → ${JSON.stringify(r.body).slice(0, 200)}`).toBe(status);
      if (status >= 400) expect(r.body.error.code).toBe('invalid_request');
    }
    expect((await k.anon.get('/api/v1/search?q=refund')).status).toBe(401);
  });
});

describe('snippets (pure)', () => {
  it('cuts around the first match, in code points, and marks the cuts', () => {
    const long = `${'前面的话'.repeat(30)}我要申请退款${'后面的话'.repeat(60)}`;
    const e = excerpt(long, snippetPatterns('退款'))!;
    expect(e.text.startsWith('…')).toBe(true);
    expect(e.text.endsWith('…')).toBe(true);
    expect(e.text).toContain('申请退款');
    expect(excerpt('短文本退款', snippetPatterns('退款'))!.text).toBe('短文本退款');
    expect(excerpt('😀'.repeat(100) + 'refund', snippetPatterns('refund'))!.text).not.toMatch(/\uD83D(?!\uDE00)/);
  });
  it('matches words at their start only, and prefers the message matching the most terms', () => {
    expect(excerpt('prefunded', snippetPatterns('refund'))).toBeNull();
    expect(excerpt('Refunds are late', snippetPatterns('refunds'))!.text).toBe('Refunds are late');
    const s = bestSnippet(
      [
        { body: 'refund only', internal: false },
        { body: 'refund and 发票', internal: true },
      ],
      'refund 发票',
    );
    expect(s).toEqual({ text: 'refund and 发票', internal: true });
    expect(bestSnippet([{ body: 'nothing here', internal: false }], 'refund')).toBeNull();
  });
});

describe('Chinese written against English words or numbers', () => {
  it('finds SSL in SSL证书, HTTPS in 访问HTTPS时, 522 in 522错误, and DNS解析 written with or without a space', async () => {
    const post = async (subject: string, body: string) =>
      (await k.admin.post('/api/v1/tickets', { subject, body, requester_id: wang.id })).body as { id: number };
    const cert = await post('SSL证书过期了', '访问HTTPS时浏览器提示证书错误');
    const dnsSpaced = await post('DNS 解析不生效', '改了记录两天了');
    const dnsJoined = await post('DNS解析失败', '源站返回522错误');
    const q = (s: string) => ids(k.admin, `q=${encodeURIComponent(s)}`);
    expect(await q('SSL')).toEqual([cert.id]);
    expect(await q('ssl 证书')).toEqual([cert.id]);
    expect(await q('HTTPS')).toEqual([cert.id]);
    expect(await q('522')).toEqual([dnsJoined.id]);
    expect(await q('DNS')).toEqual([dnsJoined.id, dnsSpaced.id]);
    expect(await q('DNS解析')).toEqual([dnsJoined.id, dnsSpaced.id]);
    expect(await q('dns 解析')).toEqual([dnsJoined.id, dnsSpaced.id]);
    // The snippet shows where: the word right after Chinese is found as a word.
    const hit = (await search(k.admin, 'q=HTTPS')).tickets.data[0];
    expect(hit.snippet).toContain('访问HTTPS时');
    // The customer's own search finds them the same way.
    expect(await ids(wangCaller, 'q=SSL')).toEqual([cert.id]);
  });
});
