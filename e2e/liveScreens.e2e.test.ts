import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, prepareDesk, signInUi } from './helpers/story.ts';

/**
 * Story: screens live. The agent's open ticket and queue show the customer's reply without a
 * reload, and the customer's request page shows the agent's reply without a reload (both well
 * before the 30 s polling would).
 */
let k: RunningKefu;
let browser: Browser;
let ticket: { id: number; number: number };
const shot = shooter('live');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };
// Faster than the polling fallback (30 s), with room for a loaded machine.
const LIVE = { timeout: 10_000 };

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  const desk = await prepareDesk(k, { orgName: 'Livewire', domain: 'livewire.test' });
  const cust = await createPerson(k, {
    name: 'Lena Customer',
    email: 'lena@livewire.test',
    role: 'customer',
    organization_id: desk.org.id,
    password: 'Lena-long-pass-42',
  });
  await createPerson(k, { name: 'Li Lei', email: 'lilei@kefu.test', role: 'agent', password: 'LiLei-long-pass-42', locale: 'zh-CN' });
  const r = await k.admin.post('/tickets', {
    subject: 'Checkout returns 502',
    body: 'Since this morning.',
    requester_id: cust.id,
    priority: 'P2',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  ticket = r.body;
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

it('the agent (简体中文) sees the customer reply land, and the customer sees the agent reply land, without reloading', async () => {
  const actx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const agent = await actx.newPage();
  await signInUi(agent, k.base, 'lilei@kefu.test', 'LiLei-long-pass-42', ZH);
  await agent.goto(`${k.base}/agent/tickets/${ticket.number}`);
  await agent.getByTestId('message').filter({ hasText: 'Since this morning.' }).waitFor();

  const cctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/Berlin' });
  const customer = await cctx.newPage();
  await signInUi(customer, k.base, 'lena@livewire.test', 'Lena-long-pass-42', EN);
  await customer.goto(`${k.base}/requests/${ticket.number}`);
  await customer.getByText('Since this morning.').waitFor();

  // The customer writes from the portal; the agent's page shows it without a reload.
  const navigations: string[] = [];
  agent.on('framenavigated', (f) => {
    if (f === agent.mainFrame()) navigations.push(f.url());
  });
  await customer.getByRole('textbox').first().fill('It is still failing for EU visitors.');
  await customer.getByRole('button', { name: /Send/ }).click();
  await agent.getByTestId('message').filter({ hasText: 'It is still failing for EU visitors.' }).waitFor(LIVE);
  await shot(agent, 'zh-agent-sees-reply', false);

  // The agent answers; the customer's page shows it without a reload.
  await agent.getByRole('textbox', { name: /回复/ }).first().fill('We found the faulty origin and are rerouting now.');
  await agent.keyboard.press('Control+Enter');
  await customer.getByText('We found the faulty origin and are rerouting now.').waitFor(LIVE);
  await shot(customer, 'en-customer-sees-reply', false);

  // The queue updates too: a new ticket appears in "All open" without Refresh.
  await agent.goto(`${k.base}/agent/queue/open`);
  await agent.getByTestId('queue-row').first().waitFor();
  navigations.length = 0;
  const r = await k.admin.post('/tickets', {
    subject: 'Invoices page is blank',
    body: 'Nothing renders.',
    requester_email: 'lena@livewire.test',
    priority: 'P3',
  });
  expect(r.status).toBe(201);
  await agent.getByTestId('queue-row').filter({ hasText: 'Invoices page is blank' }).waitFor(LIVE);
  expect(navigations, 'no reload happened').toEqual([]);
  await shot(agent, 'zh-queue-new-ticket', false);
  await actx.close();
  await cctx.close();
});
