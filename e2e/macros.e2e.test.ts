import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, signInUi } from './helpers/story.ts';

/**
 * Story: an agent answers with a shared macro. The picker (m, type to search, Enter) fills the reply
 * in the requester's language with the placeholders filled and shows the macro's actions as chips;
 * the agent removes one, sends, and the reply and the kept actions (status, tags) are on the ticket,
 * the removed one is not. Canned responses an older version kept in the browser become personal
 * macros, with a notice; the management screen lists and creates macros. English and 简体中文.
 */
let k: RunningKefu;
let browser: Browser;
let macroId: number;
const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${SHOTS}/macros-${name}.png`, fullPage });
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };

const ticketFor = async (email: string, name: string, subject: string) => {
  const r = await k.admin.post('/tickets', {
    subject,
    body: 'Details follow.',
    requester_email: email,
    requester_name: name,
    priority: 'P3',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; number: number; requester: { id: number } };
};

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  await createPerson(k, { name: 'Ann Agent', email: 'ann@kefu.test', role: 'agent', password: 'Ann-long-pass-42' });
  await createPerson(k, { name: '李雷', email: 'lilei@kefu.test', role: 'agent', password: 'LiLei-long-pass-42', locale: 'zh-CN' });
  const m = await k.admin.post('/macros', {
    name: 'Password reset · 重置密码',
    shared: true,
    body: {
      en: 'Hello {{requester.name}},\n\nWe reset the password for ticket #{{ticket.number}}.\n\n{{agent.name}}',
      'zh-CN': '{{requester.name}}，您好：\n\n工单 #{{ticket.number}} 的密码已重置。\n\n{{agent.name}}',
    },
    actions: { status: 'pending', priority: 'P2', tags_add: ['password'] },
  });
  expect(m.status, JSON.stringify(m.body)).toBe(201);
  macroId = m.body.id;
  await k.admin.post('/macros', {
    name: 'Ask for a screenshot · 请提供截图',
    shared: true,
    body: { en: 'Could you send a screenshot?', 'zh-CN': '能发一张截图吗？' },
  });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

async function story(o: {
  lang: 'en' | 'zh';
  agent: [string, string];
  requester: [string, string, string];
  subject: string;
  expectText: string;
  chips: { status: string; priority: string; tag: string };
  labels: typeof EN;
  send: RegExp;
  manage: RegExp;
  newMacro: RegExp;
}) {
  const t = await ticketFor(o.requester[0], o.requester[1], o.subject);
  if (o.requester[2] !== 'en') {
    const p = await k.admin.get(`/people/${t.requester.id}`);
    await k.admin.patch(`/people/${p.body.id}`, { locale: o.requester[2] });
  }
  const ctx = await newContext(browser, { locale: o.lang === 'en' ? 'en-US' : 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signInUi(page, k.base, o.agent[0], o.agent[1], o.labels);
  // Canned responses an older Kefu kept in this browser.
  await page.evaluate(
    `localStorage.setItem('kefu.canned', JSON.stringify([{ id: 'x1', title: 'My sign-off ${o.lang}', body: 'Thanks {requester}! — {agent}' }]))`,
  );
  await page.goto(`${k.base}/agent/tickets/${t.number}`);
  await page.getByTestId('canned-moved').waitFor();
  expect(await page.evaluate(`localStorage.getItem('kefu.canned')`)).toBeNull();

  // m opens the picker; typing filters; Enter applies the highlighted macro.
  await page.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
  await page.keyboard.press('m');
  const search = page.getByRole('combobox', { name: /^(Search macros…|搜索宏…)$/ });
  await search.waitFor();
  const options = page.getByRole('listbox', { name: /^(Apply a macro|应用宏)$/ }).getByRole('option');
  await options.first().waitFor();
  expect(await options.count()).toBe(3); // two shared, and the canned response moved from this browser
  await search.fill(o.lang === 'en' ? 'pass' : '密码');
  await expect.poll(() => options.count()).toBe(1);
  await shot(page, `picker-${o.lang}`);
  await page.keyboard.press('Enter');
  const box = page.getByRole('textbox', { name: o.lang === 'en' ? /Reply to/ : /回复/ });
  await expect.poll(() => box.inputValue()).toContain(o.expectText);
  expect(await box.inputValue()).toContain(`#${t.number}`);
  const pending = page.getByTestId('macro-pending');
  await pending.getByText(o.chips.status).waitFor();
  await pending.getByText(o.chips.tag).waitFor();
  await pending.getByText(o.chips.priority).waitFor();
  await shot(page, `chips-${o.lang}`);
  // Not this one: the priority stays.
  await pending.getByRole('button', { name: new RegExp(o.chips.priority) }).click();
  await expect.poll(() => pending.getByText(o.chips.priority).count()).toBe(0);

  await page.getByRole('button', { name: o.send }).click();
  await page.getByTestId('message').filter({ hasText: o.expectText }).waitFor();
  await expect.poll(async () => (await k.admin.get(`/tickets/${t.id}`)).body.status).toBe('pending');
  const after = (await k.admin.get(`/tickets/${t.id}`)).body;
  expect(after.tags).toContain('password');
  expect(after.priority).toBe('P3');
  expect(await page.getByTestId('macro-pending').count()).toBe(0);

  // The management screen: the moved canned response is a personal macro; a new one is created there.
  await page.getByRole('link', { name: o.manage }).first().click();
  await page.waitForURL(/\/agent\/macros$/);
  await page.getByText(`My sign-off ${o.lang}`).waitFor();
  await page.getByRole('button', { name: o.newMacro }).click();
  const form = page.locator('form.macro-editor');
  await form.locator('input').first().fill(`Closing ${o.lang}`);
  await form.locator('textarea[lang="en"]').fill('Closing this now, {{requester.first_name}}.');
  await form.locator('textarea[lang="zh-CN"]').fill('{{requester.name}}，此工单现在关闭。');
  await form.locator('select').first().selectOption('solved');
  await form.locator('input').nth(1).fill('done, follow-up');
  await shot(page, `manage-${o.lang}`, true);
  await form.getByRole('button', { name: o.lang === 'en' ? 'Save macro' : '保存宏' }).click();
  await page.getByRole('cell', { name: new RegExp(`^Closing ${o.lang}`) }).waitFor();
  await shot(page, `list-${o.lang}`, true);
  const mine = (await (await k.as(o.agent[0], o.agent[1])).get('/macros')).body.data as Array<{
    name: string;
    shared: boolean;
    actions: any;
    body: any;
  }>;
  expect(mine.find((m) => m.name === `Closing ${o.lang}`)).toMatchObject({
    shared: false,
    actions: { status: 'solved', tags_add: ['done', 'follow-up'] },
  });
  expect(mine.find((m) => m.name === `My sign-off ${o.lang}`)?.body[o.lang === 'en' ? 'en' : 'zh-CN']).toBe(
    'Thanks {{requester.name}}! — {{agent.name}}',
  );
  expect(errors).toEqual([]);
  await ctx.close();
}

it('English: apply a shared macro from the picker, drop one action, send; reply and kept actions land; manage macros', async () => {
  await story({
    lang: 'en',
    agent: ['ann@kefu.test', 'Ann-long-pass-42'],
    requester: ['carl@customer.test', 'Carl Customer', 'en'],
    subject: 'Cannot sign in',
    expectText: 'Hello Carl Customer,',
    chips: { status: 'Status → Waiting on customer', priority: 'Priority → P2 · High', tag: '+ tag password' },
    labels: EN,
    send: /^Send reply$/,
    manage: /^Macros$/,
    newMacro: /^New macro$/,
  });
  expect((await k.admin.get(`/macros/${macroId}`)).body.usage_count).toBe(1);
});

it('简体中文: the same macro answers a Chinese requester in Chinese; chips, sending and the screen in Chinese', async () => {
  await story({
    lang: 'zh',
    agent: ['lilei@kefu.test', 'LiLei-long-pass-42'],
    requester: ['wangfang@customer.test', '王芳', 'zh-CN'],
    subject: '无法登录',
    expectText: '王芳，您好：',
    chips: { status: '状态 → 等待客户回复', priority: '优先级 → P2 · 高', tag: '+ 标签 password' },
    labels: ZH,
    send: /^发送回复$/,
    manage: /^宏$/,
    newMacro: /^新建宏$/,
  });
  expect((await k.admin.get(`/macros/${macroId}`)).body.usage_count).toBe(2);
});
