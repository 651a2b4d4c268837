import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { prepareDesk, signInUi } from './helpers/story.ts';

/**
 * Story: an admin creates a business calendar — Shanghai hours, a holiday — and reads the live preview
 * ("a ticket arriving Fri 16:00 with a 240-minute target is due …"); a bad time zone is named by the server.
 */
let k: RunningKefu;
let browser: Browser;
const shot = shooter('admin-calendar');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  await prepareDesk(k, { orgName: 'Initech', domain: 'initech.test' });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

it('an admin edits a calendar and reads the preview', async () => {
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/London' });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, EN);

  // The admin pages around it.
  await page.goto(`${k.base}/admin`);
  await page.waitForURL(/\/admin\/organizations/);
  await page.getByRole('button', { name: 'Initech' }).click();
  await page.getByText('initech.test', { exact: true }).first().waitFor();
  await shot(page, 'organizations');
  await page.getByRole('link', { name: 'SLA policies' }).click();
  const matrix = page.locator('table.matrix');
  await matrix.waitFor();
  // The Enterprise plan's own policy (the Premium add-on's row comes first, above it).
  await expect.poll(() => matrix.locator('tr', { hasText: 'Enterprise SLA' }).first().innerText()).toMatch(/First response\s+2 h/);
  // A target is edited in place.
  await page.getByRole('button', { name: 'Change the First response target for P1 in Enterprise SLA' }).click();
  await page.getByRole('spinbutton', { name: 'Change the First response target for P1 in Enterprise SLA' }).fill('90');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => matrix.locator('tr', { hasText: 'Enterprise SLA' }).first().innerText()).toMatch(/First response\s+1 h 30 min/);
  const enterprise = (await k.admin.get('/sla-policies')).body.data.find((p: { name: string }) => p.name === 'Enterprise SLA');
  expect(
    enterprise.targets.find((x: { priority: string; metric: string }) => x.priority === 'P1' && x.metric === 'first_response').minutes,
  ).toBe(90);
  // The desk's warning time (the At risk view, the warning notification, the amber countdown) is set here too.
  const warning = page.getByRole('form', { name: 'SLA warning time' });
  const lead = warning.getByLabel('Warn this long before a target is missed');
  await expect.poll(() => lead.inputValue()).toBe('15');
  await lead.fill('30');
  await warning.getByRole('button', { name: 'Save warning time' }).click();
  await warning.getByText('Saved').waitFor();
  expect((await k.admin.get('/sla/settings')).body.warning_minutes).toBe(30);
  await shot(page, 'sla-matrix');
  for (const [link, name] of [
    ['People', 'people'],
    ['Groups', 'groups'],
    ['Channels and email', 'email'],
    ['API tokens', 'tokens'],
  ] as const) {
    await page.getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await shot(page, name);
  }

  // A new calendar: Shanghai office hours, Monday from 08:00 to 17:30.
  await page.getByRole('link', { name: 'Calendars' }).click();
  await page.getByRole('link', { name: '+ New calendar' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Shanghai office');
  await page.getByLabel('Time zone').fill('Asia/Shanghai');
  const monday = page.getByLabel('Opening hours on Mon');
  await monday.fill('08:00-17:30');
  await monday.press('Enter');
  await expect.poll(() => monday.inputValue()).toBe('08:00–17:30');

  // The preview: Friday 16:00 + 240 business minutes = 2 h on Friday + 2 h from Monday 08:00 → Monday 10:00.
  await page.getByLabel('A ticket arriving at (Asia/Shanghai)').fill('2026-03-06T16:00');
  await page.getByLabel('Target (business minutes)').fill('240');
  const preview = page.getByTestId('calendar-preview');
  await expect
    .poll(() => preview.innerText(), { timeout: 10_000 })
    .toMatch(/arriving Fri, Mar 6, 16:00 with a 240-minute target is due Mon, Mar 9, 10:00 \(Asia\/Shanghai\)/);
  await expect.poll(() => preview.innerText()).toMatch(/That is Mon, Mar 9, 2026, 02:00 in your time zone \(Europe\/London\)/);
  await shot(page, 'preview-monday');

  // Monday becomes a holiday: due Tuesday 11:00 (09:00 + 2 h).
  await page.getByRole('button', { name: '+ Add holiday' }).click();
  await page.getByRole('row').last().getByLabel('Date').fill('2026-03-09');
  await page.getByRole('row').last().getByLabel('Name').fill('Office closed');
  await expect.poll(() => preview.innerText(), { timeout: 10_000 }).toMatch(/due Tue, Mar 10, 11:00/);

  // A make-up workday on Saturday the 7th, 09:00–18:00: due Saturday 11:00.
  await page.getByRole('button', { name: '+ Add workday' }).click();
  await page.getByRole('row').last().getByLabel('Date').fill('2026-03-07');
  await expect.poll(() => preview.innerText(), { timeout: 10_000 }).toMatch(/due Sat, Mar 7, 11:00/);
  await shot(page, 'preview-holiday-workday');

  // A zone the server does not know is named, not a raw error.
  await page.getByLabel('Time zone').fill('Mars/Olympus');
  await expect.poll(() => preview.innerText(), { timeout: 10_000 }).toMatch(/This calendar cannot be used yet/);
  await expect.poll(() => page.getByLabel('Time zone').getAttribute('aria-invalid')).toBe('true');
  await shot(page, 'preview-bad-zone');
  await page.getByLabel('Time zone').fill('Asia/Shanghai');
  await expect.poll(() => preview.innerText(), { timeout: 10_000 }).toMatch(/due Sat, Mar 7, 11:00/);

  // Saved, it is listed and stored as edited.
  await page.getByRole('button', { name: 'Create calendar' }).click();
  await page.waitForURL(/\/admin\/calendars\/\d+$/);
  await page.getByRole('link', { name: /Shanghai office/ }).waitFor();
  const saved = (await k.admin.get('/calendars')).body.data.find((c: { name: string }) => c.name === 'Shanghai office');
  expect(saved).toMatchObject({ timezone: 'Asia/Shanghai', weekly: { mon: [['08:00', '17:30']], fri: [['09:00', '18:00']], sat: [] } });
  expect(saved.holidays).toEqual([{ date: '2026-03-09', name: 'Office closed' }]);
  expect(saved.extra_workdays).toEqual([{ date: '2026-03-07', hours: [['09:00', '18:00']] }]);

  // Edit and save again (PUT).
  await page.getByLabel('Opening hours on Sat').fill('10:00-12:00');
  await page.getByLabel('Opening hours on Sat').press('Enter');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Saved').waitFor();
  const again = (await k.admin.get(`/calendars/${saved.id}`)).body;
  expect(again.weekly.sat).toEqual([['10:00', '12:00']]);
  await expect.poll(() => preview.innerText(), { timeout: 10_000 }).toMatch(/is due/);
  await shot(page, 'calendar-saved');

  expect(errors).toEqual([]);
  await ctx.close();
});
