import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, signInUi } from './helpers/story.ts';

/**
 * Stories (seeds 000 and 001), in English and 简体中文:
 * - A Free customer is offered exactly billing, account, 2FA and abuse, told what is not included
 *   with the community link, writes a billing description that stays out of the message, and the
 *   agent sees it hidden until verification.
 * - A Pro customer picks the domain from their organization's domains (no free text) and pastes dig
 *   output into the DNS category's custom fields (tiered-support preset), which the conversation
 *   shows in a monospace block without ``` fences.
 * - A free-product customer is told before submitting that the request uses one of their 2 paid
 *   incidents; the agent sees why it was charged; the contact page lists the services with prices
 *   and how to buy; without incidents the form refuses at the category step and links there.
 */
let k: RunningKefu;
let browser: Browser;
const ids: Record<string, number> = {};
const errors: string[] = [];

type Lang = 'en' | 'zh';
const L = {
  en: {
    ctx: { locale: 'en-US', timezoneId: 'Europe/Berlin' } as const,
    signIn: { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ },
    next: /Next/,
    general: /Not about one domain or product/,
    summary: 'Summary',
    billing: /^Billing/,
    twofa: /Two-factor authentication/,
    dns: /^DNS/,
    other: /Something else/,
    notIncluded: /Not included in your Free plan: .*DNS/,
    faster: /For a faster answer, search the community/,
    onlyFor: /Included in your plan for: .*Billing/,
    description: 'Description',
    sensitiveNote: /stay out of the message/,
    p4: /P4/,
    p3: /P3/,
    reviewTitle: 'Check and submit',
    withheldTitle: 'Shown to support only after verification',
    submit: 'Submit request',
    confirm: 'We have your request',
    domain: 'Domain',
    toolOutput: 'Output of test tools (MTR, traceroute, dig/nslookup, cURL)',
    frequency: 'How often it happens',
    view: 'View request',
    cost: /uses one of your paid incidents: you have 2, 1 will be left/,
    hidden: 'Sensitive details are hidden until the requester is verified.',
    codeLabel: 'Code the requester reads out',
    verify: 'Verify',
    why: /used a paid incident when it was submitted: the Free product plan/,
    buy: 'Buy a paid incident',
    services: 'Paid services',
    price: '¥199.00',
    howTo: /cloud marketplace/,
    balance: 'Your organization has 1 paid incidents left.',
    refused: /does not include help from our support team/,
    notEntitledErr: 'Your plan does not let you open a request here',
    firstStep: 'Which account is this for?',
    stepOf: (n: number, total: number) => `Step ${n} of ${total}`,
    assetLabel: 'Asset',
  },
  zh: {
    ctx: { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } as const,
    signIn: { email: /邮箱/, password: /^密码$/, submit: /^登录$/ },
    next: /下一步/,
    general: /与具体域名或产品无关/,
    summary: '概要',
    billing: /^账单/,
    twofa: /两步验证/,
    dns: /^DNS/,
    other: /^其他/,
    notIncluded: /您的免费计划不包含：.*DNS/,
    faster: /如需更快获得解答，建议先在社区搜索或发帖/,
    onlyFor: /您的计划仅包含以下问题：.*账单/,
    description: '描述',
    sensitiveNote: /不会写入消息正文/,
    p4: /P4/,
    p3: /P3/,
    reviewTitle: '检查并提交',
    withheldTitle: '仅在验证后向支持人员显示',
    submit: '提交请求',
    confirm: '我们已收到您的请求',
    domain: '域名',
    toolOutput: '测试工具的输出（MTR、traceroute、dig/nslookup、cURL）',
    frequency: '问题频率',
    view: '查看请求',
    cost: /使用一次付费工单：您现有 2 次，提交后剩余 1 次/,
    hidden: '请求人验证身份前，敏感详情已隐藏。',
    codeLabel: '请求人读出的验证码',
    verify: '验证',
    why: /提交时使用了一次付费工单：免费产品计划不包含人工支持/,
    buy: '购买付费工单',
    services: '付费服务',
    price: '¥199.00',
    howTo: /云市场/,
    balance: '您的组织剩余 1 次付费工单。',
    refused: /免费产品计划不包含人工支持服务。请在 GitHub 提交 issue：https:\/\/\S+ 也可以购买/,
    notEntitledErr: '您的计划不能在此提交请求',
    firstStep: '这个请求属于哪个账户？',
    stepOf: (n: number, total: number) => `第 ${n} 步，共 ${total} 步`,
    assetLabel: '资产',
  },
};

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  expect((await k.admin.post('/presets/tiered-support/apply', {})).status).toBeLessThan(300);
  expect((await k.admin.post('/presets/business-hours/apply', {})).status).toBeLessThan(300);
  // The business-hours preset's response target is for its own two plans: the tiered Free plan keeps none.
  const standard = (await k.admin.get('/sla-policies')).body.data.find((p: { name: string }) => p.name === 'Standard response');
  const ownPlans = (await k.admin.get('/plans')).body.data
    .filter((p: { key: string }) => ['paid', 'free-product'].includes(p.key))
    .map((p: { id: number }) => String(p.id));
  expect(ownPlans).toHaveLength(2);
  const narrowed = await k.admin.patch(`/sla-policies/${standard.id}`, { match: { ...standard.match, plan_ids: ownPlans } });
  expect(narrowed.status, JSON.stringify(narrowed.body)).toBe(200);
  // The desk's community link (the presets ship none of their own for the tiered plans).
  expect((await k.admin.patch('/channels/community', { contact: 'https://community.kefu.test/' })).status).toBe(200);
  const plans: Array<{ id: number; name: string }> = (await k.admin.get('/plans')).body.data;
  const plan = (n: string) => plans.find((p) => p.name === n)!.id;
  for (const lang of ['en', 'zh'] as Lang[]) {
    const mk = async (name: string, planName: string, domain: string | null, email: string) => {
      const org = (await k.admin.post('/organizations', { name, plan_id: plan(planName) })).body;
      if (domain) expect((await k.admin.post(`/organizations/${org.id}/assets`, { kind: 'domain', name: domain })).status).toBe(201);
      await createPerson(k, {
        name: `${name} person`,
        email,
        role: 'customer',
        organization_id: org.id,
        password: 'Long-pass-1234',
        locale: lang === 'en' ? 'en' : 'zh-CN',
      });
      return org.id as number;
    };
    ids[`free-${lang}`] = await mk(`Freebie ${lang}`, 'Free', `freebie-${lang}.test`, `free-${lang}@form.test`);
    ids[`pro-${lang}`] = await mk(`Prolific ${lang}`, 'Pro', `prolific-${lang}.test`, `pro-${lang}@form.test`);
    await k.admin.post(`/organizations/${ids[`pro-${lang}`]}/assets`, { kind: 'domain', name: `second-${lang}.test` });
    ids[`hobby-${lang}`] = await mk(`Hobby ${lang}`, 'Free product', null, `hobby-${lang}@form.test`);
    expect(
      (
        await k.admin.post(`/organizations/${ids[`hobby-${lang}`]}/purchases`, {
          service: 'incident',
          quantity: 2,
          order_ref: `ALIYUN-${lang}`,
          marketplace: 'aliyun',
        })
      ).status,
    ).toBe(201);
    ids[`broke-${lang}`] = await mk(`Broke ${lang}`, 'Free product', null, `broke-${lang}@form.test`);
  }
  // Another organization owns this one: it must not be offered.
  const other = (await k.admin.post('/organizations', { name: 'Someone else', plan_id: plan('Pro') })).body;
  await k.admin.post(`/organizations/${other.id}/assets`, { kind: 'domain', name: 'not-yours.test' });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

async function customer(lang: Lang, who: string) {
  const ctx = await newContext(browser, L[lang].ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await signInUi(page, k.base, `${who}-${lang}@form.test`, 'Long-pass-1234', L[lang].signIn);
  return page;
}
async function agent(lang: Lang) {
  const ctx = await newContext(browser, L[lang].ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, L[lang].signIn);
  return page;
}
/**
 * From a new request to the category step, on the first (only) account: through the checks for a
 * domain, none for a general question; `null` for an account that owns nothing (no asset step).
 */
async function upToCategory(page: Page, lang: Lang, asset: RegExp | null, summary: string) {
  const l = L[lang];
  await page.goto(`${k.base}/requests/new`);
  await page.getByRole('button', { name: l.next }).click();
  if (asset) {
    await page.getByRole('radio', { name: asset }).check();
    await page.getByRole('button', { name: l.next }).click();
  }
  await page.getByLabel(l.summary).fill(summary);
  await page.getByRole('button', { name: l.next }).click();
  if (asset && asset !== l.general) await page.getByRole('button', { name: l.next }).click();
}
const latest = async (orgId: number) => (await k.admin.get(`/tickets?organization_id=${orgId}&limit=1&sort=-created_at`)).body.data[0];

describe.each(['en', 'zh'] as Lang[])('the guided form (%s)', (lang) => {
  const l = L[lang];
  const shot = shooter(`guided-form-${lang}`);

  it("Free: only the plan's categories, what is not included, and a billing description kept out of the message", async () => {
    const page = await customer(lang, 'free');
    await upToCategory(page, lang, l.general, lang === 'en' ? 'Invoice shows the wrong VAT number' : '发票上的税号错误');
    const radios = page.getByRole('radio');
    await radios.first().waitFor();
    expect(await radios.count()).toBe(4);
    await page.getByRole('radio', { name: l.twofa }).waitFor();
    expect(await page.getByRole('radio', { name: l.dns }).count()).toBe(0);
    const note = page.getByTestId('not-included');
    await expect.poll(() => note.innerText()).toMatch(l.notIncluded);
    expect(await note.getByRole('link').getAttribute('href')).toBe('https://community.kefu.test/');
    await shot(page, 'free-category');
    await page.getByRole('radio', { name: l.billing }).check();
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('radio', { name: l.p4 }).check();
    await page.getByRole('button', { name: l.next }).click();
    await page.getByTestId('sensitive-note').getByText(l.sensitiveNote).waitFor();
    await page.getByLabel(l.description).fill('VAT DE123456789, card ending 4242');
    await shot(page, 'free-details-sensitive');
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('heading', { name: l.reviewTitle }).waitFor();
    const preview = await page.locator('.body-preview').innerText();
    expect(preview).not.toContain('4242');
    await page.getByTestId('withheld-review').getByText(l.withheldTitle).waitFor();
    expect(await page.getByTestId('withheld-review').innerText()).toContain(l.description);
    await shot(page, 'free-review');
    await page.getByRole('button', { name: l.submit }).click();
    await page.getByRole('heading', { name: l.confirm }).waitFor();
    // No response target on Free: the confirmation points to the community for a faster answer.
    const faster = page.getByTestId('faster-in-community');
    expect(await faster.innerText()).toMatch(l.faster);
    expect(await faster.getByRole('link').getAttribute('href')).toBe('https://community.kefu.test/');

    const t = await latest(ids[`free-${lang}`]);
    expect(t.category).toBe('billing');
    expect(t.fields.description).toBeUndefined(); // staff, unverified: withheld
    const body = (await k.admin.get(`/tickets/${t.id}/messages`)).body.data[0].body as string;
    expect(body).not.toContain('4242');
    const a = await agent(lang);
    await a.goto(`${k.base}/agent/tickets/${t.number}`);
    await a.getByTestId('ticket-fields').getByText(l.hidden).waitFor();
    expect(await a.getByTestId('ticket-fields').innerText()).not.toContain('4242');
    await shot(a, 'agent-sensitive-hidden');
    // The requester reads out their support code; then the agent sees the description.
    const code = (await (await k.as(`free-${lang}@form.test`, 'Long-pass-1234')).get('/me/support-code')).body.code as string;
    const side = a.getByRole('complementary');
    await side.getByLabel(l.codeLabel).fill(code);
    await side.getByRole('button', { name: l.verify, exact: true }).click();
    await expect.poll(() => a.getByTestId('ticket-fields').innerText()).toContain('VAT DE123456789, card ending 4242');
    expect(await a.getByTestId('fields-withheld').count()).toBe(0);
    await a.getByTestId('ticket-fields').scrollIntoViewIfNeeded();
    await shot(a, 'agent-sensitive-after-verification');
    // The contact page does not call tickets simply "included" on a plan that limits what they may be about.
    await page.goto(`${k.base}/requests/contact`);
    await expect.poll(() => page.getByTestId('channel-web').innerText()).toMatch(l.onlyFor);
    await shot(page, 'free-contact');
  });

  it("Pro: the domain comes from the organization's domains, and dig output reads as a monospace block", async () => {
    const page = await customer(lang, 'pro');
    await upToCategory(page, lang, new RegExp(`prolific-${lang}\\.test`), lang === 'en' ? 'Records do not resolve' : '记录无法解析');
    await page.getByRole('radio', { name: l.dns }).check();
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('radio', { name: l.p3 }).check();
    await page.getByRole('button', { name: l.next }).click();
    const domain = page.getByLabel(l.domain, { exact: true });
    await expect.poll(() => domain.inputValue()).toBe(`prolific-${lang}.test`);
    const options = await domain.locator('option').allInnerTexts();
    expect(options.slice(1)).toEqual([`prolific-${lang}.test`, `second-${lang}.test`]);
    expect(await domain.evaluate((e) => e.tagName)).toBe('SELECT');
    await domain.selectOption(`second-${lang}.test`);
    await page.getByLabel(l.description).fill(lang === 'en' ? 'Since the move, www no longer resolves.' : '迁移后 www 无法解析。');
    // The tiered-support preset's technical details are custom ticket fields of the DNS category.
    await page.getByLabel(l.frequency).selectOption('always');
    await page.getByLabel(l.toolOutput).fill(`;; ANSWER SECTION:\nwww.second-${lang}.test. 300 IN A 192.0.2.10`);
    await shot(page, 'pro-details-domain');
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('button', { name: l.submit }).click();
    await page.getByRole('heading', { name: l.confirm }).waitFor();
    const t = await latest(ids[`pro-${lang}`]);
    expect(t.custom_fields).toMatchObject({ domain: `second-${lang}.test`, frequency: 'always' });
    expect(t.custom_fields.tool_output).toContain(';; ANSWER SECTION:');
    await page.getByRole('link', { name: l.view }).click();
    const code = page.getByTestId('message-code').first();
    await code.waitFor();
    expect(await code.innerText()).toContain(';; ANSWER SECTION:');
    const font = await page.evaluate<string>(`getComputedStyle(document.querySelector('[data-testid="message-code"]')).fontFamily`);
    expect(font).toMatch(/mono|courier|consol/i);
    expect(await page.getByTestId('message').first().innerText()).not.toContain('```');
    await shot(page, 'conversation-monospace');
  });

  it('free product: the cost is told before submitting, the agent sees why, the catalogue says how to buy', async () => {
    const page = await customer(lang, 'hobby');
    // The account owns no domain or product: no asset step and no checks, six steps in all.
    await upToCategory(page, lang, null, lang === 'en' ? 'Help me install WordPress' : '请帮我安装 WordPress');
    await page.getByText(l.stepOf(3, 6)).waitFor();
    await page.getByTestId('incident-cost').getByText(l.cost).waitFor();
    await page.getByRole('radio', { name: l.other }).check();
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('radio', { name: l.p3 }).check();
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('button', { name: l.next }).click();
    await page.getByTestId('incident-cost').getByText(l.cost).waitFor();
    // No asset step was walked, so the review names none.
    expect(await page.locator('.review dl dt').allInnerTexts()).not.toContain(l.assetLabel);
    await shot(page, 'incident-cost-review');
    await page.getByRole('button', { name: l.submit }).click();
    await page.getByRole('heading', { name: l.confirm }).waitFor();
    const t = await latest(ids[`hobby-${lang}`]);
    const a = await agent(lang);
    await a.goto(`${k.base}/agent/tickets/${t.number}`);
    await a.getByTestId('incident-charge').getByText(l.why).waitFor();
    expect(await a.getByTestId('incident-charge').innerText()).toContain(`ALIYUN-${lang}`);
    await shot(a, 'agent-incident-why');

    await page.goto(`${k.base}/requests/contact`);
    const cat = page.getByTestId('service-catalogue');
    await cat.getByRole('heading', { name: l.services }).waitFor();
    await expect.poll(() => page.getByTestId('service-incident').innerText()).toContain(l.price);
    await cat.getByText(l.howTo).first().waitFor();
    await page.getByTestId('my-incident-balance').getByText(l.balance).waitFor();
    await cat.scrollIntoViewIfNeeded();
    await shot(page, 'contact-services');
  });

  it('free product without incidents: refused from the first step, with the way to buy one', async () => {
    const page = await customer(lang, 'broke');
    await page.goto(`${k.base}/requests/new`);
    const refusal = page.getByTestId('form-refusal');
    await expect.poll(() => refusal.innerText()).toMatch(l.refused);
    await page.getByRole('button', { name: l.next }).click();
    await page.getByText(l.notEntitledErr).waitFor();
    await page.getByRole('heading', { name: l.firstStep }).waitFor(); // it goes no further
    await shot(page, 'refused-first-step');
    await refusal.getByRole('link', { name: l.buy }).click();
    await page.waitForURL(/\/requests\/contact#services$/);
    await page.getByTestId('service-catalogue').waitFor();
    // The catalogue is where the button leads: its heading is focused (and scrolled to).
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement ? document.activeElement.id : undefined'))
      .toBe('services-title');
    expect(errors).toEqual([]);
  });
});
