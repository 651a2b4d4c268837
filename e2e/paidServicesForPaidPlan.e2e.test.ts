import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, signInUi } from './helpers/story.ts';

/**
 * Story (business-hours policy): a paid-product customer gets help from a person for free; the
 * paid services on Contact support are for work outside that. So their page must not tell them
 * that each request uses a paid incident, nor count the incidents they have (none, and they need
 * none). A free-product user, whose requests do use one, still reads both.
 */
let k: RunningKefu;
let browser: Browser;
const shot = shooter('paid-services');
const L = {
  en: {
    signIn: { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ },
    usesOne: /Each request you open then uses one/,
    included: /Your plan already includes help from our engineers/,
    balance: /\d+ paid incidents left/,
    next: /Next/,
    summary: 'Summary',
    stepOf: (n: number, total: number) => `Step ${n} of ${total}`,
    categories: ['Installation and deployment', 'Application configuration', 'Operations', 'Something stopped working', 'Before you buy'],
    tiered: ['DNS', 'SSL/TLS certificate', 'Site down or unreachable'],
    withIncident: /With a paid incident: each request uses one/,
    notInPlan: /Not in your plan/,
    noHelp: /Your plan does not include help from a person/,
    github: 'Report on GitHub',
  },
  zh: {
    signIn: { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ },
    usesOne: /之后您提交的每个请求使用一次付费工单/,
    included: /您的计划已包含工程师的人工服务/,
    balance: /剩余 \d+ 次付费工单/,
    next: /下一步/,
    summary: '概要',
    stepOf: (n: number, total: number) => `第 ${n} 步，共 ${total} 步`,
    categories: ['安装部署', '应用配置', '运维管理', '故障处理', '售前咨询'],
    tiered: ['DNS', 'SSL/TLS 证书', '网站宕机或无法访问'],
    withIncident: /需使用付费工单：每个请求使用一次/,
    notInPlan: /不在您的计划内/,
    noHelp: /您的计划不包含人工支持/,
    github: '在 GitHub 上报告',
  },
};

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  expect((await k.admin.post('/presets/business-hours/apply', {})).status).toBeLessThan(300);
  const plans: Array<{ id: number; key: string }> = (await k.admin.get('/plans')).body.data;
  // Someone who signed up with an address no organization owns: no plan, so requests are free for them too.
  for (const lang of ['en', 'zh'] as const)
    await createPerson(k, {
      name: `no-org ${lang}`,
      email: `no-org-${lang}@services.test`,
      role: 'customer',
      password: 'Long-pass-1234',
      locale: lang === 'en' ? 'en' : 'zh-CN',
    });
  for (const key of ['paid', 'free-product']) {
    const org = (await k.admin.post('/organizations', { name: key, plan_id: plans.find((p) => p.key === key)!.id })).body;
    for (const lang of ['en', 'zh'] as const)
      await createPerson(k, {
        name: `${key} ${lang}`,
        email: `${key}-${lang}@services.test`,
        role: 'customer',
        organization_id: org.id,
        password: 'Long-pass-1234',
        locale: lang === 'en' ? 'en' : 'zh-CN',
      });
  }
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

async function catalogue(lang: 'en' | 'zh', who: string) {
  const ctx = await newContext(browser, { locale: lang === 'en' ? 'en-US' : 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  await signInUi(page, k.base, `${who}-${lang}@services.test`, 'Long-pass-1234', L[lang].signIn);
  await page.goto(`${k.base}/requests/contact`);
  const cat = page.getByTestId('service-catalogue');
  await cat.getByTestId('service-incident').waitFor();
  await shot(page, `${lang}-${who}`);
  const text = await cat.innerText();
  // The tickets card: what opening a request there takes on this reader's plan.
  const web = await page.getByTestId('channel-web').innerText();
  // My requests, empty: what to do next on this plan.
  await page.goto(`${k.base}/requests`);
  await page.locator('.empty .btn').first().waitFor(); // the next step: "New request", or where help is
  await shot(page, `${lang}-${who}-my-requests`);
  const empty = await page.locator('main').innerText();
  const github = await page.getByRole('link', { name: L[lang].github }).count();
  await ctx.close();
  return { text, web, empty, github };
}

for (const lang of ['en', 'zh'] as const) {
  it(`${lang}: a paid-product customer is told their requests are free, not counted against a balance`, async () => {
    const { text, web, empty } = await catalogue(lang, 'paid');
    expect(web).not.toMatch(L[lang].withIncident);
    expect(empty).not.toMatch(L[lang].noHelp);
    expect(text).toMatch(L[lang].included);
    expect(text).not.toMatch(L[lang].usesOne);
    expect(text).not.toMatch(L[lang].balance);
  });
  it(`${lang}: a customer without an organization is not told each request uses a paid incident either`, async () => {
    // Before, only an organization's paid-product members read that their requests are free: someone
    // without one, whose requests use nothing, read "Each request you open then uses one".
    const { text, web } = await catalogue(lang, 'no-org');
    expect(web).not.toMatch(L[lang].withIncident);
    expect(text).toMatch(L[lang].included);
    expect(text).not.toMatch(L[lang].usesOne);
    expect(text).not.toMatch(L[lang].balance);
  });
  it(`${lang}: a free-product user still reads that each request uses a paid incident, and their balance`, async () => {
    const { text, web, empty, github } = await catalogue(lang, 'free-product');
    // With no paid incident left, every request would be refused: My requests says where help is instead.
    expect(empty).toMatch(L[lang].noHelp);
    expect(github).toBe(1);
    // Before, the tickets card said "Not in your plan" right above the paid incidents that open one.
    expect(web).toMatch(L[lang].withIncident);
    expect(web).not.toMatch(L[lang].notInPlan);
    expect(text).toMatch(L[lang].usesOne);
    expect(text).toMatch(L[lang].balance);
    expect(text).not.toMatch(L[lang].included);
  });
  it(`${lang}: a paid-product customer's new request asks no domain and offers this desk's categories`, async () => {
    const l = L[lang];
    const ctx = await newContext(browser, { locale: lang === 'en' ? 'en-US' : 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await ctx.newPage();
    await signInUi(page, k.base, `paid-${lang}@services.test`, 'Long-pass-1234', l.signIn);
    await page.goto(`${k.base}/requests/new`);
    await page.getByRole('button', { name: l.next }).click();
    // The account owns no domain: from the account to the summary, six steps in all.
    await page.getByLabel(l.summary).fill(lang === 'en' ? 'WordPress shows a blank page after the upgrade' : '升级后 WordPress 显示空白页');
    await page.getByText(l.stepOf(2, 6)).waitFor();
    await page.getByRole('button', { name: l.next }).click();
    await page.getByText(l.stepOf(3, 6)).waitFor();
    for (const name of l.categories) await page.getByRole('radio', { name: new RegExp(name) }).waitFor();
    for (const name of l.tiered) expect(await page.getByRole('radio', { name: new RegExp(`^${name}`) }).count()).toBe(0);
    await shot(page, `${lang}-new-request-categories`);
    await ctx.close();
  });
}
