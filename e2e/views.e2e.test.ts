import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, prepareDesk, signInUi, type Desk } from './helpers/story.ts';

/**
 * Story: views with counts, and bulk changes. The sidebar's counts follow a new ticket without a
 * reload; the agent selects three tickets (a click and a shift-click) and solves them at once;
 * a partial failure of a merge is reported per ticket. In English and in 简体中文.
 */
let k: RunningKefu;
let browser: Browser;
let desk: Desk;
const shot = shooter('views');
const SHOTS = '/tmp/shots';
const LIVE = { timeout: 10_000 };
const LANGS = {
  en: {
    locale: 'en-US' as const,
    zone: 'Europe/Berlin',
    email: 'vera@kefu.test',
    name: 'Vera Views',
    labels: { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ },
    unassigned: 'Unassigned',
    solve: /^Solve$/,
    done: /3 updated/,
    failed: /1 updated, 1 failed: #\d+: This is the ticket the others are merged into/,
    change: 'Change',
    merge: 'Merge',
    mergeLabel: 'into ticket number',
    apply: /^Apply$/,
  },
  zh: {
    locale: 'zh-CN' as const,
    zone: 'Asia/Shanghai',
    email: 'lilei@kefu.test',
    name: '李雷',
    labels: { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ },
    unassigned: '未分配',
    solve: /^标记为已解决$/,
    done: /已更新 3 个/,
    failed: /已更新 1 个，1 个失败：#\d+：这就是其他工单要合并到的工单/,
    change: '修改',
    merge: '合并',
    mergeLabel: '合并到工单编号',
    apply: /^应用$/,
  },
};

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  k = await startKefu();
  browser = await launch();
  desk = await prepareDesk(k, { orgName: 'Viewpoint', domain: 'viewpoint.test' });
  await createPerson(k, { name: 'Vera Views', email: 'vera@kefu.test', role: 'agent', password: 'Vera-long-pass-42', locale: 'en' });
  await createPerson(k, { name: '李雷', email: 'lilei@kefu.test', role: 'agent', password: 'LiLei-long-pass-42', locale: 'zh-CN' });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

const newTicket = async (subject: string) => {
  const r = await k.admin.post('/tickets', {
    subject,
    body: 'Please help.',
    requester_email: `pat@${desk.domain}`,
    organization_id: desk.org.id,
    priority: 'P3',
    override_entitlement: true,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; number: number };
};
const unassignedLink = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name: new RegExp(`^${name} \\d+`) });
const countOf = async (page: Page, name: string) =>
  Number(/(\d+)/.exec((await unassignedLink(page, name).innerText()).replace(name, ''))?.[1]);

for (const lang of ['en', 'zh'] as const) {
  it(`(${lang}) a view's count follows a new ticket without a reload, and three tickets are solved at once`, async () => {
    const L = LANGS[lang];
    const mark = `${lang.toUpperCase()}-${Date.now() % 100000}`;
    const ts = [
      await newTicket(`${mark} printer on fire`),
      await newTicket(`${mark} cannot log in`),
      await newTicket(`${mark} invoice missing`),
    ];
    const ctx = await newContext(browser, { locale: L.locale, timezoneId: L.zone });
    const page = await ctx.newPage();
    await signInUi(page, k.base, L.email, lang === 'en' ? 'Vera-long-pass-42' : 'LiLei-long-pass-42', L.labels);
    // /agent opens the first view with tickets in it: nothing is assigned to this agent, so "Unassigned".
    await page.goto(`${k.base}/agent`);
    await page.waitForURL(/\/agent\/queue\/unassigned$/);
    await page.getByTestId('queue-row').first().waitFor();
    const before = await countOf(page, L.unassigned);
    expect(before).toBeGreaterThanOrEqual(3);

    const navigations: string[] = [];
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations.push(f.url());
    });
    await newTicket(`${mark} arrives while watching`);
    await unassignedLink(page, L.unassigned)
      .filter({ hasText: String(before + 1) })
      .waitFor(LIVE);
    await expect.poll(() => countOf(page, L.unassigned), LIVE).toBe(before + 1);
    // The link's visible text carries the count.
    expect(await unassignedLink(page, L.unassigned).innerText()).toBe(`${L.unassigned} ${before + 1}`);
    expect(navigations, 'no reload happened').toEqual([]);
    await page
      .getByTestId('queue-row')
      .filter({ hasText: `${mark} arrives while watching` })
      .waitFor(LIVE);
    await page.screenshot({ path: `${SHOTS}/views-${lang}-counts.png` });
    await shot(page, `${lang}-counts`, false);

    // Select the three by a click on the first and a shift-click on the last.
    const rows = page.getByTestId('queue-row').filter({ hasText: mark }).filter({ hasNotText: 'arrives while watching' });
    await expect.poll(() => rows.count()).toBe(3);
    await rows.nth(0).getByTestId('row-check').click();
    await rows
      .nth(2)
      .getByTestId('row-check')
      .click({ modifiers: ['Shift'] });
    for (let i = 0; i < 3; i++) expect(await rows.nth(i).getByTestId('row-check').isChecked()).toBe(true);
    const bar = page.getByRole('region', { name: lang === 'en' ? 'Change the selected tickets' : '批量修改所选工单' });
    await bar.getByRole('status').filter({ hasText: '3' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/views-${lang}-bulk-bar.png` });
    await shot(page, `${lang}-bulk-bar`, false);

    await bar.getByRole('button', { name: L.solve }).click();
    await page.getByTestId('bulk-report').filter({ hasText: L.done }).waitFor(LIVE);
    for (const t of ts) expect((await k.admin.get(`/tickets/${t.id}`)).body.status).toBe('solved');
    await expect.poll(() => countOf(page, L.unassigned), LIVE).toBe(before - 2);
    await expect.poll(() => rows.count(), LIVE).toBe(0);

    // A merge of two tickets into one of them: the target cannot merge into itself, reported by its number.
    const target = await newTicket(`${mark} merge target`);
    const other = await newTicket(`${mark} duplicate`);
    await page
      .getByTestId('queue-row')
      .filter({ hasText: `${mark} duplicate` })
      .getByTestId('row-check')
      .click();
    await page
      .getByTestId('queue-row')
      .filter({ hasText: `${mark} merge target` })
      .getByTestId('row-check')
      .click();
    await bar.getByLabel(L.change).selectOption({ label: L.merge });
    await bar.getByLabel(L.mergeLabel).fill(String(target.number));
    await bar.getByRole('button', { name: L.apply }).click();
    await page.getByTestId('bulk-report').filter({ hasText: L.failed }).waitFor(LIVE);
    expect(await page.getByTestId('bulk-report').innerText()).toContain(`#${target.number}`);
    expect((await k.admin.get(`/tickets/${other.id}`)).body.merged_into_id).toBe(target.id);
    await page.screenshot({ path: `${SHOTS}/views-${lang}-bulk-report.png` });
    await ctx.close();
  });
}

const EDITOR = {
  en: {
    newView: /^\+ New view$/,
    dialog: 'New view',
    name: 'Name',
    p1: /^P1 /,
    save: /^Save view$/,
    edit: /^Edit view$/,
    editDialog: 'Edit view',
    tags: 'Tags',
    del: /^Delete view$/,
    yes: /^Yes, delete$/,
  },
  zh: {
    newView: /^\+ 新建视图$/,
    dialog: '新建视图',
    name: '名称',
    p1: /^P1 /,
    save: /^保存视图$/,
    edit: /^编辑视图$/,
    editDialog: '编辑视图',
    tags: '标签',
    del: /^删除视图$/,
    yes: /^确认删除$/,
  },
};

for (const lang of ['en', 'zh'] as const) {
  it(`(${lang}) an agent makes a view of their own in the editor, sees its count, narrows it, and deletes it`, async () => {
    const L = { ...LANGS[lang], ...EDITOR[lang] };
    const tag = `ed${lang}${Date.now() % 100000}`;
    const viewName = lang === 'en' ? `Urgent ${tag}` : `紧急 ${tag}`;
    const mk = async (priority: string, tags: string[]) =>
      (
        await k.admin.post('/tickets', {
          subject: `${tag} ${priority}`,
          body: 'Please help.',
          requester_email: `pat@${desk.domain}`,
          organization_id: desk.org.id,
          priority,
          tags,
          override_entitlement: true,
        })
      ).body;
    await mk('P1', [tag]);
    await mk('P1', [tag, 'vip']);
    await mk('P1', []);
    await mk('P3', [tag]);
    const ctx = await newContext(browser, { locale: L.locale, timezoneId: L.zone });
    const page = await ctx.newPage();
    await signInUi(page, k.base, L.email, lang === 'en' ? 'Vera-long-pass-42' : 'LiLei-long-pass-42', L.labels);
    await page.goto(`${k.base}/agent/queue/unassigned`);
    await page.getByRole('button', { name: L.newView }).click();
    const dialog = page.getByRole('dialog', { name: L.dialog });
    await dialog.getByLabel(L.name, { exact: true }).fill(viewName);
    await dialog.getByRole('checkbox', { name: L.p1 }).check();
    await dialog.getByLabel(L.tags, { exact: true }).fill(tag);
    // The labels of the last row (tags, created, updated) are read whole: none runs into another or out of the dialog.
    const boxes = await dialog.locator('.sp-field label').evaluateAll((ls) =>
      ls.map((l) => ({
        left: l.getBoundingClientRect().left,
        right: l.getBoundingClientRect().right,
        top: l.getBoundingClientRect().top,
        width: l.scrollWidth,
        shown: l.clientWidth,
      })),
    );
    const frame = (await dialog.boundingBox())!;
    for (const b of boxes) {
      expect(b.width, 'label cut').toBeLessThanOrEqual(b.shown + 1);
      expect(b.right, 'label out of the dialog').toBeLessThanOrEqual(frame.x + frame.width);
    }
    for (const a of boxes)
      for (const b of boxes)
        if (a !== b && Math.abs(a.top - b.top) < 4) expect(a.right <= b.left + 1 || b.right <= a.left + 1, 'labels overlap').toBe(true);
    await page.screenshot({ path: `${SHOTS}/views-${lang}-editor.png` });
    await shot(page, `${lang}-editor`, false);
    await dialog.locator('.sp-field input[type="number"]').last().scrollIntoViewIfNeeded();
    await shot(page, `${lang}-editor-days`, false);
    await dialog.getByRole('button', { name: L.save }).click();
    // The new view opens, and the sidebar names it with its count: the two P1 tickets tagged with the mark.
    await page.waitForURL(/\/agent\/queue\/\d+$/);
    const link = page.getByRole('navigation').getByRole('link', { name: new RegExp(`^${viewName} \\d+`) });
    await expect.poll(async () => (await link.innerText()).trim(), LIVE).toBe(`${viewName} 2`);
    await expect.poll(() => page.getByTestId('queue-row').count(), LIVE).toBe(2);
    await page.screenshot({ path: `${SHOTS}/views-${lang}-own-view.png` });

    // Narrow it: every one of two tags.
    await page.getByRole('button', { name: L.edit }).click();
    const edit = page.getByRole('dialog', { name: L.editDialog });
    expect(await edit.getByRole('checkbox', { name: L.p1 }).isChecked()).toBe(true);
    await edit.getByLabel(L.tags, { exact: true }).fill(`${tag}, vip`);
    await edit.getByRole('button', { name: L.save }).click();
    await expect.poll(async () => (await link.innerText()).trim(), LIVE).toBe(`${viewName} 1`);
    await expect.poll(() => page.getByTestId('queue-row').count(), LIVE).toBe(1);
    const stored = (await k.admin.get('/views')).body.data;
    // The admin does not see another agent's own view; the agent's API answer has it with its filters.
    expect(stored.some((v: { name: string }) => v.name === viewName)).toBe(false);

    await page.getByRole('button', { name: L.edit }).click();
    await edit.getByRole('button', { name: L.del }).click();
    await edit.getByRole('button', { name: L.yes }).click();
    await page.waitForURL(/\/agent(\/queue\/[a-z_]+)?$/);
    await expect.poll(() => link.count(), LIVE).toBe(0);
    await ctx.close();
  });
}

it('(en) "select all N matching" pages through the whole view and changes every ticket, in calls of 100 at most', async () => {
  for (let i = 0; i < 52; i++) await newTicket(`many ${i}`);
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'UTC' });
  const page = await ctx.newPage();
  await signInUi(page, k.base, 'vera@kefu.test', 'Vera-long-pass-42', LANGS.en.labels);
  await page.goto(`${k.base}/agent/queue/unassigned`);
  await page.getByTestId('queue-row').first().waitFor();
  const total = await countOf(page, 'Unassigned');
  expect(total).toBeGreaterThan(50);
  expect(await page.getByTestId('queue-row').count()).toBe(50);
  await page.getByLabel('Select all on this page').check();
  const bar = page.getByRole('region', { name: 'Change the selected tickets' });
  await bar.getByRole('status').filter({ hasText: '50 selected' }).waitFor();
  await bar.getByRole('button', { name: `Select all ${total} matching` }).click();
  await bar
    .getByRole('status')
    .filter({ hasText: `All ${total} matching tickets selected` })
    .waitFor();
  await bar.getByLabel('Change').selectOption({ label: 'Add tags' });
  await bar.getByLabel(/tags \(separated by commas\)/).fill('everyone');
  await page.screenshot({ path: `${SHOTS}/views-en-select-all.png` });
  await bar.getByRole('button', { name: /^Apply$/ }).click();
  await page
    .getByTestId('bulk-report')
    .filter({ hasText: `${total} updated` })
    .waitFor(LIVE);
  const tagged = await k.admin.post('/views', { name: 'Everyone', filters: { tags: ['everyone'] } });
  expect(tagged.body.count).toBe(total);
  await ctx.close();
});
