import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, linkFromOutbox, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { activeTag, ensureInOrganization, expectTicking, prepareDesk, signInUi, type Desk } from './helpers/story.ts';

/**
 * Story: the whole flow once in 简体中文 — a browser in zh-CN, Asia/Shanghai: sign up, verify, the guided
 * submission, the agent's queue and reply, the customer reading it, and the calendar preview.
 */
let k: RunningKefu;
let browser: Browser;
let desk: Desk;
const shot = shooter('zh');
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };
const ZH_CTX = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } as const;

/** No raw i18n key (a.b.c) and no leftover {placeholder} may reach the screen. */
async function expectNoRawKeys(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/\b(?:common|portal|agent|admin|new|sla|queue|auth|errors|status|priority)\.[a-z_]+/);
  expect(text).not.toMatch(/\{[a-z_]+\}/);
}

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  desk = await prepareDesk(k, { orgName: '华东零售', domain: 'huadong.test' });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

it('the whole flow in 简体中文', async () => {
  const ctx = await newContext(browser, ZH_CTX);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const email = 'wang.fang@huadong.test';
  const password = 'Wang-long-pass-42';

  // The language comes from the browser.
  await page.goto(`${k.base}/signin`);
  await page.getByRole('heading', { name: '登录客服中心' }).waitFor();
  expect(await page.evaluate<string>('document.documentElement.lang')).toBe('zh-CN');
  await shot(page, 'signin');

  await page.getByRole('link', { name: '第一次来？创建账户' }).click();
  await page.getByLabel('姓名').fill('王芳');
  await page.getByLabel('邮箱地址').fill(email);
  await page.getByLabel('密码').fill(password);
  await shot(page, 'signup');
  await page.getByRole('button', { name: '创建账户' }).click();
  await page.getByRole('heading', { name: '请查收邮件' }).waitFor();

  await page.goto(await linkFromOutbox(k, email, /\/verify-email\?/));
  await page.getByText('您的邮箱已确认').waitFor();
  await shot(page, 'verified');
  await ensureInOrganization(k, email, desk.org.id);

  await signInUi(page, k.base, email, password, ZH);
  await page.getByText('没有进行中的请求').waitFor();
  await expectNoRawKeys(page);
  await shot(page, 'my-requests-empty');

  // 提交请求: the guided flow.
  await page.getByRole('link', { name: '+ 提交请求' }).click();
  await page.getByRole('heading', { name: '这个请求属于哪个账户？' }).waitFor();
  await page.getByRole('button', { name: /下一步/ }).click();
  await page.getByRole('radio', { name: new RegExp(desk.domain) }).check();
  await page.getByRole('button', { name: /下一步/ }).click();
  await page.getByLabel('概要').fill('上海地区访问网站出现 502 错误');
  await page.getByRole('button', { name: /下一步/ }).click();
  await page.getByRole('button', { name: '重新检查' }).waitFor({ timeout: 30_000 });
  // The step's title stays true once the results are in (not "正在检查", as if still running).
  await page.getByRole('heading', { name: '检查您的配置', exact: true }).waitFor();
  await shot(page, 'step-checks');
  await page.getByRole('button', { name: /下一步/ }).click();
  await page.getByRole('radio', { name: /网站宕机或无法访问/ }).check();
  await page.getByRole('button', { name: /下一步/ }).click();
  await page.getByText('某一地点或地区持续无法使用服务。').waitFor();
  await page.getByRole('radio', { name: /P2 高/ }).check();
  await expectNoRawKeys(page);
  await shot(page, 'step-priority');
  await page.getByRole('button', { name: /下一步/ }).click();
  await page.getByLabel('发生时间').fill('2026-03-02T01:30');
  // The tiered-support preset's technical details are custom ticket fields, labelled in Chinese.
  await page.getByLabel('重现步骤').fill('1. 在上海打开结账页面\n2. 付款');
  await page
    .getByLabel('测试工具的输出（MTR、traceroute、dig/nslookup、cURL）')
    .fill(';; ANSWER SECTION:\nhuadong.test. 300 IN A 192.0.2.10');
  await shot(page, 'step-details');
  await page.getByRole('button', { name: /下一步/ }).click();
  await expect.poll(() => page.locator('.body-preview').innerText()).toContain('重现步骤：');
  await page.getByRole('button', { name: '提交请求' }).click();
  await page.getByRole('heading', { name: '我们已收到您的请求' }).waitFor();
  await expect.poll(() => page.getByTestId('sla-expectation').innerText()).toMatch(/预计首次响应时间：/);
  await expectNoRawKeys(page);
  await shot(page, 'confirmation');
  await page.getByRole('link', { name: '我的请求' }).first().click();
  const row = page.getByTestId('request-row').filter({ hasText: '上海地区访问网站出现 502 错误' });
  // The customer reads a new request as 处理中 (statuses in the customer's words, docs/web.md).
  await expect.poll(() => row.innerText()).toMatch(/处理中[\s\S]*P2/);
  await shot(page, 'my-requests');

  // The agent (here the admin) in Chinese: queue, countdown, reason, reply.
  const actx = await newContext(browser, ZH_CTX);
  const apage = await actx.newPage();
  apage.on('pageerror', (e) => errors.push(e.message));
  await signInUi(apage, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, ZH);
  await apage.getByRole('link', { name: /^全部未解决 \d/ }).click();
  const qrow = apage.getByTestId('queue-row').filter({ hasText: '上海地区访问网站出现 502 错误' });
  await qrow.waitFor();
  // The plan reads in Chinese: the preset names Enterprise 企业 (seed 000).
  const planZh =
    ((await k.admin.get(`/plans/${desk.plan!.id}`)).body.settings?.display_name?.['zh-CN'] as string | undefined) ?? desk.plan!.name;
  await expect.poll(() => qrow.innerText()).toMatch(new RegExp(`${planZh} · P2 · 首次响应剩余 (3 小时 5\\d 分钟|4 小时)`));
  await expectTicking(apage);
  await expectNoRawKeys(apage);
  await shot(apage, 'queue');
  await qrow.getByRole('link').click();
  // The shortcut works once the ticket view is there: wait for its conversation first.
  await apage.getByTestId('message').first().waitFor();
  await apage.keyboard.press('r');
  await expect.poll(() => activeTag(apage)).toBe('TEXTAREA');
  await apage.keyboard.type('王女士您好，我们已修复上海节点，请再试一次。');
  await apage.getByRole('button', { name: '发送回复' }).click();
  await apage.getByTestId('message').filter({ hasText: '我们已修复上海节点' }).waitFor();
  await apage.getByText('回复了客户').waitFor();
  await expectNoRawKeys(apage);
  await shot(apage, 'agent-ticket');

  // The customer reads the reply.
  await row.getByRole('link').click();
  await page.getByTestId('message').filter({ hasText: '我们已修复上海节点' }).waitFor();
  await expect.poll(() => page.getByTestId('sla-expectation').innerText()).toContain('已于');
  await shot(page, 'customer-sees-reply');

  // The admin's calendar preview in Chinese.
  await apage.goto(`${k.base}/admin/calendars/new`);
  await apage.getByLabel('名称', { exact: true }).fill('上海办公室');
  await apage.getByLabel('时区').fill('Asia/Shanghai');
  await apage.getByLabel('工单到达时间（Asia/Shanghai）').fill('2026-03-06T16:00');
  await apage.getByLabel('时限（工作分钟）').fill('240');
  await expect
    .poll(() => apage.getByTestId('calendar-preview').innerText(), { timeout: 10_000 })
    .toMatch(/将于 .*3月9日.*11:00 到期（Asia\/Shanghai）/);
  await expectNoRawKeys(apage);
  await shot(apage, 'calendar-preview');

  // The switch changes the language and remembers it.
  await apage.getByLabel('语言').selectOption('en');
  await apage.getByRole('heading', { name: 'Calendars' }).waitFor();
  await apage.reload();
  await apage.getByRole('heading', { name: 'Calendars' }).waitFor();
  await apage.getByLabel('Language').selectOption('zh-CN');
  await apage.getByRole('heading', { name: '工作日历' }).waitFor();

  expect(errors).toEqual([]);
  await actx.close();
  await ctx.close();
});
