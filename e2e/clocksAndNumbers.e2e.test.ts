import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, signInUi } from './helpers/story.ts';

/**
 * Story: tickets are known by their number everywhere a person reads or types it; a merged ticket says
 * where it went; a ticket whose work has ended shows no running clock or expectation; the queue reads
 * long spans as days and hours, always shows the view asked for, fresh, and says so when there is none.
 */
let k: RunningKefu;
let browser: Browser;
type T = { id: number; number: number; subject: string };
let source: T, target: T, selfSolved: T, proNew: T;
const shot = shooter('clocks-numbers');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };
const PASS = 'Long-enough-pass-42';

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  expect((await k.admin.post('/presets/tiered-support/apply', {})).status).toBeLessThan(300);
  const plans = (await k.admin.get('/plans')).body.data as Array<{ id: number; name: string }>;
  const plan = (n: string) => plans.find((p) => p.name === n)!.id;
  const ent = (await k.admin.post('/organizations', { name: 'Initech', plan_id: plan('Enterprise') })).body;
  const pro = (await k.admin.post('/organizations', { name: 'Prosper Ltd', plan_id: plan('Pro') })).body;
  await createPerson(k, { name: 'Cara Customer', email: 'cara@initech.test', role: 'customer', organization_id: ent.id, password: PASS });
  await createPerson(k, {
    name: '王芳',
    email: 'wang@initech.test',
    role: 'customer',
    organization_id: ent.id,
    password: PASS,
    locale: 'zh-CN',
  });
  await createPerson(k, { name: 'Alice Agent', email: 'alice@kefu.test', role: 'agent', password: PASS });
  await createPerson(k, { name: '李娜', email: 'lina@kefu.test', role: 'agent', password: PASS, locale: 'zh-CN' });
  const cara = await k.as('cara@initech.test', PASS);
  const mk = async (subject: string, priority = 'P2') => {
    const r = await cara.post('/tickets', { subject, body: `${subject}: details`, priority, category: 'billing' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as T;
  };
  target = await mk('Login page is slow');
  source = await mk('Login page slow (again)');
  selfSolved = await mk('Where is my invoice?');
  expect((await k.admin.post(`/tickets/${source.id}/merge`, { target_id: target.id })).status).toBe(200);
  expect((await cara.patch(`/tickets/${selfSolved.id}`, { status: 'solved' })).status).toBe(200);
  const p = await k.admin.post('/tickets', {
    subject: 'Pro question about caching',
    body: 'b',
    organization_id: pro.id,
    requester_email: 'pat@prosper.test',
    priority: 'P3',
  });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  proNew = p.body;
  // Numbers are not ids: the URLs below would open the wrong ticket if the app routed by id.
  expect(target.number).not.toBe(target.id);
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

const watch = (page: Page, errors: string[]) => page.on('pageerror', (e) => errors.push(e.message));

it('the agent: numbers in URLs, "Merged into #…" with a link and in the history, no Take it on solved tickets, humane spans, fresh views, unknown views', async () => {
  const errors: string[] = [];
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/London' });
  const page = await ctx.newPage();
  watch(page, errors);
  await signInUi(page, k.base, 'alice@kefu.test', PASS, EN);

  // Long spans read as days: Pro's 5-day target.
  await page.goto(`${k.base}/agent/queue/open`);
  const proRow = page.getByTestId('queue-row').filter({ hasText: proNew.subject });
  await expect.poll(() => proRow.innerText()).toMatch(/Pro · P3 · first response due in (4 d 23 h|5 d)/);
  expect(await page.locator('main').innerText()).not.toMatch(/\d{4} min/);
  await shot(page, 'en-queue');

  // Switching views shows the view as it is now, without Refresh.
  // Each step waits for the view it opened: both views list proNew, so its row alone would not prove the switch happened.
  await page.getByRole('link', { name: /^Unassigned \d/ }).click();
  await page.waitForURL(/\/agent\/queue\/unassigned$/);
  await page.getByRole('heading', { level: 1, name: /^Unassigned/ }).waitFor();
  await page.getByTestId('queue-row').filter({ hasText: target.subject }).waitFor();
  await page.getByRole('link', { name: /^All open \d/ }).click();
  await page.waitForURL(/\/agent\/queue\/open$/);
  await page.getByRole('heading', { level: 1, name: /^All open/ }).waitFor();
  await proRow.waitFor();
  expect(
    (await k.admin.patch(`/tickets/${target.id}`, { assignee_id: (await k.admin.get('/people?q=alice%40kefu.test')).body.data[0].id }))
      .status,
  ).toBe(200);
  await page.getByRole('link', { name: /^Unassigned \d/ }).click();
  await page.waitForURL(/\/agent\/queue\/unassigned$/);
  await page.getByRole('heading', { level: 1, name: /^Unassigned/ }).waitFor();
  await page.getByTestId('queue-row').filter({ hasText: proNew.subject }).waitFor();
  expect(await page.getByTestId('queue-row').filter({ hasText: target.subject }).count()).toBe(0);

  // The row links by number.
  await page.getByRole('link', { name: /^Mine \d/ }).click();
  await page.getByTestId('queue-row').filter({ hasText: target.subject }).getByRole('link').click();
  await page.waitForURL(new RegExp(`/agent/tickets/${target.number}$`));
  await page.getByRole('heading', { name: new RegExp(target.subject) }).waitFor();

  // The merged-away ticket says where it went, with a link, and its history names tickets by number.
  await page.goto(`${k.base}/agent/tickets/${source.number}`);
  await page.getByRole('heading', { name: new RegExp(`#${source.number}`) }).waitFor();
  const note = page.getByTestId('merged-into');
  await expect.poll(() => note.innerText()).toContain(`Merged into #${target.number}`);
  const history = page.getByRole('region', { name: 'History' }).or(page.locator('.history'));
  await expect.poll(() => history.first().innerText()).toContain(`Merged into #${target.number}`);
  expect(await history.first().innerText()).not.toMatch(/Ticket \d+/);
  // No clock runs on it: no countdown, and the reason says so.
  expect(await page.getByTestId('sla-countdown').count()).toBe(0);
  expect(await page.locator('.sla-line').innerText()).not.toMatch(/due in|overdue/);
  await shot(page, 'en-agent-merged');
  await note.getByRole('link', { name: `#${target.number}` }).click();
  await page.waitForURL(new RegExp(`/agent/tickets/${target.number}$`));
  await page.getByRole('heading', { name: new RegExp(target.subject) }).waitFor();

  // A solved ticket offers neither "Take it" nor "Solve".
  await page.goto(`${k.base}/agent/tickets/${selfSolved.number}`);
  await page.getByRole('heading', { name: new RegExp(selfSolved.subject) }).waitFor();
  await page.getByTestId('message').first().waitFor();
  expect(await page.getByRole('button', { name: /Take it/ }).count()).toBe(0);
  expect(await page.getByRole('button', { name: /^Solve/ }).count()).toBe(0);
  await shot(page, 'en-agent-solved');

  // Unknown numbers and views get a clear state, never another ticket or view.
  await page.goto(`${k.base}/agent/tickets/${target.id}`);
  await page.getByTestId('ticket-not-found').waitFor();
  expect(await page.getByRole('heading', { name: `No ticket #${target.id}` }).count()).toBe(1);
  await shot(page, 'en-unknown-ticket');
  await page.goto(`${k.base}/agent/queue/bogus`);
  await page.getByTestId('view-not-found').waitFor();
  expect(await page.getByText('There is no queue view called “bogus”').count()).toBe(1);
  expect(await page.getByTestId('queue-row').count()).toBe(0);
  await shot(page, 'en-unknown-view');

  expect(errors).toEqual([]);
  await ctx.close();
});

it('the agent in Chinese: 天 and 小时 in the queue; 已合并到 #… ; unknown view', async () => {
  const errors: string[] = [];
  const ctx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  watch(page, errors);
  await signInUi(page, k.base, 'lina@kefu.test', PASS, ZH);
  await page.goto(`${k.base}/agent/queue/open`);
  const proRow = page.getByTestId('queue-row').filter({ hasText: proNew.subject });
  await expect.poll(() => proRow.innerText()).toMatch(/Pro · P3 · 首次响应剩余 (4 天 23 小时|5 天)/);
  await shot(page, 'zh-queue');
  await page.goto(`${k.base}/agent/tickets/${source.number}`);
  await expect.poll(() => page.getByTestId('merged-into').innerText()).toContain(`已合并到 #${target.number}`);
  await expect.poll(() => page.locator('.history').first().innerText()).toContain(`已合并到工单 #${target.number}`);
  await shot(page, 'zh-agent-merged');
  await page.goto(`${k.base}/agent/queue/bogus`);
  await page.getByText('没有这个队列视图').waitFor();
  await shot(page, 'zh-unknown-view');
  await page.goto(`${k.base}/agent/tickets/${target.id}`);
  await page.getByRole('heading', { name: `没有工单 #${target.id}` }).waitFor();
  await shot(page, 'zh-unknown-ticket');
  expect(errors).toEqual([]);
  await ctx.close();
});

for (const lang of ['en', 'zh'] as const) {
  it(`the customer (${lang}): requests open by number; a merged one links to where it went; no expectation once solved`, async () => {
    const errors: string[] = [];
    const ctx = await newContext(
      browser,
      lang === 'en' ? { locale: 'en-US', timezoneId: 'America/New_York' } : { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' },
    );
    const page = await ctx.newPage();
    watch(page, errors);
    await signInUi(page, k.base, lang === 'en' ? 'cara@initech.test' : 'wang@initech.test', PASS, lang === 'en' ? EN : ZH);
    await page.goto(`${k.base}/requests`);
    await page.getByTestId('request-row').filter({ hasText: target.subject }).getByRole('link').click();
    await page.waitForURL(new RegExp(`/requests/${target.number}$`));
    await page.getByRole('heading', { name: new RegExp(target.subject) }).waitFor();

    await page.goto(`${k.base}/requests/${source.number}`);
    const note = page.getByTestId('merged-into');
    await expect.poll(() => note.innerText()).toContain(lang === 'en' ? `Merged into #${target.number}` : `已合并到 #${target.number}`);
    expect(await page.getByTestId('sla-expectation').innerText()).not.toMatch(/Expected first response|预计首次响应/);
    await shot(page, `${lang}-portal-merged`);
    await note.getByRole('link', { name: `#${target.number}` }).click();
    await page.waitForURL(new RegExp(`/requests/${target.number}$`));
    await page.getByTestId('message').first().waitFor();

    await page.goto(`${k.base}/requests/${selfSolved.number}`);
    await page.getByRole('heading', { name: new RegExp(selfSolved.subject) }).waitFor();
    const expectation = await page.getByTestId('sla-expectation').innerText();
    expect(expectation).not.toMatch(/Expected first response|预计首次响应/);
    expect(expectation).toMatch(lang === 'en' ? /No response clock is running/ : /没有正在计时的响应时限/);
    await shot(page, `${lang}-portal-solved`);
    expect(errors).toEqual([]);
    await ctx.close();
  });
}

it("the countdown turns amber when the desk's SLA warning time begins, as the At risk view does", async () => {
  // Enterprise P1 answered within 40 minutes (around the clock): a new ticket is due in 40 minutes.
  const ent = (await k.admin.get('/sla-policies')).body.data.find((p: { name: string }) => p.name === 'Enterprise SLA');
  const targets = ent.targets.map((x: { priority: string; metric: string; minutes: number }) =>
    x.priority === 'P1' && x.metric === 'first_response' ? { ...x, minutes: 40 } : x,
  );
  expect((await k.admin.patch(`/sla-policies/${ent.id}`, { targets })).status).toBe(200);
  const cara = await k.as('cara@initech.test', PASS);
  const urgent = (await cara.post('/tickets', { subject: 'Checkout fails for everyone', body: 'b', priority: 'P1', category: 'billing' }))
    .body as T;
  const errors: string[] = [];
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  watch(page, errors);
  await signInUi(page, k.base, 'alice@kefu.test', PASS, EN);
  const row = page.getByTestId('queue-row').filter({ hasText: urgent.subject });
  const countdown = row.getByTestId('sla-countdown');
  const atRisk = async () => ((await k.admin.get('/views/at_risk/tickets')).body.data as T[]).some((x) => x.id === urgent.id);
  // The desk warns 15 minutes ahead (the default): 40 minutes left is not at risk yet, in the view or in the row.
  expect(await atRisk()).toBe(false);
  await page.goto(`${k.base}/agent/queue/open`);
  await expect.poll(() => countdown.getAttribute('class')).toContain('countdown-ok');
  // Warned an hour ahead, the same ticket is at risk in both.
  expect((await k.admin.patch('/sla/settings', { warning_minutes: 60 })).status).toBe(200);
  expect(await atRisk()).toBe(true);
  await page.reload();
  await expect.poll(() => countdown.getAttribute('class')).toContain('countdown-risk');
  await shot(page, 'en-warning-hour');
  expect(errors).toEqual([]);
  await ctx.close();
});
