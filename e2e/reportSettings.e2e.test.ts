import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { signInUi } from './helpers/story.ts';

/**
 * Story: the admin opens Admin › Reports & surveys, raises the compliance targets, turns on the
 * measured first-response compliance on the public status page and changes the satisfaction survey;
 * a wrong percentage is refused at its field. Anyone then reads the compliance per plan at /status, in
 * English and 简体中文, and the settings are still there after a reload and in the other language.
 * Two Enterprise tickets answered in the last 30 days (one in time, one late) are imported first.
 */
let k: RunningKefu;
let browser: Browser;
const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };
const MIN = 60_000;
const at = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  expect((await k.admin.post('/presets/tiered-support/apply', {})).status).toBeLessThan(300);
  const plans = (await k.admin.get('/plans')).body.data as Array<{ id: number; name: string }>;
  const enterprise = plans.find((p) => p.name === 'Enterprise')!.id;
  const org = (await k.admin.post('/organizations', { name: 'Ent Co', plan_id: enterprise })).body.id as number;
  // Enterprise P1 (first response within 2 h): answered after 30 min two days ago (met), after 3 h three days ago (breached).
  const now = Date.now();
  const lines = [
    { subject: 'Answered in time', created: now - 2 * 1440 * MIN, reply: 30 * MIN },
    { subject: 'Answered late', created: now - 3 * 1440 * MIN, reply: 180 * MIN },
  ].map((l, i) => ({
    subject: l.subject,
    requester_email: `r${i}@ent.test`,
    requester_name: `Requester ${i}`,
    organization_id: org,
    priority: 'P1',
    created_at: at(l.created),
    messages: [
      { body: 'It is broken.', author_role: 'customer', created_at: at(l.created) },
      { body: 'Fixed, please check.', author_role: 'agent', created_at: at(l.created + l.reply) },
    ],
  }));
  const token = (await k.adminSession.post('/tokens', { name: 'report-settings-import' })).body.token as string;
  const imported = await fetch(`${k.base}/api/v1/import/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: lines.map((l) => JSON.stringify(l)).join('\n'),
  });
  expect(await imported.json()).toEqual({ imported: 2, skipped: [], failed: [] });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

async function open(locale: 'en-US' | 'zh-CN', signIn: boolean): Promise<Page> {
  const ctx = await newContext(browser, { locale, timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  if (signIn) await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, locale === 'en-US' ? EN : ZH);
  return page;
}

it('the admin turns on compliance on the status page and changes targets and the survey; /status shows it; settings survive a reload', async () => {
  // Off by default: the public page has no compliance card.
  expect((await k.admin.get('/reports/settings')).body).toEqual({
    compliance_targets: { sla: 0.95, slo: 0.9 },
    status_page_compliance: false,
  });
  const before = await open('en-US', false);
  await before.goto(`${k.base}/status`);
  await before.getByRole('heading', { name: 'System status' }).waitFor();
  expect(await before.getByRole('heading', { name: 'First-response compliance' }).count()).toBe(0);
  await before.context().close();

  // The admin finds the screen in the admin navigation.
  const page = await open('en-US', true);
  await page.goto(`${k.base}/admin`);
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Reports & surveys' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/reports');
  await page.getByRole('heading', { name: 'Reports & surveys', level: 1 }).waitFor();
  const reports = page.getByRole('form', { name: 'Report settings' });
  const survey = page.getByRole('form', { name: 'Satisfaction survey' });
  const sla = reports.getByLabel('SLA compliance target');
  const slo = reports.getByLabel('SLO compliance target');
  const onStatus = reports.getByLabel(/Show our measured first-response compliance per plan \(last 30 days\) on the public status page/);
  expect(await sla.inputValue()).toBe('95');
  expect(await slo.inputValue()).toBe('90');
  expect(await onStatus.isChecked()).toBe(false);
  expect(await reports.getByRole('link', { name: 'Open the status page' }).getAttribute('href')).toBe('/status');
  const enabled = survey.getByLabel('Ask requesters to rate solved tickets');
  const notify = survey.getByLabel('Notify about low ratings');
  expect(await enabled.isChecked()).toBe(true);
  expect(await notify.inputValue()).toBe('3');
  expect(await notify.locator('option:checked').innerText()).toBe('Ratings of 1 or 2');

  // A percentage outside 0–100 is refused at its field, and nothing is saved.
  await sla.fill('120');
  await reports.getByRole('button', { name: 'Save' }).click();
  await reports.getByText('Enter a percentage from 0 to 100.').waitFor();
  expect(await sla.getAttribute('aria-invalid')).toBe('true');
  expect((await k.admin.get('/reports/settings')).body.compliance_targets.sla).toBe(0.95);
  await page.screenshot({ path: `${SHOTS}/admin-reports-en-invalid.png` });

  // Targets as percentages, the status page switched on.
  await sla.fill('97.5');
  await slo.fill('85');
  await onStatus.check();
  await reports.getByRole('button', { name: 'Save' }).click();
  await reports.getByRole('status').getByText('Saved.').waitFor();
  expect(await sla.getAttribute('aria-invalid')).toBeNull();
  expect((await k.admin.get('/reports/settings')).body).toEqual({
    compliance_targets: { sla: 0.975, slo: 0.85 },
    status_page_compliance: true,
  });

  // The survey: off, and ratings of 1 to 3 notify.
  await enabled.uncheck();
  await notify.selectOption({ label: 'Ratings of 1 to 3' });
  await survey.getByRole('button', { name: 'Save' }).click();
  await survey.getByRole('status').getByText('Saved.').waitFor();
  expect((await k.admin.get('/settings/satisfaction')).body).toEqual({ enabled: false, notify_below: 4 });
  await page.screenshot({ path: `${SHOTS}/admin-reports-en-saved.png`, fullPage: true });

  // After a reload the screen shows what was saved.
  await page.reload();
  await page.getByRole('heading', { name: 'Reports & surveys', level: 1 }).waitFor();
  await sla.waitFor();
  expect(await sla.inputValue()).toBe('97.5');
  expect(await slo.inputValue()).toBe('85');
  expect(await onStatus.isChecked()).toBe(true);
  expect(await enabled.isChecked()).toBe(false);
  expect(await notify.inputValue()).toBe('4');
  await page.screenshot({ path: `${SHOTS}/admin-reports-en.png`, fullPage: true });
  await page.context().close();

  // Anyone reads the measured compliance per plan at /status: Enterprise, 1 of 2 on time.
  for (const [locale, title, plan, line] of [
    ['en-US', 'First-response compliance', 'Enterprise', '1 of 2 on time'],
    ['zh-CN', '首次响应达标率', '企业', '2 个中 1 个按时'],
  ] as const) {
    const p = await open(locale, false);
    await p.goto(`${k.base}/status`);
    const card = p.getByRole('region', { name: title });
    await card.waitFor();
    await card.getByText(plan, { exact: true }).waitFor();
    await card.getByText(line).waitFor();
    expect(await card.innerText()).toMatch(/50\s?%/);
    expect(await card.innerText()).not.toContain('{');
    await p.screenshot({ path: `${SHOTS}/status-compliance-${locale}.png`, fullPage: true });
    await p.context().close();
  }

  // In 简体中文 the same screen, with the saved values.
  const zh = await open('zh-CN', true);
  await zh.goto(`${k.base}/admin`);
  await zh.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '报表与满意度调查' }).click();
  await zh.getByRole('heading', { name: '报表与满意度调查', level: 1 }).waitFor();
  const zhReports = zh.getByRole('form', { name: '报表设置' });
  await zhReports.getByLabel('SLA 达成率目标').waitFor();
  expect(await zhReports.getByLabel('SLA 达成率目标').inputValue()).toBe('97.5');
  expect(await zhReports.getByLabel(/在公开状态页上显示/).isChecked()).toBe(true);
  const zhSurvey = zh.getByRole('form', { name: '满意度调查' });
  expect(await zhSurvey.getByLabel('邀请请求人为已解决的工单评分').isChecked()).toBe(false);
  expect(await zhSurvey.getByLabel('低分通知').locator('option:checked').innerText()).toBe('1 到 3 分');
  await zh.screenshot({ path: `${SHOTS}/admin-reports-zh.png`, fullPage: true });
  await zh.context().close();
});
