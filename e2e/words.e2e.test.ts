import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, prepareDesk, signInUi, type Desk } from './helpers/story.ts';

/**
 * Story: words that mislead. An agent reads "Pending" the same everywhere (the ticket waits on the
 * customer), the history reads as sentences, plan names follow the reader's language, the preset
 * cards say what the presets set up, and the SLA matrix shows every policy that can apply.
 */
let k: RunningKefu;
let browser: Browser;
let desk: Desk;
let ticket: { id: number; number: number };
const LABELS = {
  en: { email: /Email/, password: /^Password$/, submit: /^Sign in$/ },
  zh: { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ },
};

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  desk = await prepareDesk(k, { orgName: 'Initech', domain: 'initech.test' });
  const cust = await createPerson(k, {
    name: 'Peter Gibbons',
    email: 'peter@initech.test',
    role: 'customer',
    organization_id: desk.org.id,
    password: 'Peter-long-pass-42',
  });
  const r = await k.admin.post('/tickets', {
    subject: 'TPS report cover sheet missing',
    body: 'The new cover sheet is not in the template.',
    requester_id: cust.id,
    priority: 'P2',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  ticket = r.body;
  expect((await k.admin.patch(`/tickets/${ticket.id}`, { status: 'pending' })).status).toBe(200);
  // A wrong verification code is recorded on the ticket (security.verification_failed).
  expect((await k.admin.post(`/tickets/${ticket.id}/verify`, { code: '000000' })).status).toBe(422);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

async function bodyText(page: Page) {
  return page.locator('body').innerText();
}

/** How much wider the SLA matrix is than the space it is shown in (0 or less when it fits). */
const matrixOverflow = (page: Page) =>
  page.locator('table.matrix').evaluate((table) => {
    const wrap = table.parentElement!;
    return Math.max(table.getBoundingClientRect().width - wrap.clientWidth, wrap.scrollWidth - wrap.clientWidth);
  });

for (const lang of ['en', 'zh'] as const) {
  const w =
    lang === 'en'
      ? {
          waiting: 'Waiting on customer',
          wrong: /Waiting on you|\bPending\b/,
          plan: 'Enterprise',
          status: 'Status: New → Waiting on customer',
          failed: 'A wrong verification code was entered (1 wrong so far)',
          premium: 'with the add-on Premium support',
          channels: 'arriving by Web portal, Email, API',
          bh: /^Two plans: Paid product .* Monday to Saturday 08:00–17:30/,
          tiered: /^Four plans, Enterprise, Business, Pro and Free, plus a Premium add-on/,
          otherwise: 'Any other ticket',
          paid: 'Paid product',
          paused: 'The response clock is paused while the request waits on the customer',
          enterpriseSla: 'Enterprise SLA',
          noTarget: 'No response target on this plan',
        }
      : {
          waiting: '等待客户回复',
          wrong: /等待您回复|^等待客户$/m,
          plan: '企业',
          status: '状态：新建 → 等待客户回复',
          failed: '输入了错误的验证码（累计错误 1 次）',
          premium: '已开通 Premium 增值服务',
          channels: '通过网页门户、邮件、API 提交',
          bh: /^两个计划：付费产品.*周一至周六 08:00–17:30/,
          tiered: /^企业、Business、Pro、免费四种计划，另有 Premium 增值服务/,
          otherwise: '其他工单',
          paid: '付费产品',
          paused: '请求等待客户回复期间，响应计时暂停',
          enterpriseSla: '企业 SLA',
          noTarget: '此计划没有响应时限',
        };

  it(`the agent console and SLA admin in ${lang === 'en' ? 'English' : '简体中文'} say one thing`, async () => {
    const shot = shooter(`words-${lang}`);
    const ctx = await newContext(
      browser,
      lang === 'en' ? { locale: 'en-US', timezoneId: 'UTC' } : { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' },
    );
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, LABELS[lang]);

    // The sidebar, the queue's heading and the row's badge name the status the same way.
    await page.goto(`${k.base}/agent/queue/pending`);
    await page.getByTestId('queue-row').first().waitFor();
    // The view's link carries its count after its name (docs/views.md).
    await page.getByRole('link', { name: new RegExp(`^${w.waiting} \\d`) }).waitFor();
    const row = page.getByTestId('queue-row').first();
    expect(await row.innerText()).toContain(w.waiting);
    // The plan reads in the reader's language.
    expect(await row.innerText()).toContain(w.plan);
    // The queue reason names the plan in the reader's language too.
    if (lang === 'zh') expect(await row.innerText()).not.toContain('Enterprise');
    expect(await bodyText(page)).not.toMatch(w.wrong);
    await shot(page, 'queue-pending');

    // The ticket: badge, status field and history all agree; every event is a sentence.
    await page.goto(`${k.base}/agent/tickets/${ticket.number}`);
    const history = page.locator('ol.history');
    await history.getByText(w.failed).waitFor();
    expect(await history.innerText()).toContain(w.status);
    const text = await bodyText(page);
    expect(text).not.toMatch(/Recorded [a-z_]+\.|记录了 [a-z_]+\./);
    expect(text).not.toMatch(/\b(security|incident|sla|email)\.[a-z_]+/);
    expect(text).not.toMatch(w.wrong);
    expect(await page.locator('select option:checked').allInnerTexts()).toContain(w.waiting);
    // A paused clock is not "no target on this plan".
    expect(text).toContain(w.paused);
    // The ticket's policy is named in the reader's language too (the side panel).
    expect(await page.getByRole('complementary', { name: lang === 'en' ? 'Context' : '相关信息' }).innerText()).toContain(w.enterpriseSla);
    expect(text).not.toContain(w.noTarget);
    await shot(page, 'ticket-history');

    // The organizations list names plans in the reader's language as well.
    await page.goto(`${k.base}/admin/organizations`);
    await page.locator('table').first().getByText(w.plan, { exact: true }).first().waitFor();
    if (lang === 'zh') expect(await page.locator('table').first().innerText()).not.toMatch(/\bEnterprise\b/);
    // So does the plans table, with the plan's own name beside it where that differs (the name API clients use).
    const planRows = await page.locator('table').nth(1).innerText();
    expect(planRows).toMatch(lang === 'zh' ? /免费 · Free/ : /^Free\s+free/m);
    await shot(page, 'organizations-plans');

    // Presets say what they set up; the matrix shows the Premium add-on's targets on every plan.
    await page.goto(`${k.base}/admin/sla`);
    await page.getByTestId('preset-desc-business-hours').filter({ hasText: w.bh }).waitFor();
    expect(await page.getByTestId('preset-desc-tiered-support').innerText()).toMatch(w.tiered);
    const plans = page.getByTestId('matrix-plan');
    await plans.first().waitFor();
    const enterprise = plans.filter({ has: page.getByRole('rowheader', { name: w.plan, exact: true }) });
    expect(await enterprise.innerText()).toContain(w.premium);
    expect(await enterprise.innerText()).toContain(w.enterpriseSla);
    if (lang === 'zh') expect(await enterprise.innerText()).not.toContain('Enterprise SLA');
    // Free has no policy of its own: Premium, then "any other ticket".
    const free = plans.last();
    expect(await free.innerText()).toContain(w.premium);
    expect(await free.innerText()).toContain(w.otherwise);
    // At 1360 px the whole matrix is in view: no sideways scrolling to reach P4.
    expect(await matrixOverflow(page), 'how far the matrix scrolls sideways').toBeLessThanOrEqual(0);
    await shot(page, 'sla-tiered');
    expect(errors).toEqual([]);
    await ctx.close();
  });
}

it('under business hours the matrix shows the channel policy on both plans, with its condition and targets', async () => {
  expect((await k.admin.post('/presets/business-hours/apply', {})).status).toBeLessThan(300);
  for (const lang of ['en', 'zh'] as const) {
    const shot = shooter(`words-bh-${lang}`);
    const ctx = await newContext(
      browser,
      lang === 'en' ? { locale: 'en-US', timezoneId: 'UTC' } : { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' },
    );
    const page = await ctx.newPage();
    await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, LABELS[lang]);
    await page.goto(`${k.base}/admin/sla`);
    const paidName = lang === 'en' ? 'Paid product' : '付费产品';
    const paid = page.getByTestId('matrix-plan').filter({ has: page.getByRole('rowheader', { name: paidName, exact: true }) });
    await paid.waitFor();
    const text = await paid.innerText();
    expect(text).toContain(lang === 'en' ? 'Standard response' : '标准响应');
    expect(text).toContain(lang === 'en' ? 'arriving by Web portal, Email, API' : '通过网页门户、邮件、API 提交');
    expect(text).toContain(lang === 'en' ? '1 h' : '1 小时');
    expect(await matrixOverflow(page), 'how far the matrix scrolls sideways').toBeLessThanOrEqual(0);
    await shot(page, 'sla-business-hours');
    await ctx.close();
  }
});
