import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, signInUi } from './helpers/story.ts';

/**
 * Story: on a business-hours desk (Mon–Sat 08:00–17:30 Beijing time, one business hour to answer) an agent
 * reads the queue while the desk is closed. The countdown says the clock is paused and when it resumes,
 * holds still, and is amber only when the business time left is within the warning lead (docs/sla.md,
 * "The countdown"). The desk is closed whenever the spec runs: its hours are a holiday today and tomorrow.
 */
let k: RunningKefu;
let browser: Browser;
let ticket: { id: number; number: number; subject: string };
let resume: number;
const SH = 'Asia/Shanghai';
const shot = shooter('countdown-outside-hours');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };
const PASS = 'Long-enough-pass-42';

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  expect((await k.admin.post('/presets/business-hours/apply', {})).status).toBeLessThan(300);
  const std = ((await k.admin.get('/calendars')).body.data as Array<Record<string, unknown> & { id: number; name: string }>).find(
    (c) => c.name === 'Standard hours',
  )!;
  const today = Temporal.Now.plainDateISO(SH);
  const { id, created_at: _c, updated_at: _u, ...rest } = std;
  const holidays = [today, today.add({ days: 1 })].map((d) => ({ date: d.toString(), name: '停业' }));
  expect((await k.admin.put(`/calendars/${id}`, { ...rest, holidays })).status).toBe(200);
  let day = today.add({ days: 2 });
  while (day.dayOfWeek === 7) day = day.add({ days: 1 });
  resume = day.toPlainDateTime({ hour: 8 }).toZonedDateTime(SH).epochMilliseconds;
  await createPerson(k, { name: 'Alice Agent', email: 'alice@kefu.test', role: 'agent', password: PASS });
  await createPerson(k, { name: '李娜', email: 'lina@kefu.test', role: 'agent', password: PASS, locale: 'zh-CN' });
  const r = await k.admin.post('/tickets', { subject: 'Site down after upgrade', body: 'b', requester_email: 'wei@customer.test' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  ticket = r.body;
  expect(r.body.sla_clock).toMatchObject({ running: false, remaining_ms_at_resume: 3_600_000 });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

const weekday = (lang: string) => new Intl.DateTimeFormat(lang, { timeZone: SH, weekday: 'short' }).format(resume);
const textOf = (page: Page, scope: string) => page.locator(scope).getByTestId('sla-countdown').first().textContent();

for (const lang of ['en', 'zh'] as const) {
  it(`the agent (${lang}) reads "paused, resumes …" in the queue and on the ticket, holding still`, async () => {
    const errors: string[] = [];
    const ctx = await newContext(browser, { locale: lang === 'en' ? 'en-US' : 'zh-CN', timezoneId: SH });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await signInUi(page, k.base, lang === 'en' ? 'alice@kefu.test' : 'lina@kefu.test', PASS, lang === 'en' ? EN : ZH);
    const paused = lang === 'en' ? `Paused · resumes ${weekday('en')} 08:00` : `已暂停 · ${weekday('zh-CN')} 08:00 恢复`;

    await page.goto(`${k.base}/agent/queue/open`);
    const row = page.getByTestId('queue-row').filter({ hasText: ticket.subject });
    const countdown = row.getByTestId('sla-countdown');
    await expect.poll(() => countdown.textContent()).toContain(paused);
    // It does not tick: the same words a few seconds later, and no clock digits.
    const before = await countdown.textContent();
    await page.waitForTimeout(2500);
    expect(await countdown.textContent()).toBe(before);
    expect(before).not.toMatch(/\d+:\d\d:\d\d|\d+ d|\d+ 天/);
    // An hour of business time left and a 15-minute warning: not amber, though the due time is days away.
    expect(await countdown.getAttribute('class')).not.toContain('countdown-risk');
    expect(await countdown.getAttribute('title')).toMatch(
      lang === 'en' ? /^Due .*Paused outside business hours: 1 h of business time left/ : /^截止于 .*恢复后剩余工作时间 1 小时/,
    );
    await shot(page, `${lang}-queue-paused`);

    await row.getByRole('link').click();
    await page.getByRole('heading', { name: new RegExp(ticket.subject) }).waitFor();
    await expect.poll(() => textOf(page, '.sla-line')).toContain(paused);
    await shot(page, `${lang}-ticket-paused`);
    expect(errors).toEqual([]);
    await ctx.close();
  });
}

it('amber while paused only when the business time left is within the warning lead', async () => {
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: SH });
  const page = await ctx.newPage();
  await signInUi(page, k.base, 'alice@kefu.test', PASS, EN);
  // Warned 90 minutes ahead: the hour left after the opening is within it, days before the due instant.
  expect((await k.admin.patch('/sla/settings', { warning_minutes: 90 })).status).toBe(200);
  await page.goto(`${k.base}/agent/queue/open`);
  const countdown = page.getByTestId('queue-row').filter({ hasText: ticket.subject }).getByTestId('sla-countdown');
  await expect.poll(() => countdown.getAttribute('class')).toContain('countdown-risk');
  expect(await countdown.textContent()).toContain(`Paused · resumes ${weekday('en')} 08:00`);
  await shot(page, 'en-queue-paused-amber');
  await ctx.close();
});
