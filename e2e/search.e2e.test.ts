import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';
import { activeTag, createPerson, signInUi } from './helpers/story.ts';

/**
 * Story: an agent finds a ticket from the console header (docs/search.md). `/` focuses the box;
 * 退款 and "refund" show tickets with the match marked, people and organizations; arrows and Enter
 * open a hit; `#NNNN` jumps to the ticket; Enter opens the results page with filters kept in the URL
 * and "Load more". English and 简体中文.
 */
let k: RunningKefu;
let browser: Browser;
let zh: { id: number; number: number };
let en: { id: number; number: number };
let org: { id: number; name: string };
const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/search-${name}.png` });
const story = shooter('search');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };

const ticket = async (body: Record<string, unknown>) => {
  const r = await k.admin.post('/tickets', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; number: number };
};

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  await createPerson(k, { name: 'Ann Agent', email: 'ann@kefu.test', role: 'agent', password: 'Ann-long-pass-42' });
  await createPerson(k, { name: 'Li Lei', email: 'lilei@kefu.test', role: 'agent', password: 'LiLei-long-pass-42', locale: 'zh-CN' });
  // More hits than one page, for "Load more" (older than the two below).
  for (let i = 0; i < 27; i++)
    await ticket({
      subject: `Refund request ${i + 1}`,
      body: `Batch refund number ${i + 1}.`,
      requester_email: `batch${i}@other.test`,
      priority: 'P4',
    });
  org = (await k.admin.post('/organizations', { name: 'Acme Trading 贸易' })).body;
  const wang = await createPerson(k, {
    name: '王小明',
    email: 'wang.xm@acme.test',
    role: 'customer',
    organization_id: org.id,
    password: 'Wang-long-pass-42',
  });
  zh = await ticket({
    subject: '订单没有发货',
    body: '你好，上周的订单一直没有发货，我要申请退款，请尽快处理。谢谢！',
    requester_id: wang.id,
    priority: 'P2',
  });
  en = await ticket({
    subject: 'Charged twice in March',
    body: 'Hello team, I was charged twice last month and would like a refund for the second charge, please.',
    requester_id: wang.id,
  });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

it('searches 退款 and "refund" from the header, opens a hit, jumps by #number, and pages the results (English)', async () => {
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/Berlin' });
  const page = await ctx.newPage();
  await signInUi(page, k.base, 'ann@kefu.test', 'Ann-long-pass-42', EN);
  await page.goto(`${k.base}/agent/queue/mine`);
  const box = page.getByRole('combobox', { name: /Search/ });
  await box.waitFor();

  // "/" focuses the box, but not while typing elsewhere.
  await page.locator('body').click();
  await page.keyboard.press('/');
  expect(await activeTag(page)).toBe('INPUT');
  expect(await box.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);

  await page.keyboard.type('退款');
  const dropdown = page.getByTestId('search-dropdown');
  await dropdown.getByText('订单没有发货').waitFor();
  await expect.poll(() => dropdown.locator('mark').allInnerTexts()).toContain('退款');
  expect(await box.getAttribute('aria-expanded')).toBe('true');
  // Arrow down to the first hit, Enter opens it.
  await page.keyboard.press('ArrowDown');
  expect(await box.getAttribute('aria-activedescendant')).toBeTruthy();
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/agent/tickets/${zh.number}`);
  // While typing in another field, "/" is just a character.
  const reply = page.locator('textarea').first();
  await reply.click();
  await page.keyboard.type('a/b');
  expect(await reply.inputValue()).toContain('a/b');
  expect(await box.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(false);
  await reply.fill('');

  // English word, case-insensitive; people and organizations in the same box.
  await box.fill('refund');
  await dropdown.getByText('Charged twice in March').waitFor();
  await expect.poll(() => dropdown.locator('mark').first().innerText()).toMatch(/^refund$/i);
  await shot(page, 'en-dropdown');
  await page.keyboard.press('Escape');
  await expect.poll(() => dropdown.count()).toBe(0);

  await box.fill('acme');
  await dropdown
    .getByRole('group', { name: 'Organizations' })
    .getByRole('option', { name: /Acme Trading 贸易/ })
    .waitFor();
  await box.fill('wang.xm');
  const person = dropdown.getByRole('group', { name: 'People' }).getByRole('option', { name: /王小明/ });
  await person.waitFor();
  // A person opens their page, with their tickets (docs/people.md).
  await person.click();
  await page.waitForURL(/\/agent\/people\/\d+$/);
  await page.getByRole('heading', { name: '王小明', level: 1 }).waitFor();
  await expect.poll(() => page.getByTestId('person-page').getByTestId('queue-row').count()).toBe(2);

  // #number jumps straight to the ticket.
  await box.fill(`#${en.number}`);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/agent/tickets/${en.number}`);
  await page.getByText('Charged twice in March').first().waitFor();

  // Enter on words opens the results page; the state is in the URL.
  await box.fill('refund');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/agent\/search\?q=refund/);
  await page.getByRole('heading', { name: 'Results for “refund”' }).waitFor();
  const rows = page.getByTestId('search-result');
  await expect.poll(() => rows.count()).toBe(25);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect.poll(() => rows.count()).toBe(28);
  await expect.poll(() => page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  // A filter narrows the list and is shareable.
  await page.getByRole('checkbox', { name: /P2/ }).click();
  await page.waitForURL(/priority=P2/);
  await expect.poll(() => rows.count()).toBe(0);
  await page.getByText('No tickets match “refund”').waitFor();
  await page.getByRole('checkbox', { name: /P2/ }).click();
  await page.waitForURL((u) => !u.search.includes('priority'));
  await page.getByRole('checkbox', { name: /P4/ }).click();
  await page.waitForURL(/priority=P4/);
  await expect.poll(() => page.getByRole('checkbox', { name: /P4/ }).isChecked()).toBe(true);
  await expect.poll(() => rows.count()).toBe(25);
  await shot(page, 'en-results');

  // Empty state for a word nobody used.
  await page.goto(`${k.base}/agent/search?q=${encodeURIComponent('zzzyqx')}`);
  await page.getByText('No tickets match “zzzyqx”').waitFor();
  await shot(page, 'en-empty');
  await ctx.close();
});

it('搜索“退款”和 refund，打开结果，#号跳转（简体中文）', async () => {
  const ctx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  await signInUi(page, k.base, 'lilei@kefu.test', 'LiLei-long-pass-42', ZH);
  await page.goto(`${k.base}/agent/queue/mine`);
  const box = page.getByRole('combobox', { name: /搜索/ });
  await box.waitFor();
  await page.locator('body').click();
  await page.keyboard.press('/');
  await page.keyboard.type('申请退款');
  const dropdown = page.getByTestId('search-dropdown');
  await dropdown.getByText('订单没有发货').waitFor();
  await expect.poll(() => dropdown.locator('mark').allInnerTexts()).toContain('申请退款');
  await dropdown.getByText('工单', { exact: true }).waitFor();
  await shot(page, 'zh-dropdown');
  await dropdown.getByText('订单没有发货').click();
  await page.waitForURL(`**/agent/tickets/${zh.number}`);

  await box.fill('refund');
  await dropdown.getByText('Charged twice in March').waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/agent/tickets/${en.number}`);

  await box.fill(String(zh.number));
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/agent/tickets/${zh.number}`);

  await box.fill('退款');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/agent\/search\?q=/);
  await page.getByRole('heading', { name: '“退款”的搜索结果' }).waitFor();
  const rows = page.getByTestId('search-result');
  await expect.poll(() => rows.count()).toBe(1);
  await expect.poll(() => rows.first().locator('mark').allInnerTexts()).toContain('退款');
  await shot(page, 'zh-results');
  await page.goto(`${k.base}/agent/search?q=${encodeURIComponent('没有这个词')}`);
  await page.getByText('没有与“没有这个词”匹配的工单').waitFor();
  await shot(page, 'zh-empty');
  await ctx.close();
});

for (const lang of ['en', 'zh'] as const)
  it(`(${lang}) finds HTTPS and SSL in a Chinese ticket that writes them against Chinese (访问HTTPS时, SSL证书)`, async () => {
    const cert = await ticket({
      subject: `SSL证书过期了 ${lang}`,
      body: '访问HTTPS时浏览器提示证书错误',
      requester_email: `cert-${lang}@other.test`,
    });
    const ctx = await newContext(
      browser,
      lang === 'en' ? { locale: 'en-US', timezoneId: 'Europe/Berlin' } : { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' },
    );
    const page = await ctx.newPage();
    if (lang === 'en') await signInUi(page, k.base, 'ann@kefu.test', 'Ann-long-pass-42', EN);
    else await signInUi(page, k.base, 'lilei@kefu.test', 'LiLei-long-pass-42', ZH);
    await page.goto(`${k.base}/agent/search?q=HTTPS`);
    await page.getByRole('heading', { name: lang === 'en' ? 'Results for “HTTPS”' : '“HTTPS”的搜索结果' }).waitFor();
    const rows = page.getByTestId('search-result').filter({ hasText: `SSL证书过期了 ${lang}` });
    await rows.waitFor();
    await expect.poll(() => rows.locator('mark').allInnerTexts()).toContain('HTTPS');
    await story(page, `${lang}-https-in-chinese`);
    await page.goto(`${k.base}/agent/search?q=SSL`);
    await page
      .getByTestId('search-result')
      .filter({ hasText: `SSL证书过期了 ${lang}` })
      .waitFor();
    expect(cert.number).toBeGreaterThan(0);
    await ctx.close();
  });
