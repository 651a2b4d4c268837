import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, prepareDesk, signInUi, type Desk } from './helpers/story.ts';

/**
 * Story: a customer starts a request about a refund. While they type the summary, the help
 * center's refund article appears; "This solved it" ends the form without a ticket and counts a
 * deflection. Anyone reads and searches /help, without JavaScript too. The admin edits articles;
 * an agent inserts an article link in a reply, in the requester's language (docs/help-center.md).
 */
let k: RunningKefu;
let browser: Browser;
let desk: Desk;
let article: { id: number; slug: string };
const errors: string[] = [];
const shot = shooter('help-center');

type Lang = 'en' | 'zh';
const L = {
  en: {
    ctx: { locale: 'en-US', timezoneId: 'Europe/Berlin' } as const,
    signIn: { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ },
    next: /Next/,
    general: /Not about one domain or product/,
    summary: 'Summary',
    typed: 'refund',
    title: 'How refunds work',
    suggestTitle: 'These articles may answer your question',
    solved: 'This solved it',
    glad: 'Glad it helped',
    helpTitle: 'Help center',
    search: 'Search',
    who: 'cora',
    lang: 'en',
  },
  zh: {
    ctx: { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } as const,
    signIn: { email: /邮箱/, password: /^密码$/, submit: /^登录$/ },
    next: /下一步/,
    general: /与具体域名或产品无关/,
    summary: '概要',
    typed: '退款',
    title: '如何申请退款',
    suggestTitle: '以下文章也许能解答您的问题',
    solved: '问题已解决',
    glad: '很高兴能帮到您',
    helpTitle: '帮助中心',
    search: '搜索',
    who: 'han',
    lang: 'zh-CN',
  },
} as const;

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  desk = await prepareDesk(k, { orgName: 'Initech', domain: 'initech.test' });
  for (const lang of ['en', 'zh'] as const)
    await createPerson(k, {
      name: lang === 'en' ? 'Cora Customer' : '韩梅梅',
      email: `${L[lang].who}@initech.test`,
      role: 'customer',
      organization_id: desk.org.id,
      password: 'Long-pass-1234',
      locale: L[lang].lang,
    });
  const cat = await k.admin.post('/kb/categories', { slug: 'billing', name_en: 'Billing', name_zh: '账单' });
  expect(cat.status, JSON.stringify(cat.body)).toBe(201);
  const r = await k.admin.post('/kb/articles', {
    category_id: cat.body.id,
    title_en: 'How refunds work',
    title_zh: '如何申请退款',
    body_md_en:
      'To get a **refund**, open *Billing › Invoices* and choose **Request refund**. Refunds reach your card within 5 working days.',
    body_md_zh: '如需**退款**，请打开“账单 › 发票”，选择**申请退款**。退款将在 5 个工作日内退回您的银行卡。',
    status: 'published',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  article = r.body;
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
  expect(errors).toEqual([]);
});

async function open(lang: Lang, who?: { email: string; password: string }): Promise<Page> {
  const ctx = await newContext(browser, L[lang].ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  if (who) await signInUi(page, k.base, who.email, who.password, L[lang].signIn);
  return page;
}

describe.each(['en', 'zh'] as Lang[])('help center (%s)', (lang) => {
  const l = L[lang];

  it(`typing "${l.typed}" in the guided form's summary suggests the article; "This solved it" ends the flow`, async () => {
    const before = (await k.admin.get(`/kb/articles/${article.id}`)).body;
    const tickets = (await k.admin.get(`/tickets?organization_id=${desk.org.id}&limit=100`)).body.data.length;
    const page = await open(lang, { email: `${l.who}@initech.test`, password: 'Long-pass-1234' });
    await page.goto(`${k.base}/requests/new`);
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('radio', { name: l.general }).check();
    await page.getByRole('button', { name: l.next }).click();
    await page.getByLabel(l.summary).pressSequentially(l.typed, { delay: 40 });
    const suggestions = page.getByRole('region', { name: l.suggestTitle });
    await suggestions.getByRole('link', { name: new RegExp(l.title) }).waitFor();
    // As text on the page: the title and a snippet around the typed word.
    const text = await suggestions.innerText();
    expect(text).toContain(l.title);
    expect(text).toContain(l.typed === 'refund' ? 'refund' : '退款');
    expect(await suggestions.getByRole('link', { name: new RegExp(l.title) }).getAttribute('href')).toBe(
      `/help/articles/${article.id}-${article.slug}?lang=${l.lang}`,
    );
    await shot(page, `suggestions-${lang}`);
    await suggestions.getByRole('button', { name: l.solved }).first().click();
    await page.getByRole('heading', { name: l.glad }).waitFor();
    await shot(page, `solved-${lang}`);
    const after = (await k.admin.get(`/kb/articles/${article.id}`)).body;
    expect(after.deflections - before.deflections).toBe(1);
    expect(after.helpful - before.helpful).toBe(1);
    expect((await k.admin.get(`/tickets?organization_id=${desk.org.id}&limit=100`)).body.data.length).toBe(tickets);
    await page.context().close();
  });

  it(`a guest typing "${l.typed}" in the subject at /contact/new is offered the article too`, async () => {
    const page = await open(lang);
    await page.goto(`${k.base}/contact/new`);
    await page.getByLabel(lang === 'en' ? 'Subject' : '主题', { exact: true }).pressSequentially(l.typed, { delay: 40 });
    const suggestions = page.getByRole('region', { name: l.suggestTitle });
    await suggestions.getByRole('link', { name: new RegExp(l.title) }).waitFor();
    await shot(page, `guest-suggestions-${lang}`);
    await suggestions.getByRole('button', { name: l.solved }).first().click();
    await page.getByRole('heading', { name: l.glad }).waitFor();
    await page.context().close();
  });

  it('/help renders and searches, in the reader language', async () => {
    const page = await open(lang);
    await page.goto(`${k.base}/help`);
    await page.getByRole('heading', { name: l.helpTitle, level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe(l.lang);
    await page.getByRole('link', { name: l.title }).waitFor();
    // The preset's own articles are there too.
    await page.getByRole('link', { name: lang === 'en' ? 'Service hours' : '服务时间' }).waitFor();
    await shot(page, `home-${lang}`);
    await page.getByRole('searchbox').fill(l.typed);
    await page.getByRole('button', { name: l.search, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === l.typed);
    await page.getByRole('link', { name: l.title }).click();
    await page.getByRole('heading', { name: l.title, level: 1 }).waitFor();
    expect(await page.title()).toContain(l.title);
    await shot(page, `article-${lang}`);
    await page.context().close();
  });
});

it('article pages are readable without JavaScript', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(`${k.base}/help/articles/${article.id}-${article.slug}`);
  expect(await page.locator('h1').innerText()).toBe('如何申请退款');
  expect(await page.locator('article').innerText()).toContain('退款将在 5 个工作日内');
  await page.goto(`${k.base}/help?q=${encodeURIComponent('退款')}`);
  expect(await page.locator('main').innerText()).toContain('如何申请退款');
  await ctx.close();
});

it('"Still need help? Contact support" leads a visitor to the contact page, in the language read', async () => {
  // An English browser reading the Chinese help center: before, the link went to "/" (sign in).
  const page = await open('en');
  await page.goto(`${k.base}/help?lang=zh-CN`);
  await page.locator('footer').getByRole('link', { name: '联系支持' }).click();
  await page.waitForURL((u) => u.pathname === '/contact');
  await page.getByRole('heading', { name: '联系支持', level: 1 }).waitFor();
  // The desk's own words follow too (they were fetched in English before the page took the link's language).
  await page.getByTestId('channel-community').getByRole('heading', { name: '社区' }).waitFor();
  expect(await page.getByTestId('will-not-do').innerText()).toContain('代表客户进行配置或账户修改');
  await shot(page, 'contact-from-help-zh');
  await page.context().close();
});

it('Admin › Help center lists articles with their counts and edits both languages with a preview', async () => {
  for (const lang of ['en', 'zh'] as Lang[]) {
    const page = await open(lang, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    await page.goto(`${k.base}/admin/help`);
    // The list names an article by its English title when it has one.
    await page.getByRole('button', { name: 'How refunds work' }).click();
    await page.locator('iframe.kb-preview').waitFor();
    const frame = page.frameLocator('iframe.kb-preview');
    await frame.locator('strong', { hasText: /^refund$/ }).waitFor();
    await shot(page, `admin-${lang}`);
    await page.context().close();
  }
});

it('an agent inserts an article link in the requester language from the composer', async () => {
  const han = await k.as('han@initech.test', 'Long-pass-1234');
  const t = (await han.post('/tickets', { subject: '退款问题', body: '我想申请退款。' })).body;
  const page = await open('en', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  await page.goto(`${k.base}/agent/tickets/${t.number}`);
  await page.getByRole('button', { name: 'Insert article' }).click();
  await page.getByRole('searchbox', { name: 'Search help articles' }).fill('refund');
  await page.getByRole('button', { name: /如何申请退款/ }).waitFor();
  await shot(page, 'composer-picker-en');
  await page.getByRole('button', { name: /如何申请退款/ }).click();
  const box = page.getByRole('textbox', { name: /Reply to/ });
  expect(await box.inputValue()).toBe(`[如何申请退款](${k.base}/help/articles/${article.id}-${article.slug}?lang=zh-CN)`);
  await shot(page, 'composer-en');
  await page.context().close();
});
