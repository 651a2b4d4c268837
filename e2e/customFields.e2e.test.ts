import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, signInUi } from './helpers/story.ts';

/**
 * Custom ticket fields (docs/custom-fields.md), in English and 简体中文:
 * - An admin defines a required choice field for one category on Admin → Ticket fields, with both labels.
 * - A customer choosing that category in the portal is asked it, cannot go on without it, and submits it.
 * - The agent sees it in the ticket's side panel under its label and changes it.
 */
let k: RunningKefu;
let browser: Browser;
let orgId: number;
const errors: string[] = [];

type Lang = 'en' | 'zh';
const L = {
  en: {
    ctx: { locale: 'en-US', timezoneId: 'Europe/Berlin' } as const,
    signIn: { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ },
    navFields: 'Ticket fields',
    newField: 'New field',
    key: 'Key',
    type: 'Type',
    choice: 'One choice',
    labelEn: 'Label in English',
    labelZh: 'Label in Chinese (简体中文)',
    options: 'Options',
    category: /^DNS/,
    required: /^Required/,
    customers: /^Shown to customers/,
    create: 'Create field',
    edit: (name: string) => `Edit ${name} (`,
    label: 'Affected region',
    region: { en: 'Affected region', zh: '受影响的地区' },
    next: /Next/,
    summary: 'Summary',
    requiredErr: 'Fill in the fields marked required.',
    p3: /P3/,
    submit: 'Submit request',
    confirm: 'We have your request',
    panel: 'Ticket fields',
    save: 'Save fields',
    china: 'China',
    europe: 'Europe',
    accountRef: 'Account reference',
  },
  zh: {
    ctx: { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } as const,
    signIn: { email: /邮箱/, password: /^密码$/, submit: /^登录$/ },
    navFields: '工单字段',
    newField: '新建字段',
    key: '键',
    type: '类型',
    choice: '单选',
    labelEn: '英文名称（English）',
    labelZh: '中文名称',
    options: '选项',
    category: /^SSL\/TLS/,
    required: /^必填/,
    customers: /^对客户显示/,
    create: '创建字段',
    edit: (name: string) => `编辑 ${name}（`,
    label: '受影响的地区',
    region: { en: 'Affected region', zh: '受影响的地区' },
    next: /下一步/,
    summary: '概要',
    requiredErr: '请填写标为必填的字段。',
    p3: /P3/,
    submit: '提交请求',
    confirm: '我们已收到您的请求',
    panel: '工单字段',
    save: '保存字段',
    china: '中国',
    europe: '欧洲',
    accountRef: '账户编号',
  },
};
const CATEGORY = { en: 'dns', zh: 'ssl' } as const;

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  orgId = (await k.admin.post('/organizations', { name: 'Regions Co' })).body.id;
  // A staff-only field every ticket has (no categories): the console's New ticket asks it, customers never see it.
  const ref = await k.admin.post('/ticket-fields', {
    key: 'account_ref',
    label: { en: 'Account reference', 'zh-CN': '账户编号' },
    type: 'text',
    required: true,
  });
  expect(ref.status, JSON.stringify(ref.body)).toBe(201);
  for (const lang of ['en', 'zh'] as Lang[])
    await createPerson(k, {
      name: `Rita ${lang}`,
      email: `rita-${lang}@fields.test`,
      role: 'customer',
      organization_id: orgId,
      password: 'Long-pass-1234',
      locale: lang === 'en' ? 'en' : 'zh-CN',
    });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
  expect(errors).toEqual([]);
});

async function open(lang: Lang, email: string, password: string): Promise<Page> {
  const ctx = await newContext(browser, L[lang].ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await signInUi(page, k.base, email, password, L[lang].signIn);
  return page;
}

describe.each(['en', 'zh'] as Lang[])('custom ticket fields (%s)', (lang) => {
  const l = L[lang];
  const shot = shooter(`custom-fields-${lang}`);
  const key = `region_${lang}`;
  let ticketNumber = 0;

  it('an admin defines a required choice field for one category, with both labels', async () => {
    const a = await open(lang, ADMIN_EMAIL, ADMIN_PASSWORD);
    await a.goto(`${k.base}/admin`);
    await a.getByRole('link', { name: l.navFields }).click();
    await a.getByRole('heading', { name: l.navFields, level: 1 }).waitFor();
    await a.getByRole('button', { name: l.newField }).click();
    const editor = a.getByTestId('field-editor');
    await editor.getByLabel(l.key).fill(key);
    await editor.getByLabel(l.type).selectOption({ label: l.choice });
    await editor.getByLabel(l.labelEn).fill(l.region.en);
    await editor.getByLabel(l.labelZh).fill(l.region.zh);
    await editor.getByLabel(l.options).fill('eu\nus\ncn');
    await editor.getByRole('checkbox', { name: l.category }).check();
    await editor.getByRole('checkbox', { name: l.required }).check();
    await editor.getByRole('checkbox', { name: l.customers }).check();
    await shot(a, 'admin-new-field');
    await editor.getByRole('button', { name: l.create }).click();
    const row = a.getByTestId('ticket-fields-table').getByRole('row', { name: new RegExp(key) });
    await row.waitFor();
    expect(await row.innerText()).toContain(l.label);
    await shot(a, 'admin-field-list');
    const f = ((await k.admin.get('/ticket-fields')).body.data as Array<Record<string, unknown>>).find((x) => x.key === key);
    expect(f).toMatchObject({
      type: 'select',
      label: { en: l.region.en, 'zh-CN': l.region.zh },
      options: ['eu', 'us', 'cn'],
      categories: [CATEGORY[lang]],
      required: true,
      visible_to_customers: true,
      sensitive: false,
    });
    // Names for the options, in both languages, through the API (the screen keeps them when editing).
    const names = {
      eu: { en: 'Europe', 'zh-CN': '欧洲' },
      us: { en: 'United States', 'zh-CN': '美国' },
      cn: { en: 'China', 'zh-CN': '中国' },
    };
    expect((await k.admin.patch(`/ticket-fields/${f!.id}`, { option_labels: names })).status).toBe(200);
    await row.getByRole('button', { name: l.edit(l.label) }).click();
    await a.getByTestId('field-editor').getByLabel(l.key).waitFor();
    expect(await a.getByTestId('field-editor').getByLabel(l.key).isDisabled()).toBe(true);
    await shot(a, 'admin-edit-field');
    await a.context().close();
  });

  it("the portal asks the chosen category's field and will not go on without it", async () => {
    const page = await open(lang, `rita-${lang}@fields.test`, 'Long-pass-1234');
    await page.goto(`${k.base}/requests/new`);
    // The account owns no domain or product: from the account straight to the summary, and no checks.
    await page.getByRole('button', { name: l.next }).click();
    await page.getByLabel(l.summary).fill(lang === 'en' ? 'Certificate errors in one region' : '某个地区出现证书错误');
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('radio', { name: l.category }).check();
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('radio', { name: l.p3 }).check();
    await page.getByRole('button', { name: l.next }).click();
    const select = page.getByTestId(`cf-${key}`);
    await select.waitFor();
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('alert').getByText(l.requiredErr).waitFor();
    await shot(page, 'portal-required-field');
    expect(await select.locator('option').allInnerTexts()).toEqual(expect.arrayContaining([l.china, l.europe]));
    await select.selectOption('cn');
    await page.getByRole('button', { name: l.next }).click();
    expect(await page.locator('.body-preview').innerText()).toContain(`${l.label}${lang === 'en' ? ': ' : '：'}${l.china}`);
    await shot(page, 'portal-review');
    await page.getByRole('button', { name: l.submit }).click();
    await page.getByRole('heading', { name: l.confirm }).waitFor();
    const t = (await k.admin.get(`/tickets?organization_id=${orgId}&limit=1&sort=-created_at`)).body.data[0];
    expect(t.category).toBe(CATEGORY[lang]);
    expect(t.custom_fields).toEqual({ [key]: 'cn' });
    ticketNumber = t.number;
    await page.context().close();
  });

  it('the agent sees the field under its label in the side panel and changes it', async () => {
    const a = await open(lang, ADMIN_EMAIL, ADMIN_PASSWORD);
    await a.goto(`${k.base}/agent/tickets/${ticketNumber}`);
    const panel = a.getByTestId('custom-fields');
    await panel.getByRole('heading', { name: l.panel }).waitFor();
    const select = panel.getByLabel(new RegExp(l.label));
    await expect.poll(() => select.inputValue()).toBe('cn');
    await panel.scrollIntoViewIfNeeded();
    await shot(a, 'agent-side-panel');
    await select.selectOption('eu');
    await panel.getByRole('button', { name: l.save }).click();
    await expect
      .poll(async () => (await k.admin.get(`/tickets?number=${ticketNumber}`)).body.data[0].custom_fields)
      .toEqual({ [key]: 'eu' });
    await a.context().close();
  });

  it("the console's New ticket asks the fields every ticket has, staff-only ones included", async () => {
    const a = await open(lang, ADMIN_EMAIL, ADMIN_PASSWORD);
    await a.goto(`${k.base}/agent/new`);
    const ref = a.getByLabel(new RegExp(l.accountRef));
    await ref.waitFor();
    await ref.fill('ACC-42');
    await shot(a, 'agent-new-ticket');
    // Customers never see a staff-only field.
    const rita = await k.as(`rita-${lang}@fields.test`, 'Long-pass-1234');
    expect((await rita.get('/ticket-fields')).body.data.map((f: { key: string }) => f.key)).not.toContain('account_ref');
    await a.context().close();
  });
});
