import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { signInUi } from './helpers/story.ts';

/**
 * Story: the admin connects the team's chat. In 简体中文 she adds a webhook for new tickets and replies,
 * copies its secret, and sees a reply delivered to the receiver (a real HTTP server on loopback) with a
 * signature the secret verifies. In English, an address inside the network is refused on the field, and a
 * test event is sent and listed.
 */
let k: RunningKefu;
let browser: Browser;
let receiver: Server;
let hookUrl: string;
/** A receiver that is down: it answers every post with 503. */
let down: Server;
let downUrl: string;
const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
/** The receiver's next answers (then 200). */
const answers: number[] = [];
const shot = shooter('webhooks');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answers.shift() ?? 200;
      res.end('thanks');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/kefu`;
  down = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.statusCode = 503;
      res.end('down');
    });
  });
  await new Promise<void>((r) => down.listen(0, '127.0.0.1', r));
  downUrl = `http://127.0.0.1:${(down.address() as AddressInfo).port}/kefu`;
  k = await startKefu({ env: { KEFU_WEBHOOK_ALLOW_PRIVATE: '127.0.0.1' } });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
  await new Promise((r) => receiver?.close(r));
  await new Promise((r) => down?.close(r));
});

const watchErrors = (page: Page) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
};

it('an admin adds a webhook in 简体中文; a reply reaches the receiver, signed with the secret she copied', async () => {
  const ctx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, ZH);
  await page.goto(`${k.base}/admin/webhooks`);
  await page.getByRole('heading', { name: 'Webhook', level: 1 }).waitFor();
  await page.getByText('还没有 Webhook。').waitFor();
  await page.getByLabel('名称').fill('团队群通知');
  await page.getByLabel('接收地址').fill(hookUrl);
  // New tickets and replies are chosen already; SLA misses too.
  expect(await page.getByLabel('新工单').isChecked()).toBe(true);
  expect(await page.getByLabel('回复或内部备注').isChecked()).toBe(true);
  await page.getByLabel('SLA 目标已超时').check();
  await page.getByRole('button', { name: '创建 Webhook' }).click();
  const secret = (await page.getByTestId('webhook-secret').innerText()).trim();
  expect(secret).toMatch(/^whsec_/);
  const card = page.getByRole('region', { name: '团队群通知' });
  await card.getByText('已启用').waitFor();
  await shot(page, 'zh-created');

  // A customer's ticket and an agent's reply, through the API.
  const ticket = (await k.admin.post('/tickets', { subject: '无法登录控制台', body: '提示密码错误。', requester_email: 'zhang@acme.test' }))
    .body;
  expect((await k.admin.post(`/tickets/${ticket.id}/messages`, { body: '已为您重置，请再试一次。' })).status).toBe(201);
  await expect.poll(() => received.length, { timeout: 20_000 }).toBe(2);
  expect(received.map((r) => r.headers['x-kefu-event'])).toEqual(['ticket.created', 'message.added']);
  for (const r of received) {
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['x-kefu-signature']))!;
    expect(createHmac('sha256', secret).update(`${t}.${r.body}`).digest('hex')).toBe(v1);
  }
  expect(JSON.parse(received[1].body).message.body_text).toBe('已为您重置，请再试一次。');

  await card.getByRole('button', { name: '最近的发送记录' }).click();
  const rows = card.getByTestId('webhook-deliveries').locator('tbody tr');
  await expect.poll(() => rows.count()).toBe(2);
  expect(await rows.first().innerText()).toContain('已送达');
  expect(await rows.first().innerText()).toContain('HTTP 200');
  await shot(page, 'zh-delivered');
  expect(errors).toEqual([]);
  await ctx.close();
}, 120_000);

it('in English: an address inside the network is refused on the field; a test event is sent and listed', async () => {
  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Europe/London' });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, EN);
  await page.goto(`${k.base}/admin/webhooks`);
  await page.getByLabel('Name').fill('CRM');
  await page.getByLabel('Receiver address').fill('http://10.0.0.8/hooks');
  await page.getByRole('button', { name: 'Create webhook' }).click();
  await page.getByText('This address is on a private network or this machine.', { exact: false }).waitFor();
  expect(await page.getByLabel('Receiver address').getAttribute('aria-invalid')).toBe('true');
  await shot(page, 'en-refused');

  const card = page.getByRole('region', { name: '团队群通知' });
  const before = received.length;
  // The receiver refuses the test (410): it fails at once; mended, it is sent again from its row.
  answers.push(410);
  await card.getByRole('button', { name: 'Send a test event' }).click();
  await expect.poll(() => received.length, { timeout: 20_000 }).toBe(before + 1);
  expect(received[before].headers['x-kefu-event']).toBe('webhook.test');
  const rows = card.getByTestId('webhook-deliveries').locator('tbody tr');
  await expect.poll(() => rows.first().innerText(), { timeout: 15_000 }).toContain('Failed');
  expect(await rows.first().innerText()).toContain('HTTP 410');
  await shot(page, 'en-failed');
  await rows.first().getByRole('button', { name: 'Send again' }).click();
  await expect.poll(() => rows.first().innerText(), { timeout: 15_000 }).toContain('Delivered');
  expect(await rows.first().innerText()).toContain('webhook.test');
  expect(received.slice(before).map((r) => r.headers['x-kefu-delivery'])).toEqual([
    received[before].headers['x-kefu-delivery'],
    received[before].headers['x-kefu-delivery'],
  ]);
  // A new secret asks first, then is shown once.
  await card.getByRole('button', { name: 'New secret' }).click();
  const rotate = page.getByRole('dialog', { name: 'Make a new secret for 团队群通知?' });
  await rotate.getByText('the receiver refuses them until you put the new secret there', { exact: false }).waitFor();
  await rotate.getByRole('button', { name: 'Make a new secret' }).click();
  expect(await card.getByTestId('webhook-secret').innerText()).toMatch(/^whsec_/);
  await card.getByRole('button', { name: 'Switch off' }).click();
  await card.getByText('Off', { exact: true }).waitFor();
  await shot(page, 'en-test-and-off');
  expect(errors).toEqual([]);
  await ctx.close();
}, 120_000);

for (const lang of ['zh', 'en'] as const)
  it(`(${lang}) a delivery to a name that does not resolve says so in the admin's language`, async () => {
    const name = `DNS ${lang}`;
    const hook = await k.admin.post('/webhooks', { name, url: 'https://no-such-receiver.invalid/kefu', events: ['ticket.created'] });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    expect((await k.admin.post(`/webhooks/${hook.body.id}/test`)).status).toBeLessThan(300);
    const ctx = await newContext(
      browser,
      lang === 'zh' ? { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } : { locale: 'en-US', timezoneId: 'Europe/London' },
    );
    const page = await ctx.newPage();
    await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, lang === 'zh' ? ZH : EN);
    await page.goto(`${k.base}/admin/webhooks`);
    const card = page.getByRole('region', { name });
    await card.getByRole('button', { name: lang === 'zh' ? '最近的发送记录' : 'Recent deliveries' }).click();
    const row = card.getByTestId('webhook-deliveries').locator('tbody tr').first();
    const said = lang === 'zh' ? '接收地址的域名无法解析（DNS：ENOTFOUND）' : "The receiver's name does not resolve (DNS: ENOTFOUND)";
    await expect
      .poll(
        async () => {
          await page.reload();
          await card.getByRole('button', { name: lang === 'zh' ? '最近的发送记录' : 'Recent deliveries' }).click();
          return row.innerText();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toContain(said);
    // The server's own words stay at hand, as the row's tooltip.
    expect(await row.getByText(said).getAttribute('title')).toBe('DNS: ENOTFOUND');
    await shot(page, `${lang}-dns-error`);
    await ctx.close();
  }, 120_000);

for (const lang of ['zh', 'en'] as const)
  it(`(${lang}) a delivery to a receiver that is down says when it is tried next and which attempt; one that gave up says so`, async () => {
    const name = `Down ${lang}`;
    const hook = await k.admin.post('/webhooks', { name, url: downUrl, events: ['ticket.created'] });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    expect((await k.admin.post('/tickets', { subject: `down ${lang}`, body: 'b', requester_email: 'down@acme.test' })).status).toBe(201);
    const ctx = await newContext(
      browser,
      lang === 'zh' ? { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } : { locale: 'en-US', timezoneId: 'Europe/London' },
    );
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, lang === 'zh' ? ZH : EN);
    await page.goto(`${k.base}/admin/webhooks`);
    const card = page.getByRole('region', { name });
    const open = lang === 'zh' ? '最近的发送记录' : 'Recent deliveries';
    await card.getByRole('button', { name: open }).click();
    const row = card.getByTestId('webhook-deliveries').locator('tbody tr').first();
    const reread = async () => {
      await page.reload();
      await card.getByRole('button', { name: open }).click();
      return row.innerText();
    };
    // Retried with backoff (2, 4, 8 … s): the row says when the queue tries it next, and which of its 12 attempts.
    const next =
      lang === 'zh'
        ? /等待中\s+(\d+) ?秒(钟)?后重试 · 第 ([2-9])\/12 次/
        : /Waiting\s+Next attempt in (\d+) seconds? · attempt ([2-9]) of 12/;
    await expect.poll(reread, { timeout: 30_000, interval: 500 }).toMatch(next);
    await shot(page, `${lang}-next-attempt`);

    // A test event's job allows 3 attempts (0, 2, 6 s): then the delivery has given up, and says when.
    expect((await k.admin.post(`/webhooks/${hook.body.id}/test`)).status).toBe(202);
    const gaveUp =
      lang === 'zh' ? /失败\s+尝试 3 次后已放弃 · (\d+ ?秒(钟)?前|现在)/ : /Failed\s+Gave up after 3 attempts · (\d+ seconds? ago|now)/;
    await expect.poll(reread, { timeout: 40_000, interval: 1000 }).toMatch(gaveUp);
    expect(await row.innerText()).toContain('webhook.test');
    await shot(page, `${lang}-gave-up`);
    expect(errors).toEqual([]);
    expect((await k.admin.patch(`/webhooks/${hook.body.id}`, { active: false })).status).toBe(200);
    await ctx.close();
  }, 120_000);
