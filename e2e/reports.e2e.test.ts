import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, signInUi } from './helpers/story.ts';

/**
 * Story: a team lead opens the reports for a chosen week (the period is in the URL, so the link is shared),
 * reads SLA compliance per plan and priority against the target, sees the charts in English and 简体中文,
 * follows a breached count to the breached tickets and opens one; from a queue view an agent exports the
 * tickets as CSV. Histories are imported at chosen instants, so every figure is known by construction.
 */
let k: RunningKefu;
let browser: Browser;
const numbers: Record<string, number> = {};
const ids: Record<string, number> = {};
const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };
const PERIOD = 'from=2026-06-01&to=2026-06-09';

const MIN = 60_000;
/** Monday 2026-06-01 12:00 UTC: the replies of the imported histories. */
const T = Date.parse('2026-06-01T12:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();
const customer = (ms: number) => ({ body: 'It is broken.', author_role: 'customer', created_at: at(ms) });
const agent = (ms: number) => ({ body: 'Fixed, please check.', author_role: 'agent', created_at: at(ms) });

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  expect((await k.admin.post('/presets/tiered-support/apply', {})).status).toBeLessThan(300);
  const plans = (await k.admin.get('/plans')).body.data as Array<{ id: number; name: string }>;
  const plan = (n: string) => plans.find((p) => p.name === n)!.id;
  const ent = (await k.admin.post('/organizations', { name: 'Ent Co', plan_id: plan('Enterprise') })).body.id;
  const biz = (await k.admin.post('/organizations', { name: 'Biz Co', plan_id: plan('Business') })).body.id;
  await createPerson(k, { name: 'Ann Agent', email: 'ann@kefu.test', role: 'agent', password: 'Ann-long-pass-42' });
  await createPerson(k, { name: '李雷', email: 'lilei@kefu.test', role: 'agent', password: 'LiLei-long-pass-42', locale: 'zh-CN' });
  // Two requesters who will rate their solved tickets (today, so in "last 30 days").
  await createPerson(k, {
    name: 'Requester 0',
    email: 'r0@report.test',
    role: 'customer',
    organization_id: ent,
    password: 'Req-long-pass-42',
  });
  await createPerson(k, {
    name: 'Requester 6',
    email: 'r6@report.test',
    role: 'customer',
    organization_id: biz,
    password: 'Req-long-pass-42',
  });

  // Enterprise P1 (first response within 2 h): three answered in time, one after 5 h → 3 met, 1 breached: 75.0%.
  // Enterprise P2 (4 h): one answered after 30 min, one never → 1 met, 1 breached: 50.0%.
  // Business P3 (an SLO of 72 h): answered after 2 h → 100.0%.
  const lines = [
    {
      subject: 'P1 answered after 1 h',
      organization_id: ent,
      priority: 'P1',
      created_at: at(T - 60 * MIN),
      messages: [customer(T - 60 * MIN), agent(T)],
    },
    {
      subject: 'P1 answered after 90 min',
      organization_id: ent,
      priority: 'P1',
      created_at: at(T - 90 * MIN),
      messages: [customer(T - 90 * MIN), agent(T)],
    },
    {
      subject: 'P1 answered after 30 min',
      organization_id: ent,
      priority: 'P1',
      created_at: at(T - 30 * MIN),
      messages: [customer(T - 30 * MIN), agent(T)],
    },
    {
      subject: 'P1 answered after 5 h',
      organization_id: ent,
      priority: 'P1',
      created_at: at(T - 300 * MIN),
      messages: [customer(T - 300 * MIN), agent(T)],
    },
    {
      subject: 'P2 answered after 30 min',
      organization_id: ent,
      priority: 'P2',
      created_at: at(T),
      messages: [customer(T), agent(T + 30 * MIN)],
    },
    {
      subject: 'P2 never answered',
      organization_id: ent,
      priority: 'P2',
      created_at: at(T + 60 * MIN),
      messages: [customer(T + 60 * MIN)],
    },
    {
      subject: 'P3 answered after 2 h',
      organization_id: biz,
      priority: 'P3',
      created_at: at(T),
      messages: [customer(T), agent(T + 120 * MIN)],
    },
  ].map((l, i) => ({ ...l, requester_email: `r${i}@report.test`, requester_name: `Requester ${i}` }));
  const token = (await k.adminSession.post('/tokens', { name: 'reports-import' })).body.token as string;
  const imported = await fetch(`${k.base}/api/v1/import/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: lines.map((l) => JSON.stringify(l)).join('\n'),
  });
  expect(await imported.json()).toEqual({ imported: lines.length, skipped: [], failed: [] });
  for (const l of lines) {
    const r = await k.admin.get(`/tickets?q=${encodeURIComponent(l.subject)}`);
    const tk = (r.body.data as Array<{ id: number; number: number; subject: string }>).find((x) => x.subject === l.subject);
    expect(tk, l.subject).toBeTruthy();
    numbers[l.subject] = tk!.number;
    ids[l.subject] = tk!.id;
  }
  // The API says what the page must show.
  const sla = await k.admin.get(`/reports/sla?from=2026-06-01&to=2026-06-10`);
  expect(
    sla.body.data.map((r: Record<string, unknown>) => [r.plan, r.priority, r.metric, r.kind, r.met, r.breached, r.compliance]),
  ).toEqual([
    ['Enterprise', 'P1', 'first_response', 'sla', 3, 1, 0.75],
    ['Enterprise', 'P2', 'first_response', 'sla', 1, 1, 0.5],
    ['Business', 'P3', 'first_response', 'slo', 1, 0, 1],
  ]);
  // Ratings 5 and 2: average 3.5, one satisfied of two (50%).
  for (const [subject, email, score] of [
    ['P1 answered after 1 h', 'r0@report.test', 5],
    ['P3 answered after 2 h', 'r6@report.test', 2],
  ] as const) {
    expect((await k.admin.patch(`/tickets/${ids[subject]}`, { status: 'solved' })).status).toBe(200);
    const requester = await k.as(email, 'Req-long-pass-42');
    const rated = await requester.post(`/tickets/${ids[subject]}/satisfaction`, { score });
    expect(rated.status, JSON.stringify(rated.body)).toBeLessThan(300);
  }
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

const row = (page: Page, plan: string, priority: string) =>
  page.locator(`[data-testid="sla-row"][data-plan="${plan}"][data-priority="${priority}"]`);
const firstResponse = (page: Page, plan: string, priority: string) => row(page, plan, priority).locator('td[data-metric="first_response"]');

async function openReports(lang: 'en' | 'zh') {
  const ctx = await newContext(browser, { locale: lang === 'en' ? 'en-US' : 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  if (lang === 'en') await signInUi(page, k.base, 'ann@kefu.test', 'Ann-long-pass-42', EN);
  else await signInUi(page, k.base, 'lilei@kefu.test', 'LiLei-long-pass-42', ZH);
  // The console first opens a queue view (the landing redirect); then the header leads to the reports.
  await page.waitForURL(/\/agent\/queue\//);
  await page.getByRole('link', { name: lang === 'en' ? 'Reports' : '报表', exact: true }).click();
  await page.waitForURL(/\/agent\/reports/);
  await page.goto(`${k.base}/agent/reports?${PERIOD}`);
  await page.getByTestId('sla-table').waitFor();
  return { ctx, page };
}

it('shows SLA compliance against the target, the charts and the breached tickets, in English', async () => {
  const { ctx, page } = await openReports('en');
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Reports');
  expect(await page.getByTestId('period-text').innerText()).toMatch(/Jun 1, 2026 – Jun 9, 2026/);
  const p1 = firstResponse(page, 'Enterprise', 'P1');
  expect(await p1.getByTestId('compliance').textContent()).toBe('75.0% below target');
  expect(await p1.getByTestId('met').innerText()).toBe('3 met');
  expect(await p1.getByTestId('breached').innerText()).toBe('1 breached');
  expect(await firstResponse(page, 'Enterprise', 'P2').getByTestId('compliance').textContent()).toBe('50.0% below target');
  const p3 = firstResponse(page, 'Business', 'P3');
  expect(await p3.getByTestId('compliance').textContent()).toBe('100.0% on target');
  expect(await p3.locator('.compliance').getAttribute('class')).toContain('compliance-met');
  expect(await row(page, 'Business', 'P3').getAttribute('data-kind')).toBe('slo');
  // The charts: a canvas with its legend, created vs solved.
  const volume = page.getByTestId('report-volume');
  await volume.locator('canvas').first().waitFor();
  await volume.locator('.chart-legend').first().getByText('Created', { exact: true }).waitFor();
  await page.getByTestId('report-times').locator('canvas').waitFor();
  // Each report downloads as CSV for the same period.
  expect(await page.getByTestId('csv-sla').getAttribute('href')).toBe(
    '/api/v1/reports/sla?from=2026-05-31T16%3A00%3A00.000Z&to=2026-06-09T16%3A00%3A00.000Z&group_by=plan%2Cpriority&format=csv',
  );
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${SHOTS}/reports-en.png`, fullPage: true });

  // The breached count leads to the breached tickets, each a link to the ticket.
  await firstResponse(page, 'Enterprise', 'P2').getByRole('link', { name: '1 breached' }).click();
  await page.waitForURL(/\/agent\/reports\/breached\?/);
  const rows = page.getByTestId('breached-row');
  await rows.first().waitFor();
  expect(await rows.count()).toBe(1);
  await page.screenshot({ path: `${SHOTS}/reports-breached-en.png`, fullPage: true });
  const n = numbers['P2 never answered'];
  await rows
    .first()
    .getByRole('link', { name: `#${n} P2 never answered` })
    .click();
  await page.waitForURL(new RegExp(`/agent/tickets/${n}$`));
  await page.getByText('P2 never answered').first().waitFor();
  await ctx.close();
});

it('shows the same figures and charts with Chinese labels, in 简体中文', async () => {
  const { ctx, page } = await openReports('zh');
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('报表');
  expect(await firstResponse(page, 'Enterprise', 'P1').getByTestId('compliance').textContent()).toBe('75.0% 未达标');
  expect(await firstResponse(page, 'Enterprise', 'P1').getByTestId('breached').innerText()).toBe('超时 1');
  expect(await firstResponse(page, 'Business', 'P3').getByTestId('compliance').textContent()).toBe('100.0% 达标');
  const volume = page.getByTestId('report-volume');
  await volume.locator('canvas').first().waitFor();
  for (const label of ['新建', '已解决'])
    expect(await volume.locator('.chart-legend').first().getByText(label, { exact: true }).isVisible()).toBe(true);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${SHOTS}/reports-zh.png`, fullPage: true });
  // The period can be changed in the picker and lands in the URL: the ratings were given today.
  await page.getByTestId('period').selectOption('30d');
  await page.waitForURL(/period=30d/);
  const csat = page.getByTestId('report-csat');
  expect(await csat.getByTestId('csat-average').innerText()).toBe('3.5 / 5');
  expect(await csat.getByTestId('csat-satisfied').innerText()).toBe('50%');
  await csat.locator('canvas').waitFor();
  expect(await csat.locator('.chart-legend').getByText('评分数', { exact: true }).isVisible()).toBe(true);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${SHOTS}/reports-zh-30d.png`, fullPage: true });
  await ctx.close();
});

it('exports a queue view as CSV, counting the tickets as they arrive', async () => {
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  await signInUi(page, k.base, 'ann@kefu.test', 'Ann-long-pass-42', EN);
  await page.goto(`${k.base}/agent/queue/open`);
  // While the answer has not come, the button says it is exporting; Cancel aborts and says so.
  let release = () => {};
  const EXPORT = '**/api/v1/exports/tickets.csv*';
  await page.route(EXPORT, async (route) => {
    await new Promise<void>((r) => (release = r));
    await route.abort().catch(() => undefined);
  });
  await page.getByTestId('export-csv').click();
  expect(await page.getByTestId('export-progress').innerText()).toBe('Exporting… 0 tickets');
  await page.locator('.export-csv').getByRole('button', { name: 'Cancel' }).click();
  await page.getByText('Export cancelled').waitFor();
  release();
  await page.unroute(EXPORT);

  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^kefu-tickets-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync((await file.path())!, 'utf8');
  expect(text).toContain('P2 never answered');
  expect(await page.getByTestId('export-done').innerText()).toBe('Exported 5 tickets');
  await page.screenshot({ path: `${SHOTS}/reports-export-en.png` });
  await ctx.close();
});
