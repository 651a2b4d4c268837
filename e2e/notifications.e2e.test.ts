import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, signInUi } from './helpers/story.ts';

/**
 * Story: an agent hears about their tickets live. The bell in the console header counts a new
 * assignment without a reload, lists it, opens the ticket and marks it read; settings choose in the
 * app / by email per kind. On a ticket, agents see who else is viewing and typing, and a reply that
 * lands while one has a draft makes Send ask first. English and 简体中文.
 */
let k: RunningKefu;
let browser: Browser;
let ann: { id: number };
let li: { id: number };
const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/notifications-${name}.png` });
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };
const LIVE = { timeout: 10_000 };

const ticket = async (subject: string, extra: Record<string, unknown> = {}) => {
  const r = await k.admin.post('/tickets', {
    subject,
    body: 'Details follow.',
    requester_email: 'mia@customer.test',
    priority: 'P3',
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; number: number };
};

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  ann = await createPerson(k, { name: 'Ann Agent', email: 'ann@kefu.test', role: 'agent', password: 'Ann-long-pass-42' });
  li = await createPerson(k, { name: 'Li Lei', email: 'lilei@kefu.test', role: 'agent', password: 'LiLei-long-pass-42', locale: 'zh-CN' });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

it('the bell counts a new assignment live, lists it, opens the ticket and marks it read; settings per kind (English)', async () => {
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/Berlin' });
  const page = await ctx.newPage();
  await signInUi(page, k.base, 'ann@kefu.test', 'Ann-long-pass-42', EN);
  await page.goto(`${k.base}/agent/queue/mine`);
  const bell = page.getByTestId('bell');
  await bell.waitFor();
  expect(await page.getByTestId('bell-count').count()).toBe(0);
  expect(await bell.getAttribute('aria-label')).toBe('Notifications');

  const navigations: string[] = [];
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations.push(f.url());
  });
  const t1 = await ticket('VPN drops every hour');
  const t2 = await ticket('Invoice shows the wrong VAT');
  expect((await k.admin.patch(`/tickets/${t1.id}`, { assignee_id: ann.id })).status).toBe(200);
  expect((await k.admin.patch(`/tickets/${t2.id}`, { assignee_id: ann.id })).status).toBe(200);
  await page.getByTestId('bell-count').filter({ hasText: /^2$/ }).waitFor(LIVE);
  expect(navigations, 'no reload happened').toEqual([]);
  expect(await bell.getAttribute('aria-label')).toBe('Notifications, 2 unread');

  // Keyboard: the bell opens its panel, newest first.
  await bell.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('bell-panel');
  await panel.waitFor();
  const items = panel.getByTestId('notification');
  await expect.poll(() => items.count()).toBe(2);
  // (Two jobs may finish in either order: newest first is by arrival.)
  const texts = (await items.allInnerTexts()).join('\n');
  expect(texts).toContain(`Admin assigned #${t2.number} to you: Invoice shows the wrong VAT`);
  expect(texts).toContain(`Admin assigned #${t1.number} to you: VPN drops every hour`);
  await shot(page, 'en-bell-panel');

  // Settings: a tab of the panel; each change is saved.
  await panel.getByRole('tab', { name: 'Settings' }).click();
  const settings = page.getByTestId('notification-settings');
  await settings.waitFor();
  const mail = settings.getByRole('checkbox', { name: 'A customer replies on my ticket: By email' });
  expect(await mail.isChecked()).toBe(false);
  await mail.check();
  await settings.getByText('Saved').waitFor();
  await settings.getByRole('checkbox', { name: /Quiet hours/ }).check();
  await settings.getByText('Saved').waitFor();
  await shot(page, 'en-preferences');
  const prefs = await (await k.as('ann@kefu.test', 'Ann-long-pass-42')).get('/notifications/preferences');
  expect(prefs.body.data.find((p: { kind: string }) => p.kind === 'customer_replied')).toEqual({
    kind: 'customer_replied',
    in_app: true,
    email: true,
  });
  expect(prefs.body.quiet_hours).toBe(true);

  // Escape closes the panel and returns to the bell; the item opens its ticket by number and is read.
  await page.keyboard.press('Escape');
  expect(await panel.count()).toBe(0);
  await bell.click();
  await panel.getByRole('tab', { name: 'Inbox' }).click();
  await panel.getByTestId('notification').filter({ hasText: 'VPN drops every hour' }).getByRole('link').click();
  await page.waitForURL(`${k.base}/agent/tickets/${t1.number}`);
  await page.getByTestId('bell-count').filter({ hasText: /^1$/ }).waitFor(LIVE);
  await ctx.close();
});

it('简体中文: the bell, its list and settings in Chinese; "mark all read" clears the count in every tab', async () => {
  const ctx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  await signInUi(page, k.base, 'lilei@kefu.test', 'LiLei-long-pass-42', ZH);
  await page.goto(`${k.base}/agent/queue/mine`);
  const other = await ctx.newPage();
  await other.goto(`${k.base}/agent/queue/mine`);
  await page.getByTestId('bell').waitFor();
  const t = await ticket('打印机无法连接');
  await k.admin.patch(`/tickets/${t.id}`, { assignee_id: li.id });
  await page.getByTestId('bell-count').filter({ hasText: /^1$/ }).waitFor(LIVE);
  await other.getByTestId('bell-count').filter({ hasText: /^1$/ }).waitFor(LIVE);
  expect(await page.getByTestId('bell').getAttribute('aria-label')).toBe('通知，1 条未读');
  await page.getByTestId('bell').click();
  const panel = page.getByTestId('bell-panel');
  expect(await panel.getByTestId('notification').first().innerText()).toContain(`将 #${t.number} 分配给了您：打印机无法连接`);
  await shot(page, 'zh-bell-panel');
  await panel.getByRole('tab', { name: '设置' }).click();
  expect(await page.getByTestId('notification-settings').getByRole('checkbox', { name: '工单分配给我: 邮件' }).isChecked()).toBe(true);
  await shot(page, 'zh-preferences');
  await panel.getByRole('tab', { name: '收件箱' }).click();
  await panel.getByRole('button', { name: '全部标为已读' }).click();
  await page.getByTestId('bell-count').waitFor({ state: 'detached', ...LIVE });
  // The other tab hears of it over its own socket, without a reload.
  await other.getByTestId('bell-count').waitFor({ state: 'detached', ...LIVE });
  await ctx.close();
});

it('presence on a ticket (viewing, typing) and the collision prompt before sending over a newer reply', async () => {
  const t = await ticket('Checkout returns 502');
  const actx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/Berlin' });
  const a = await actx.newPage();
  await signInUi(a, k.base, 'ann@kefu.test', 'Ann-long-pass-42', EN);
  const lctx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const l = await lctx.newPage();
  await signInUi(l, k.base, 'lilei@kefu.test', 'LiLei-long-pass-42', ZH);
  await a.goto(`${k.base}/agent/tickets/${t.number}`);
  await l.goto(`${k.base}/agent/tickets/${t.number}`);

  // Each sees the other (never themselves).
  await a.getByTestId('presence-viewer').filter({ hasText: 'Li Lei is viewing' }).waitFor(LIVE);
  await l.getByTestId('presence-viewer').filter({ hasText: 'Ann Agent 正在查看' }).waitFor(LIVE);
  expect(await a.getByTestId('presence-viewer').count()).toBe(1);

  // Li Lei types: Ann sees it.
  const lbox = l.getByRole('textbox', { name: /回复/ }).first();
  await lbox.fill('我们正在排查。');
  await lbox.press('End');
  await l.keyboard.type(' 稍后回复您。');
  await a.getByTestId('presence-viewer').filter({ hasText: 'Li Lei is typing…' }).waitFor(LIVE);
  await shot(a, 'en-presence');
  await shot(l, 'zh-presence');

  // Ann starts a draft; Li Lei's reply lands; Ann's Send asks first.
  const abox = a.getByRole('textbox', { name: /Reply to/ }).first();
  await abox.fill('Hello Mia, could you send us a HAR file?');
  await lbox.press('Control+Enter');
  await a.getByTestId('message').filter({ hasText: '我们正在排查。' }).waitFor(LIVE);
  await abox.press('Control+Enter');
  const prompt = a.getByTestId('collision');
  await prompt.waitFor();
  expect(await prompt.innerText()).toMatch(/Li Lei (just replied|replied \d+ s ago) — send anyway\?/);
  await shot(a, 'en-collision');
  // Review: nothing sent, the draft is kept; the prompt is gone.
  await prompt.getByRole('button', { name: 'Review' }).click();
  expect(await prompt.count()).toBe(0);
  expect(await abox.inputValue()).toBe('Hello Mia, could you send us a HAR file?');
  const sent = await k.admin.get(`/tickets/${t.id}/messages?limit=50`);
  expect(sent.body.data.some((m: { body: string }) => m.body.includes('HAR file'))).toBe(false);

  // Li Lei drafts next; Ann sends (reviewed: no second question); Li Lei is asked, in Chinese, and sends anyway.
  await lbox.fill('补充：请清除浏览器缓存。');
  await a.getByRole('button', { name: 'Send reply' }).click();
  await a.getByTestId('message').filter({ hasText: 'HAR file' }).waitFor(LIVE);
  await l.getByTestId('message').filter({ hasText: 'HAR file' }).waitFor(LIVE);
  await lbox.press('Control+Enter');
  const lprompt = l.getByTestId('collision');
  await lprompt.waitFor();
  expect(await lprompt.innerText()).toMatch(/Ann Agent (刚刚回复了|在 \d+ 秒前回复了) — 仍要发送吗？/);
  await shot(l, 'zh-collision');
  await lprompt.getByRole('button', { name: '仍然发送' }).click();
  await a.getByTestId('message').filter({ hasText: '补充：请清除浏览器缓存。' }).waitFor(LIVE);
  await actx.close();
  await lctx.close();
});
