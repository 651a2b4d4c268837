import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';
import { activeTag, createPerson, expectTicking, prepareDesk, signInUi, type Desk } from './helpers/story.ts';

/**
 * Story: an agent finds a customer's ticket in the queue with its live SLA countdown and the reason
 * for its place, opens it with the keyboard, takes it, replies and leaves a note; the customer sees the reply (not the note).
 */
let k: RunningKefu;
let browser: Browser;
let desk: Desk;
let ticket: { id: number; number: number };
const shot = shooter('agent-reply');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  desk = await prepareDesk(k, { orgName: 'Globex', domain: 'globex.test' });
  const cust = await createPerson(k, {
    name: 'Carl Customer',
    email: 'carl@globex.test',
    role: 'customer',
    organization_id: desk.org.id,
    password: 'Carl-long-pass-42',
  });
  const alice = await createPerson(k, { name: 'Alice Agent', email: 'alice@kefu.test', role: 'agent', password: 'Alice-long-pass-42' });
  const billing = await k.admin.post('/groups', { name: 'Billing', member_ids: [alice.id] });
  // A shared macro the team answers with (docs/macros.md).
  const ack = await k.admin.post('/macros', {
    name: 'Acknowledge',
    shared: true,
    body: {
      en: 'Hello {{requester.name}}, thanks for reaching out. We are looking into it.',
      'zh-CN': '{{requester.name}}，您好！我们已收到，正在处理。',
    },
    actions: {},
  });
  expect(ack.status, JSON.stringify(ack.body)).toBe(201);
  expect(billing.status, JSON.stringify(billing.body)).toBe(201);
  const r = await k.admin.post('/tickets', {
    subject: 'Site down for visitors in Paris',
    body: 'All requests time out since 08:00 UTC.',
    requester_id: cust.id,
    priority: 'P1',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  ticket = r.body;
  await k.admin.post('/tickets', {
    subject: 'How do I export invoices?',
    body: 'Where is the export button?',
    requester_id: cust.id,
    priority: 'P4',
    group_id: billing.body.id,
  });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

it('the agent works the queue with the keyboard and replies; the customer sees the reply', async () => {
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'America/New_York' });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await signInUi(page, k.base, 'alice@kefu.test', 'Alice-long-pass-42', EN);
  await page.waitForURL(/\/agent\/queue\//); // /agent opens the first view with tickets (docs/views.md)
  await page.goto(`${k.base}/agent/queue/mine`);
  await page.getByText('Queue clear').waitFor();
  await shot(page, 'queue-mine-empty');

  // My groups: the billing question, through Alice's group.
  await page.getByRole('link', { name: /^My groups \d/ }).click();
  await page.getByTestId('queue-row').filter({ hasText: 'How do I export invoices?' }).waitFor();
  expect(await page.getByTestId('queue-row').count()).toBe(1);

  await page.getByRole('link', { name: /^Unassigned \d/ }).click();
  const row = page.getByTestId('queue-row').filter({ hasText: 'Site down for visitors in Paris' });
  await row.waitFor();
  // The most urgent ticket comes first, with its plan, SLA kind and the reason for its place.
  await expect.poll(() => page.getByTestId('queue-row').first().innerText()).toContain('Site down for visitors in Paris');
  const text = await row.innerText();
  expect(text).toContain(desk.plan!.name);
  expect(text).toMatch(/SLA/);
  expect(text).toMatch(new RegExp(`${desk.plan!.name} · P1 · first response due in (1 h 5\\d min|2 h)`));
  const first = await expectTicking(page);
  expect(first).toMatch(/1:5\d:\d\d$/);
  await shot(page, 'queue-unassigned');

  // j selects, o opens.
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await page.keyboard.press('o');
  await page.waitForURL(new RegExp(`/agent/tickets/${ticket.number}$`));
  await page.getByRole('heading', { name: /Site down for visitors in Paris/ }).waitFor();
  await expectTicking(page);
  await page.getByText('Carl Customer').first().waitFor();
  await page.getByRole('complementary', { name: 'Context' }).getByText(desk.domain, { exact: true }).waitFor();

  // ? shows the shortcuts.
  await page.keyboard.press('?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await shot(page, 'shortcuts-help', false);
  await page.keyboard.press('Escape');

  // a takes it; r replies (Ctrl+Enter sends); n leaves a note.
  await page.keyboard.press('a');
  await expect.poll(() => page.getByLabel('Assignee').inputValue()).not.toBe('');
  await page.keyboard.press('r');
  await expect.poll(() => activeTag(page)).toBe('TEXTAREA');
  await page.keyboard.type('Hello Carl, we have rerouted Paris traffic; please check again.');
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('message').filter({ hasText: 'we have rerouted Paris traffic' }).waitFor();
  // The reply can show before the box is cleared and left; a key pressed meanwhile types into it.
  await expect.poll(() => activeTag(page)).not.toBe('TEXTAREA');
  await page.keyboard.press('n');
  await page.getByLabel('Internal note (only agents see it)').waitFor();
  await expect.poll(() => activeTag(page)).toBe('TEXTAREA');
  await page.keyboard.type('Origin in CDG was overloaded; follow up tomorrow.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByTestId('message').filter({ hasText: 'Origin in CDG was overloaded' }).waitFor();
  await page.getByText('Added an internal note').waitFor();
  await page.getByText(/Status: New → Open/).waitFor();
  await shot(page, 'ticket-replied');

  // The first response stopped the clock.
  const after = await k.admin.get(`/tickets/${ticket.id}`);
  expect(after.body.first_response_at).not.toBeNull();
  expect(after.body.assignee?.name).toBe('Alice Agent');

  // Shared macros are at hand: m opens the picker, Enter applies the one found.
  await page.keyboard.press('r');
  await page.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
  await page.keyboard.press('m');
  const search = page.getByRole('combobox', { name: 'Search macros…' });
  await search.fill('Acknowledge');
  await expect.poll(() => page.getByRole('listbox', { name: 'Apply a macro' }).getByRole('option').count()).toBe(1);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByLabel(/Reply to/).inputValue()).toContain('Hello Carl Customer');
  await shot(page, 'macro-inserted');

  // The customer sees the reply, and not the note.
  const cctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/Paris' });
  const cpage = await cctx.newPage();
  await signInUi(cpage, k.base, 'carl@globex.test', 'Carl-long-pass-42', EN);
  await cpage.waitForURL(/\/requests/);
  await cpage.getByRole('link', { name: /Site down for visitors in Paris/ }).click();
  await cpage.getByTestId('message').filter({ hasText: 'we have rerouted Paris traffic' }).waitFor();
  expect(await cpage.getByText('Origin in CDG was overloaded').count()).toBe(0);
  await expect.poll(() => cpage.getByTestId('sla-expectation').innerText()).toContain('First response given');
  await shot(cpage, 'customer-sees-reply');
  // Statuses in the customer's words: on hold is the desk's own business ("Open"); pending waits on them.
  const badge = cpage.locator('.ticket-title .request-meta .badge').first();
  expect((await k.admin.patch(`/tickets/${ticket.id}`, { status: 'on_hold' })).status).toBe(200);
  await cpage.reload();
  await cpage.getByTestId('message').first().waitFor();
  expect(await cpage.locator('main').innerText()).not.toMatch(/On hold/);
  expect(await badge.innerText()).toBe('Open');
  expect((await k.admin.patch(`/tickets/${ticket.id}`, { status: 'pending' })).status).toBe(200);
  await cpage.reload();
  await cpage.getByTestId('message').first().waitFor();
  expect(await badge.innerText()).toBe('Awaiting your reply');
  expect(await cpage.locator('main').innerText()).not.toMatch(/Waiting on customer/);
  await cpage.getByRole('link', { name: 'My requests', exact: true }).click();
  const request = cpage.getByTestId('request-row').filter({ hasText: 'Site down for visitors in Paris' });
  await request.getByText('Awaiting your reply').waitFor();
  await shot(cpage, 'customer-awaiting-reply');
  await cctx.close();
  const zctx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const zpage = await zctx.newPage();
  await signInUi(zpage, k.base, 'carl@globex.test', 'Carl-long-pass-42', { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ });
  await zpage.waitForURL(/\/requests/);
  await zpage.getByTestId('request-row').filter({ hasText: 'Site down for visitors in Paris' }).getByText('等待您的回复').waitFor();
  expect(await zpage.locator('main').innerText()).not.toMatch(/等待客户回复|挂起/);
  await shot(zpage, 'customer-awaiting-reply-zh');
  await zctx.close();

  expect(errors).toEqual([]);
  await ctx.close();
});
