import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, prepareDesk, signInUi, type Desk } from './helpers/story.ts';

/**
 * Story: mistakes, in 简体中文. The admin of 华东零售's desk, whose account is in Chinese, sets things up
 * and gets some of them wrong: a second group called 售后组, Monday's hours typed twice over, a plan key
 * that is taken, a support address added twice, a webhook to a private address, a ticket field whose key
 * has capitals and a space, a single-choice field with no choices, an incident announced with no text.
 * 李娜, an agent, opens an admin page from a bookmark, tries to merge a ticket into itself and into a
 * closed one, and merges from the queue into the closed one. 王芳, a customer, turns on two-step sign-in
 * and sets up the support app, each with a wrong password; 赵强, on the free plan, starts a request. Each is told, in Chinese, what is wrong
 * and what to do: no English, no field names of the API, no raw keys or {placeholders}.
 */
let k: RunningKefu;
let browser: Browser;
let desk: Desk;
const shot = shooter('errors-zh');
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };
const ZH_CTX = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } as const;

/** What a reader would notice is wrong with a message: a raw key, an API field path, a {placeholder}, JSON, English words. */
const RAW =
  /\b(?:common|admin|agent|errors|http|sla|security|macros|tickets|people|plans|email|webhooks|fields|status|views|weekly|holidays|extra_workdays)\.[a-z_]+|\w\[\d+\]|\{[a-z_]+\}|[{[]"|\b(?:the|is|not|must|field|request|invalid|required)\b/i;

async function expectReadable(page: Page) {
  for (const text of await page.getByRole('alert').allInnerTexts()) {
    expect(text).not.toMatch(RAW);
  }
}

/** Shows the message the user sees and checks it reads as a Chinese sentence. */
async function seen(page: Page, text: string, name: string) {
  await page.getByText(text, { exact: false }).first().waitFor();
  await expectReadable(page);
  await shot(page, name);
}

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  desk = await prepareDesk(k, { orgName: '华东零售', domain: 'huadong.test' });
  const admins = await k.admin.get(`/people?q=${encodeURIComponent(ADMIN_EMAIL)}`);
  expect((await k.admin.patch(`/people/${admins.body.data[0].id}`, { locale: 'zh-CN' })).status).toBe(200);
  await createPerson(k, { name: '李娜', email: 'li.na@kefu.test', role: 'agent', password: 'Li-na-long-pass-42', locale: 'zh-CN' });
  await createPerson(k, {
    name: '王芳',
    email: 'wang.fang@huadong.test',
    role: 'customer',
    organization_id: desk.org.id,
    password: 'Wang-long-pass-42',
    locale: 'zh-CN',
  });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

const watchErrors = (page: Page) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
};

it('an admin setting up the desk is told in Chinese what is wrong and what to do', async () => {
  const ctx = await newContext(browser, ZH_CTX);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, ZH);

  // A second group with a name already taken.
  await page.goto(`${k.base}/admin/groups`);
  await page.getByLabel('小组名称').fill('售后组');
  await page.getByRole('button', { name: '添加小组' }).click();
  await page.getByRole('group', { name: /^售后组/ }).waitFor();
  await page.getByLabel('小组名称').fill('售后组');
  await page.getByRole('button', { name: '添加小组' }).click();
  await seen(page, '已有名为“售后组”的小组，请换一个名称。', 'group-name-taken');

  // Monday's hours typed with two periods that overlap: the place is named as on the screen, not as a path.
  await page.goto(`${k.base}/admin/calendars`);
  await page.getByRole('link', { name: /新建日历/ }).click();
  await page.getByLabel('名称', { exact: true }).fill('上海办公室');
  await page.getByLabel('时区').fill('Asia/Shanghai');
  await page.getByLabel('周一的营业时间').fill('09:00-12:00, 11:00-18:00');
  await page.getByLabel('周一的营业时间').press('Tab');
  await page.getByRole('button', { name: '创建日历' }).click();
  const overlap = '周一的营业时间：时段 11:00–18:00 与 09:00–12:00 重叠，请合并或调整其中一个。';
  await page.getByRole('alert').filter({ hasText: '操作未成功' }).getByText(overlap).waitFor();
  // The live preview says the same.
  await page.getByRole('alert').filter({ hasText: '此日历暂时无法使用' }).getByText(overlap).waitFor();
  expect(await page.locator('body').innerText()).not.toContain('weekly.mon');
  await seen(page, overlap, 'calendar-overlap');

  // A plan whose key another plan has.
  await page.goto(`${k.base}/admin/organizations`);
  await page.getByRole('textbox', { name: '计划', exact: true }).fill('企业版（华东）');
  await page.getByLabel('标识').fill('enterprise');
  await page.getByLabel('队列排序').fill('5');
  await page.getByRole('button', { name: '添加计划' }).click();
  await seen(page, '已有标识为 enterprise 的计划，请换一个标识。', 'plan-key-taken');

  // The same support address twice.
  await page.goto(`${k.base}/admin/channels`);
  const add = page.getByRole('form', { name: '添加地址' });
  await add.getByLabel('邮箱地址').fill('support@huadong.test');
  await add.getByRole('button', { name: '添加地址' }).click();
  await page.getByRole('button', { name: '编辑 support@huadong.test' }).waitFor();
  await add.getByLabel('邮箱地址').fill('support@huadong.test');
  await add.getByRole('button', { name: '添加地址' }).click();
  await seen(page, '支持邮箱地址 support@huadong.test 已存在，请换一个地址或编辑现有的地址。', 'address-taken');

  // A webhook to an address on the office network; the message goes once the address is being changed.
  await page.goto(`${k.base}/admin/webhooks`);
  await page.getByLabel('名称').fill('CRM');
  await page.getByLabel('接收地址').fill('http://10.0.0.8/hooks');
  await page.getByRole('button', { name: '创建 Webhook' }).click();
  await seen(page, '此地址位于内网或本机。Webhook 只发送到公网地址', 'webhook-private');
  expect(await page.getByLabel('接收地址').getAttribute('aria-invalid')).toBe('true');
  await page.getByLabel('接收地址').fill('https://crm.huadong.test/hooks');
  expect(await page.getByText('此地址位于内网或本机', { exact: false }).count()).toBe(0);

  // A ticket field key with capitals and a space: the field is called 键, as on the form.
  await page.goto(`${k.base}/admin/ticket-fields`);
  await page.getByRole('button', { name: '新建字段' }).click();
  const editor = page.getByTestId('field-editor');
  await editor.getByLabel('键').fill('Order No');
  await editor.getByLabel('英文名称（English）').fill('Order number');
  await editor.getByLabel('中文名称').fill('订单号');
  await editor.getByRole('button', { name: '创建字段' }).click();
  await seen(page, '键：只能用小写字母、数字和 _，以字母开头（最多 63 个字符）', 'field-key');
  expect(await editor.getByRole('alert').innerText()).not.toMatch(/key|请求内容有误/);
  // A single-choice field with no choices.
  await editor.getByLabel('键').fill('region');
  await editor.getByLabel('类型').selectOption({ label: '单选' });
  await editor.getByRole('button', { name: '创建字段' }).click();
  await seen(page, '单选或多选字段至少需要一个选项。', 'field-no-options');

  // An incident announced with only spaces for its title and text.
  await page.goto(`${k.base}/admin/status`);
  const announce = page.getByRole('form', { name: '发布故障' });
  await announce.getByLabel('标题').fill('   ');
  await announce.getByLabel('说明').fill('   ');
  await announce.getByRole('button', { name: '发布' }).click();
  await seen(page, '标题：必填；说明：必填', 'incident-without-text');
  expect(await announce.getByRole('alert').innerText()).not.toMatch(/title|message/);

  expect(errors).toEqual([]);
  await ctx.close();
}, 170_000);

it('an agent is told what she may not do, and why', async () => {
  const open = await k.admin.post('/tickets', {
    subject: '发票抬头错了',
    body: '请把发票抬头改成华东零售有限公司。',
    requester_email: 'wang.fang@huadong.test',
    category: 'billing',
  });
  const closed = await k.admin.post('/tickets', {
    subject: '无法登录控制台',
    body: '登录后一直转圈。',
    requester_email: 'wang.fang@huadong.test',
    category: 'account',
  });
  expect([open.status, closed.status]).toEqual([201, 201]);
  expect((await k.admin.patch(`/tickets/${closed.body.id}`, { status: 'closed' })).status).toBe(200);
  const ctx = await newContext(browser, ZH_CTX);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signInUi(page, k.base, 'li.na@kefu.test', 'Li-na-long-pass-42', ZH);

  // An admin page from a bookmark: it is for admins (not "for agents and admins"), and the way back is there.
  await page.goto(`${k.base}/admin/webhooks`);
  await seen(page, '此部分仅供管理员使用。如需修改这里的设置，请联系管理员。', 'admin-page-for-agent');
  expect(await page.locator('body').innerText()).not.toContain('仅供客服人员和管理员');
  await page.getByRole('link', { name: '返回工作台' }).click();
  await page.waitForURL(/\/agent/);

  // Merging a ticket into itself: not "no ticket matches #1000".
  await page.goto(`${k.base}/agent/tickets/${open.body.number}`);
  await page.getByRole('button', { name: '合并', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('合并到').fill(`#${open.body.number}`);
  await seen(page, `#${open.body.number} 就是当前工单，不能合并到自身。请输入要合并到的另一个工单的编号。`, 'merge-into-itself');
  // Into a closed ticket.
  await dialog.getByLabel('合并到').fill(`#${closed.body.number}`);
  await dialog.getByRole('radio', { name: new RegExp(`#${closed.body.number}`) }).check();
  await seen(page, `#${closed.body.number} 已关闭，不能再接收消息。`, 'merge-into-closed');
  await dialog.getByRole('button', { name: '取消' }).click();

  // The same from the queue, as a bulk change: the server's refusal, in Chinese, for the ticket it concerns.
  await page.goto(`${k.base}/agent`);
  await page.getByLabel(`选择 #${open.body.number} ${open.body.subject}`).check();
  const bar = page.getByTestId('bulk-bar');
  await bar.getByLabel('修改').selectOption({ label: '合并' });
  await bar.getByLabel('合并到工单编号').fill(String(closed.body.number));
  await bar.getByRole('button', { name: '应用' }).click();
  await bar
    .getByText(`已更新 0 个，1 个失败：#${open.body.number}：要合并到的工单已关闭，不能再接收消息。请合并到未关闭的工单。`)
    .first()
    .waitFor();
  expect(await bar.innerText()).not.toMatch(RAW);
  await shot(page, 'bulk-merge-into-closed');
  expect(errors).toEqual([]);
  await ctx.close();
}, 170_000);

it('customers are refused in Chinese', async () => {
  const ctx = await newContext(browser, ZH_CTX);
  const page = await ctx.newPage();
  await signInUi(page, k.base, 'wang.fang@huadong.test', 'Wang-long-pass-42', ZH);
  await page.goto(`${k.base}/account`);
  await page.getByRole('button', { name: '开启两步验证' }).click();
  await page.getByRole('region', { name: '两步验证' }).getByLabel('当前密码').fill('Wang-wrong-pass-00');
  await page.getByRole('button', { name: '继续' }).click();
  await seen(page, '当前密码不正确', 'two-step-wrong-password');
  // The same for the authenticator app she would read her support code from.
  await page.goto(`${k.base}/requests/contact#support-code`);
  await page.getByRole('button', { name: '改用身份验证器应用' }).click();
  const app = page.locator('form').filter({ has: page.getByRole('button', { name: '继续' }) });
  await app.getByLabel('当前密码').fill('Wang-wrong-pass-00');
  await app.getByRole('button', { name: '继续' }).click();
  await expect.poll(() => app.getByLabel('当前密码').getAttribute('aria-invalid')).toBe('true');
  await seen(page, '当前密码不正确', 'support-app-wrong-password');
  await ctx.close();

  const plans = (await k.admin.get('/plans')).body.data as Array<{ id: number; key: string }>;
  const free = plans.find((p) => p.key === 'free')!;
  const org = await k.admin.post('/organizations', { name: '小店', plan_id: free.id, email_domains: ['xiaodian.test'] });
  await createPerson(k, {
    name: '赵强',
    email: 'zhao@xiaodian.test',
    role: 'customer',
    organization_id: org.body.id,
    password: 'Zhao-long-pass-42',
    locale: 'zh-CN',
  });
  const c2 = await newContext(browser, ZH_CTX);
  const p2 = await c2.newPage();
  await signInUi(p2, k.base, 'zhao@xiaodian.test', 'Zhao-long-pass-42', ZH);
  await p2.goto(`${k.base}/requests/new`);
  await p2.getByRole('button', { name: /下一步/ }).click();
  await p2.getByLabel('概要').fill('网站打开很慢');
  await p2.getByRole('button', { name: /下一步/ }).click();
  // Only what the plan includes is offered; the rest is named, with where to ask instead.
  await p2.getByText('您的免费计划不包含：网站宕机或无法访问、DNS、SSL/TLS 证书、性能、安全、配置、其他。这些问题请到社区提问。').waitFor();
  expect(await p2.getByRole('radio', { name: /性能/ }).count()).toBe(0);
  await shot(p2, 'free-plan-categories');
  await c2.close();
}, 170_000);
