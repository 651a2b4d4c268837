import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type Api, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, prepareDesk, signInUi, type Desk } from './helpers/story.ts';

/**
 * Story: the API fails in Shanghai. The admin announces a status incident; anyone sees it at
 * /status; customers see it on the guided form before they write. Cora says "this is my problem
 * too" on her request; the agent links Han's request with one click. Resolving it replies on every
 * linked request, each in its requester's language, and solves them.
 */
let k: RunningKefu;
let browser: Browser;
let desk: Desk;
let cora: Api;
let han: Api;
const shot = shooter('status-page');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };
const ZH = { email: /邮箱/, password: /^密码$/, submit: /^登录$/ };
const TITLE = 'API errors in Shanghai';

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  desk = await prepareDesk(k, { orgName: 'Initech', domain: 'initech.test' });
  await createPerson(k, {
    name: 'Cora Customer',
    email: 'cora@initech.test',
    role: 'customer',
    organization_id: desk.org.id,
    password: 'Cora-long-pass-42',
  });
  await createPerson(k, {
    name: '韩梅梅',
    email: 'han@initech.test',
    role: 'customer',
    organization_id: desk.org.id,
    password: 'Han-long-pass-42',
    locale: 'zh-CN',
  });
  cora = await k.as('cora@initech.test', 'Cora-long-pass-42');
  han = await k.as('han@initech.test', 'Han-long-pass-42');
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

async function page(locale: 'en-US' | 'zh-CN', who?: { email: string; password: string }): Promise<Page> {
  const ctx = await newContext(browser, { locale, timezoneId: 'Asia/Shanghai' });
  const p = await ctx.newPage();
  if (who) await signInUi(p, k.base, who.email, who.password, locale === 'en-US' ? EN : ZH);
  return p;
}
/** The first link matching `re` in a mail to `email` in the outbox (newest first). */
async function outboxLink(email: string, re: RegExp): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const items: unknown[] = (await k.admin.get('/outbox?limit=100')).body?.data ?? [];
    for (const item of items) {
      const text = JSON.stringify(item);
      const m = text.includes(email) ? re.exec(text) : null;
      if (m) return `/${m[0]}`;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no link ${re} to ${email} in the outbox`);
}
const publicReplies = async (ticketId: number) =>
  ((await k.admin.get(`/tickets/${ticketId}/messages`)).body.data as Array<{ internal: boolean; body: string }>).filter((m) => !m.internal);

it('with an incident open, the banner shows on the guided form and the ticket links to it; resolving it replies on every linked ticket', async () => {
  // The admin announces the incident in Admin › Status.
  const admin = await page('en-US', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  await admin.goto(`${k.base}/admin/status`);
  const announce = admin.getByRole('form', { name: 'Announce an incident' });
  await announce.getByLabel('Title').fill(TITLE);
  await announce.getByLabel('API', { exact: true }).check();
  await announce.getByLabel('Message').fill('Requests to the API fail with 502 in the Shanghai region. We are investigating.');
  await announce.getByRole('button', { name: 'Announce' }).click();
  await admin.getByRole('form', { name: TITLE }).waitFor();
  // The component the incident names is no longer called operational; the admin makes it an outage.
  await expect.poll(() => admin.getByRole('combobox', { name: 'API', exact: true }).inputValue()).toBe('degraded');
  await admin.getByRole('combobox', { name: 'API', exact: true }).selectOption('partial_outage');
  await admin.getByRole('combobox', { name: 'API', exact: true }).and(admin.locator(':enabled')).waitFor();
  await shot(admin, 'admin-en');
  const incident = (await k.admin.get('/status')).body.incidents.find((i: { title: string }) => i.title === TITLE);
  expect(incident).toMatchObject({ status: 'investigating', components: ['api'] });

  // Anyone reads /status, in both languages.
  for (const [locale, heading, text] of [
    ['en-US', 'System status', 'Partial outage'],
    ['zh-CN', '系统状态', '部分中断'],
  ] as const) {
    const p = await page(locale);
    await p.goto(`${k.base}/status`);
    await p.getByRole('heading', { name: heading }).waitFor();
    await p.getByText(TITLE).first().waitFor();
    await p.getByText(text).waitFor();
    await shot(p, `public-${locale}`);
    await p.context().close();
  }

  // The guided form shows it before the customer writes, as text on the page.
  const c = await page('en-US', { email: 'cora@initech.test', password: 'Cora-long-pass-42' });
  await c.goto(`${k.base}/requests/new`);
  await c.getByText(`Known problem: ${TITLE}`).waitFor();
  expect(await c.locator('main, .banner-slot').first().innerText()).toBeTruthy();
  expect(await c.locator('body').innerText()).toContain('you do not need to file a request');
  await shot(c, 'guided-form-en');
  const h = await page('zh-CN', { email: 'han@initech.test', password: 'Han-long-pass-42' });
  await h.goto(`${k.base}/requests/new`);
  await h.getByText(`已知问题：${TITLE}`).waitFor();
  await shot(h, 'guided-form-zh');

  // "Subscribe instead of filing": Cora's address is confirmed by the mailed link.
  await c.getByRole('link', { name: 'Subscribe instead of filing' }).click();
  await c.waitForURL((u) => u.pathname === '/status');
  const subscribe = c.getByRole('form', { name: 'Get updates by email' });
  expect(await subscribe.getByLabel('Email address').inputValue()).toBe('cora@initech.test');
  await subscribe.getByRole('button', { name: 'Subscribe' }).click();
  await c.getByText('Check your inbox: we sent a confirmation link to cora@initech.test').waitFor();
  await shot(c, 'subscribe-sent-en');
  const confirm = await outboxLink('cora@initech.test', /status\?confirm=[A-Za-z0-9_-]+/);
  await c.goto(`${k.base}${confirm}`);
  await c.getByText('You are subscribed').waitFor();
  await shot(c, 'subscribe-confirmed-en');

  // Cora's request: "this is my problem too".
  const mine = (await cora.post('/tickets', { subject: 'API returns 502', body: 'Every call to /v1/zones fails since 10:00.' })).body;
  expect(mine.number).toBeGreaterThan(0);
  await c.goto(`${k.base}/requests/${mine.number}`);
  await c.getByRole('button', { name: 'This is my problem too' }).click();
  await c.getByText(`Linked to the known problem "${TITLE}"`).waitFor();
  await shot(c, 'ticket-linked-en');
  expect((await k.admin.get(`/tickets/${mine.id}`)).body.status_incident_id).toBe(incident.id);

  // Han's request: the agent links it with one click.
  const hans = (await han.post('/tickets', { subject: '接口报错 502', body: '从十点开始所有接口调用都失败。' })).body;
  await admin.goto(`${k.base}/agent/tickets/${hans.number}`);
  const panel = admin.getByTestId('status-incident-panel');
  await panel.getByRole('button', { name: 'Link to incident' }).click();
  await panel.getByText('Linked', { exact: true }).waitFor();
  await shot(admin, 'agent-linked-en');
  expect((await k.admin.get(`/tickets/${hans.id}`)).body.status_incident_id).toBe(incident.id);

  // Resolve in Admin › Status, solving the linked tickets too.
  await admin.goto(`${k.base}/admin/status`);
  const form = admin.getByRole('form', { name: TITLE });
  await form.getByLabel('Status').selectOption('resolved');
  await form.getByLabel('Message').fill('A faulty load balancer was replaced; the API answers normally again.');
  await form.getByLabel('Also solve the linked tickets').check();
  await shot(admin, 'admin-resolving-en');
  await form.getByRole('button', { name: 'Post update' }).click();
  await admin.getByText('No open incidents.').waitFor();

  // Every linked ticket gets one reply in its requester's language (the worker runs the jobs), and is solved.
  await expect
    .poll(async () => (await publicReplies(mine.id)).length + (await publicReplies(hans.id)).length, { timeout: 20_000, interval: 300 })
    .toBe(4);
  const [en, zh] = [(await publicReplies(mine.id))[1].body, (await publicReplies(hans.id))[1].body];
  expect(en).toContain(`"${TITLE}", and it is now resolved.`);
  expect(zh).toContain(`好消息：您反馈的问题属于已知故障“${TITLE}”，现已解决。`);
  expect((await k.admin.get(`/tickets/${mine.id}`)).body.status).toBe('solved');
  expect((await k.admin.get(`/tickets/${hans.id}`)).body.status).toBe('solved');
  await c.goto(`${k.base}/requests/${mine.number}`);
  await c.getByText('A faulty load balancer was replaced').waitFor();
  expect(await c.getByText(`Known problem: ${TITLE}`).count()).toBe(0);
  await shot(c, 'ticket-replied-en');
  await h.goto(`${k.base}/requests/${hans.number}`);
  await h.getByText('好消息').waitFor();
  await shot(h, 'ticket-replied-zh');
  // Cora, subscribed, got the resolution by mail too, with a link to stop.
  const stop = await outboxLink('cora@initech.test', /status\?unsubscribe=[A-Za-z0-9_-]+/);
  await c.goto(`${k.base}${stop}`);
  await c.getByText('You will receive no more status updates.').waitFor();
  const zhAdmin = await page('zh-CN', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  await zhAdmin.goto(`${k.base}/agent/tickets/${hans.number}`);
  await zhAdmin.getByTestId('status-incident-panel').getByText('已关联').waitFor();
  await shot(zhAdmin, 'agent-linked-zh');
  await zhAdmin.goto(`${k.base}/admin/status`);
  await zhAdmin.getByText('没有未解决的故障。').waitFor();
  await shot(zhAdmin, 'admin-zh');
  const zhStatus = await page('zh-CN');
  await zhStatus.goto(`${k.base}/status`);
  await zhStatus.getByText('近 7 天已解决').waitFor();
  await shot(zhStatus, 'public-resolved-zh');
});
