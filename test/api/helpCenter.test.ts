import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articlePath, parseArticleRef, slugify, versionFor } from '../../server/domain/kb/articles.ts';
import { presetHelpArticles } from '../../server/modules/presets/helpArticles.ts';
import { PRESETS } from '../../server/modules/presets/applyPreset.ts';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
let agent: Caller;
let customer: Caller;
let refund: { id: number; slug: string };
let draft: { id: number };

const REFUND = {
  title_en: 'How refunds work',
  title_zh: '如何申请退款',
  body_md_en: 'To get a **refund**, open the billing page and choose *Request refund*. Refunds take 5 days.',
  body_md_zh: '如需**退款**，请打开账单页面并选择“申请退款”。退款需要 5 天。',
};

const page = async (url: string, headers: Record<string, string> = {}) => {
  const r = await k.kefu.app.inject({ method: 'GET', url, headers });
  return { status: r.statusCode, text: r.body, headers: r.headers };
};

beforeAll(async () => {
  k = await testKefu();
  const acme = (await k.admin.post('/api/v1/organizations', { name: 'Acme' })).body.id;
  await k.admin.post('/api/v1/people', { name: 'Alice Agent', email: 'alice@kefu.test', role: 'agent', password: 'Pass-word-123' });
  await k.admin.post('/api/v1/people', {
    name: 'Cara',
    email: 'cara@acme.test',
    role: 'customer',
    password: 'Pass-word-123',
    organization_id: acme,
  });
  agent = await k.signIn('alice@kefu.test', 'Pass-word-123');
  customer = await k.signIn('cara@acme.test', 'Pass-word-123');
  const cat = await k.admin.post('/api/v1/kb/categories', { slug: 'billing', name_en: 'Billing', name_zh: '账单' });
  expect(cat.status, JSON.stringify(cat.body)).toBe(201);
  const r = await k.admin.post('/api/v1/kb/articles', { ...REFUND, category_id: cat.body.id, status: 'published' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  refund = r.body;
  const d = await agent.post('/api/v1/kb/articles', { title_en: 'Secret refund plan', body_md_en: 'Unreleased refund policy 退款草稿' });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  draft = d.body;
});
afterAll(async () => {
  await k?.stop();
});

describe('pure rules', () => {
  it('slugs, references, versions', () => {
    expect(slugify('How refunds work!')).toBe('how-refunds-work');
    expect(slugify('如何申请退款')).toBe('article');
    expect(parseArticleRef('12-refunds')).toEqual({ id: 12, slug: 'refunds' });
    expect(parseArticleRef('12')).toEqual({ id: 12, slug: null });
    expect(parseArticleRef('x12')).toBeNull();
    expect(articlePath({ id: 3, slug: 'a' }, 'zh-CN')).toBe('/help/articles/3-a?lang=zh-CN');
    expect(versionFor({ title_en: 'A', title_zh: '', body_md_en: '', body_md_zh: '' }, 'zh-CN')).toBe('en');
  });
  it('preset articles come from the preset data in both languages', () => {
    for (const p of Object.values(PRESETS)) {
      const list = presetHelpArticles(p);
      expect(list.map((a) => a.slug)).toEqual(['how-to-file-a-good-ticket', 'service-hours', 'what-support-does-not-do']);
      for (const a of list) for (const l of ['en', 'zh-CN'] as const) expect(a.body[l].length).toBeGreaterThan(50);
    }
    const hours = presetHelpArticles(PRESETS['business-hours']).find((a) => a.slug === 'service-hours')!;
    expect(hours.body.en).toContain('Mon–Sat 08:00–17:30');
    expect(hours.body['zh-CN']).toContain('周一–周六 08:00–17:30');
    expect(hours.body.en).toContain('answered when support is open again');
    // A desk open around the clock does not speak of "outside these hours".
    const tiered = presetHelpArticles(PRESETS['tiered-support']).find((a) => a.slug === 'service-hours')!;
    expect(tiered.body.en).not.toContain('outside these hours');
    expect(tiered.body['zh-CN']).not.toContain('非服务时间');
  });
});

describe('staff editing and who may', () => {
  it('an agent writes drafts but may not publish, change a published article or delete it', async () => {
    expect((await agent.patch(`/api/v1/kb/articles/${draft.id}`, { body_md_zh: '草稿内容' })).status).toBe(200);
    const pub = await agent.patch(`/api/v1/kb/articles/${draft.id}`, { status: 'published' });
    expect(pub.status).toBe(403);
    expect((await agent.post('/api/v1/kb/articles', { title_en: 'X', status: 'published' })).status).toBe(403);
    expect((await agent.patch(`/api/v1/kb/articles/${refund.id}`, { title_en: 'Hacked' })).status).toBe(403);
    expect((await agent.del(`/api/v1/kb/articles/${refund.id}`)).status).toBe(403);
    expect((await agent.post('/api/v1/kb/categories', { slug: 'x', name_en: 'X', name_zh: 'X' })).status).toBe(403);
    const mine = await agent.post('/api/v1/kb/articles', { title_zh: '临时' });
    expect(mine.status).toBe(201);
    expect(mine.body.slug).toBe('article');
    expect((await agent.del(`/api/v1/kb/articles/${mine.body.id}`)).status).toBe(204);
  });
  it('customers and guests cannot read or write articles through the staff API', async () => {
    expect((await customer.get('/api/v1/kb/articles')).status).toBe(403);
    expect((await customer.get(`/api/v1/kb/articles/${draft.id}`)).status).toBe(403);
    expect((await customer.post('/api/v1/kb/articles', { title_en: 'X' })).status).toBe(403);
    expect((await k.anon.get('/api/v1/kb/articles')).status).toBe(401);
  });
  it('staff list drafts and published with counters; get renders sanitized HTML', async () => {
    const list = await agent.get('/api/v1/kb/articles?limit=1');
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.next_cursor).toBeTruthy();
    const next = await agent.get(`/api/v1/kb/articles?limit=1&cursor=${list.body.next_cursor}`);
    expect(next.body.data[0].id).not.toBe(list.body.data[0].id);
    const drafts = await agent.get('/api/v1/kb/articles?status=draft');
    expect(drafts.body.data.map((a: { id: number }) => a.id)).toContain(draft.id);
    const one = await agent.get(`/api/v1/kb/articles/${refund.id}`);
    expect(one.body.body_html_en).toContain('<strong>refund</strong>');
    expect(one.body).toMatchObject({ views: expect.any(Number), helpful: 0, deflections: 0 });
    expect((await agent.get('/api/v1/kb/articles?q=退款')).body.data.length).toBeGreaterThanOrEqual(2);
  });
  it('publishing and unpublishing by an admin', async () => {
    const a = await k.admin.post('/api/v1/kb/articles', { title_en: 'Toggle me', body_md_en: 'toggle' });
    expect(a.body.status).toBe('draft');
    expect(a.body.published_at).toBeNull();
    const p = await k.admin.patch(`/api/v1/kb/articles/${a.body.id}`, { status: 'published' });
    expect(p.body.status).toBe('published');
    expect(p.body.published_at).toBeTruthy();
    expect((await page(`/help/articles/${a.body.id}-toggle-me`)).status).toBe(200);
    await k.admin.patch(`/api/v1/kb/articles/${a.body.id}`, { status: 'draft' });
    expect((await page(`/help/articles/${a.body.id}-toggle-me`)).status).toBe(404);
    expect((await k.admin.del(`/api/v1/kb/articles/${a.body.id}`)).status).toBe(204);
  });
  it('bad input is a 4xx, never a 500', async () => {
    expect((await k.admin.post('/api/v1/kb/articles', {})).status).toBe(422);
    expect((await k.admin.post('/api/v1/kb/articles', { title_en: 'x', slug: 'Bad Slug' })).status).toBe(400);
    expect((await k.admin.post('/api/v1/kb/articles', { title_en: 'x', category_id: 999999 })).status).toBe(404);
    expect((await k.admin.post('/api/v1/kb/articles', { title_en: 'x', extra: 1 })).status).toBe(400);
    expect((await k.admin.post('/api/v1/kb/articles', { title_en: 'x', body_md_en: 'a'.repeat(100_001) })).status).toBe(400);
    expect((await k.admin.patch('/api/v1/kb/articles/999999', { title_en: 'x' })).status).toBe(404);
    expect((await k.admin.get('/api/v1/kb/articles?cursor=nonsense')).status).toBe(400);
    expect((await k.admin.post('/api/v1/kb/categories', { slug: 'articles', name_en: 'A', name_zh: 'A' })).status).toBe(400);
    expect((await k.admin.post('/api/v1/kb/categories', { slug: 'billing', name_en: 'A', name_zh: 'A' })).status).toBe(409);
    expect((await k.anon.get('/api/v1/kb/search?q=')).status).toBe(400);
    expect((await k.anon.get('/api/v1/kb/search?q=%3F%3F')).status).toBe(400);
    expect((await k.anon.get(`/api/v1/kb/search?q=${'a'.repeat(201)}`)).status).toBe(400);
    expect((await k.anon.post(`/api/v1/kb/articles/${refund.id}/feedback`, { helpful: 'yes' })).status).toBe(400);
    expect((await k.anon.post('/api/v1/kb/articles/abc/feedback', { helpful: true })).status).toBe(400);
  });
});

describe('public search', () => {
  it('finds the published article in Chinese and English, never a draft', async () => {
    const zh = await k.anon.get('/api/v1/kb/search?q=退款&lang=zh-CN');
    expect(zh.status).toBe(200);
    expect(zh.body.data.map((h: { id: number }) => h.id)).toEqual([refund.id]);
    expect(zh.body.data[0]).toMatchObject({ title: '如何申请退款', url: `/help/articles/${refund.id}-${refund.slug}?lang=zh-CN` });
    expect(zh.body.data[0].snippet).toContain('退款');
    const en = await k.anon.get('/api/v1/kb/search?q=refund&lang=en');
    expect(en.body.data.map((h: { id: number; title: string }) => [h.id, h.title])).toEqual([[refund.id, 'How refunds work']]);
    expect(en.body.data[0].snippet).toMatch(/refund/i);
    expect(en.body.data[0].snippet).not.toContain('**');
    // Accept-Language decides without ?lang; a Chinese reader searching in English gets the Chinese version.
    const r = await k.kefu.app.inject({
      method: 'GET',
      url: '/api/v1/kb/search?q=REFUNDS',
      headers: { 'accept-language': 'zh-CN,zh;q=0.9' },
    });
    expect(JSON.parse(r.body).data[0].title).toBe('如何申请退款');
    expect((await k.anon.get('/api/v1/kb/search?q=Unreleased')).body.data).toEqual([]);
    expect((await k.anon.get('/api/v1/kb/search?q=退款草稿')).body.data).toEqual([]);
  });
  it('falls back to the other language when one version is empty', async () => {
    const en = await k.admin.post('/api/v1/kb/articles', {
      title_en: 'Invoices explained',
      body_md_en: 'Every invoice lists…',
      status: 'published',
    });
    const r = await k.anon.get('/api/v1/kb/search?q=invoice&lang=zh-CN');
    expect(r.body.data[0]).toMatchObject({ id: en.body.id, title: 'Invoices explained', lang: 'en' });
    await k.admin.del(`/api/v1/kb/articles/${en.body.id}`);
  });
});

describe('server-rendered pages', () => {
  it('/help lists published articles by category, without JavaScript, in the reader language', async () => {
    const r = await page('/help?lang=zh-CN');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.text).toContain('<html lang="zh-CN">');
    expect(r.text).toContain('<title>帮助中心</title>');
    expect(r.text).toContain('账单');
    expect(r.text).toContain('如何申请退款');
    expect(r.text).not.toContain('Secret refund plan');
    expect(r.text).not.toMatch(/<script/i);
    expect(r.text).toContain('hreflang="en"');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    // "Contact support" leads to the public contact page in the language read, not to the sign-in page.
    expect(r.text).toContain('<a href="/contact?lang=zh-CN">联系支持</a>');
    expect(r.text).not.toContain('<a href="/">');
    const en = await page('/help', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('How refunds work');
  });
  it('/help?q= searches, in both languages', async () => {
    const zh = await page(`/help?lang=zh-CN&q=${encodeURIComponent('退款')}`);
    expect(zh.text).toContain(`/help/articles/${refund.id}-${refund.slug}?lang=zh-CN`);
    expect(zh.text).toContain('“退款”的搜索结果');
    const en = await page('/help?lang=en&q=refund');
    expect(en.text).toContain('How refunds work');
    const none = await page('/help?lang=en&q=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(none.status).toBe(200);
    expect(none.text).not.toContain('<script>alert(1)');
    expect(none.text).toContain('&lt;script&gt;');
  });
  it('an article page has the text, a title, a description and alternates; a draft is a 404', async () => {
    const r = await page(`/help/articles/${refund.id}-${refund.slug}?lang=en`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('<title>How refunds work · Help center</title>');
    expect(r.text).toContain('<strong>refund</strong>');
    expect(r.text).toMatch(/<meta name="description" content="To get a refund/);
    expect(r.text).toContain(`hreflang="zh-CN" href="/help/articles/${refund.id}-${refund.slug}?lang=zh-CN"`);
    expect(r.text).toContain('href="/help/billing?lang=en"');
    const zh = await page(`/help/articles/${refund.id}-${refund.slug}?lang=zh-CN`);
    expect(zh.text).toContain('<h1>如何申请退款</h1>');
    // Old or missing slug → the one address.
    const moved = await page(`/help/articles/${refund.id}?lang=zh-CN`);
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe(`/help/articles/${refund.id}-${refund.slug}?lang=zh-CN`);
    const hidden = await page(`/help/articles/${draft.id}-secret-refund-plan`);
    expect(hidden.status).toBe(404);
    expect(hidden.text).not.toContain('Secret');
    expect((await page(`/help/articles/${draft.id}`)).status).toBe(404);
    expect((await page('/help/articles/nonsense')).status).toBe(404);
    expect((await page('/help/no-such-category')).status).toBe(404);
    const cat = await page('/help/billing?lang=en');
    expect(cat.status).toBe(200);
    expect(cat.text).toContain('How refunds work');
    expect((await page('/help/help.css')).headers['content-type']).toMatch(/text\/css/);
  });
  it('escapes HTML and scripts written in Markdown', async () => {
    const evil = await k.admin.post('/api/v1/kb/articles', {
      title_en: '<script>alert("t")</script> Title',
      body_md_en: [
        '<script>alert(1)</script>',
        '<img src=x onerror="alert(2)">',
        '[click](javascript:alert(3))',
        '<a href="javascript:alert(4)">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<p style="color:red" onclick="alert(5)">styled</p>',
        '"><svg onload=alert(6)>',
      ].join('\n\n'),
      status: 'published',
    });
    expect(evil.status).toBe(201);
    const r = await page(`/help/articles/${evil.body.id}-${evil.body.slug}?lang=en`);
    expect(r.status).toBe(200);
    expect(r.text).not.toMatch(/<script/i);
    // No tag carries a handler, a script URL or a style; no frame or SVG survives.
    expect(r.text).not.toMatch(/<[^>]*\s(onerror|onclick|onload|style)\s*=/i);
    expect(r.text).not.toMatch(/href="\s*javascript:/i);
    expect(r.text).not.toMatch(/<(iframe|svg)\b/i);
    expect(r.text).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; Title');
    const hit = await k.anon.get('/api/v1/kb/search?q=Title&lang=en');
    expect(hit.body.data[0].title).toBe('<script>alert("t")</script> Title');
    const list = await page('/help?lang=en');
    expect(list.text).not.toMatch(/<script/i);
    await k.admin.del(`/api/v1/kb/articles/${evil.body.id}`);
  });
});

describe('feedback', () => {
  it('counts helpful, unhelpful and deflections, from guests too; drafts and unknown ids are 404', async () => {
    const before = (await k.admin.get(`/api/v1/kb/articles/${refund.id}`)).body;
    expect((await k.anon.post(`/api/v1/kb/articles/${refund.id}/feedback`, { helpful: true, deflected: true })).status).toBe(202);
    expect((await customer.post(`/api/v1/kb/articles/${refund.id}/feedback`, { helpful: true, deflected: false })).status).toBe(202);
    expect((await k.anon.post(`/api/v1/kb/articles/${refund.id}/feedback`, { helpful: false, deflected: true })).status).toBe(202);
    const after = (await k.admin.get(`/api/v1/kb/articles/${refund.id}`)).body;
    expect(after.helpful - before.helpful).toBe(2);
    expect(after.unhelpful - before.unhelpful).toBe(1);
    // "Not helpful" never counts as a deflection.
    expect(after.deflections - before.deflections).toBe(1);
    expect(after.views).toBeGreaterThan(0);
    expect((await k.anon.post(`/api/v1/kb/articles/${draft.id}/feedback`, { helpful: true })).status).toBe(404);
    expect((await k.anon.post('/api/v1/kb/articles/999999/feedback', { helpful: true })).status).toBe(404);
  });
  it('is rate-limited per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await k.anon.post(`/api/v1/kb/articles/${refund.id}/feedback`, { helpful: true })).status);
    expect(statuses).toContain(429);
    const row = (await k.admin.get(`/api/v1/kb/articles/${refund.id}`)).body;
    expect(row.helpful).toBeLessThanOrEqual(22);
  });
});

describe('presets', () => {
  it('ship their own published articles; applying again keeps an edited one', async () => {
    expect((await k.admin.post('/api/v1/presets/business-hours/apply', {})).status).toBe(200);
    const hours = await k.anon.get('/api/v1/kb/search?q=service%20hours&lang=en');
    const hit = hours.body.data.find((h: { title: string }) => h.title === 'Service hours');
    expect(hit).toBeTruthy();
    const zh = await k.anon.get(`/api/v1/kb/search?q=${encodeURIComponent('服务时间')}&lang=zh-CN`);
    expect(zh.body.data.map((h: { title: string }) => h.title)).toContain('服务时间');
    expect((await k.admin.patch(`/api/v1/kb/articles/${hit.id}`, { body_md_en: 'Our own hours text.' })).status).toBe(200);
    expect((await k.admin.post('/api/v1/presets/tiered-support/apply', {})).status).toBe(200);
    expect((await k.admin.get(`/api/v1/kb/articles/${hit.id}`)).body.body_md_en).toBe('Our own hours text.');
    const hits = (await k.anon.get('/api/v1/kb/search?q=support%20does%20not&lang=en')).body.data;
    const notDo = hits.find((h: { title: string }) => h.title === 'What support does not do');
    const full = (await k.admin.get(`/api/v1/kb/articles/${notDo.id}`)).body;
    // Rewritten from the tiered preset's data (nobody edited it).
    expect(full.body_md_en).toContain("Make configuration or account changes on the customer's behalf");
    expect(
      (await k.admin.get('/api/v1/kb/articles?status=published')).body.data.filter(
        (a: { title_en: string }) => a.title_en === 'Service hours',
      ),
    ).toHaveLength(1);
  });
});

describe('preview', () => {
  it('renders and sanitizes Markdown for staff only', async () => {
    const r = await agent.post('/api/v1/kb/preview', { markdown: '# Hi\n\n<script>x</script>**b**' });
    expect(r.status).toBe(200);
    expect(r.body.html).toContain('<h1>Hi</h1>');
    expect(r.body.html).not.toContain('<script');
    expect((await customer.post('/api/v1/kb/preview', { markdown: 'x' })).status).toBe(403);
  });
});
