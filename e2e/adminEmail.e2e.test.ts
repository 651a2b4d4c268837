import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, linkFromOutbox, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { signInUi } from './helpers/story.ts';
import { startDovecot, type Dovecot } from '../test/email/dovecot.ts';

/**
 * Story: a desk without SMTP_URL. The admin home says plainly that mail is not being sent; the admin opens
 * the outbox and reads a customer's verification mail with its link; then adds and edits a support address
 * and an IMAP mailbox on the Email page. The same screens once in 简体中文. A mailbox whose check failed
 * says why in either language.
 */
let k: RunningKefu;
let browser: Browser;
const shot = shooter('admin-email');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };
const ZH = { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ };
const CUSTOMER = 'lin.mei@acme-mail.test';

beforeAll(async () => {
  k = await startKefu({ env: { KEFU_IMAP_ALLOW_PRIVATE: '127.0.0.1' } }); // the checked mailbox's closed port is on loopback
  browser = await launch();
  const signup = await fetch(`${k.base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Lin Mei', email: CUSTOMER, password: 'Lin-mei-pass-123', locale: 'en' }),
  });
  expect(signup.status).toBe(202);
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

const watchErrors = (page: Page) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
};

it('without SMTP the admin is told mail is not sent, reads the verification mail in the outbox, and manages addresses and mailboxes', async () => {
  expect((await k.admin.get('/email/settings')).body.delivery).toBe('outbox_only');
  const link = await linkFromOutbox(k, CUSTOMER, /\/verify/); // the mail is there (API), now find it in the UI

  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, EN);

  // The admin home says it plainly.
  await page.goto(`${k.base}/admin`);
  await page.waitForURL(/\/admin\/organizations/);
  const notice = page.getByTestId('mail-not-sent');
  await expect.poll(() => notice.innerText()).toContain('Mail is not being sent.');
  expect(await notice.innerText()).toContain('SMTP_URL');
  // The SMTP form is not on this page: the notice names the page it is on and leads there, instead of "below".
  expect(await notice.innerText()).not.toContain('below');
  expect(await notice.innerText()).toContain('Admin › Channels and email, under Delivery');
  expect(await notice.getByRole('link', { name: 'Set up mail delivery' }).getAttribute('href')).toBe('/admin/channels');
  await shot(page, 'en-home-not-sent');

  // The outbox lists the mail; opening it shows the recipient and the verification link.
  await notice.getByRole('link', { name: 'Open the outbox' }).click();
  await page.waitForURL(/\/admin\/outbox$/);
  const row = page.locator('tr', { hasText: CUSTOMER });
  await expect.poll(() => row.count()).toBeGreaterThan(0);
  expect(await row.first().innerText()).toContain('Not sent (outbox only)');
  await page.getByLabel('Show').selectOption('sent');
  await page.getByText('No mail yet.').waitFor(); // nothing was sent
  await page.getByLabel('Show').selectOption('local');
  await row.first().waitFor();
  await shot(page, 'en-outbox');
  await row.first().getByRole('link').click();
  await page.waitForURL(/\/admin\/outbox\/\d+$/);
  await page.getByRole('heading', { name: 'Links in this mail' }).waitFor();
  expect(await page.locator('dl.kv').innerText()).toContain(CUSTOMER);
  expect(await page.locator('dl.kv dt', { hasText: /^Sent$/ }).count()).toBe(0); // it was not sent, so no sending time
  const shown = await page.getByRole('region', { name: 'Links in this mail' }).getByRole('link').allInnerTexts();
  expect(shown.map((l) => new URL(l).pathname + new URL(l).search)).toContain(new URL(link).pathname + new URL(link).search);
  expect(await page.getByTestId('mail-body').innerText()).toContain('/verify');
  await shot(page, 'en-outbox-mail');

  // The relay is set on the page: a wrong URL is refused on the spot; a right one is shown without its
  // password (kept sealed), and the admin can stop using it again.
  await page.getByRole('link', { name: 'Channels and email', exact: true }).click();
  await page.getByRole('heading', { name: 'Support addresses', exact: true }).waitFor();
  const smtp = page.getByTestId('smtp-form');
  await smtp.getByLabel('SMTP server').fill('relay.acme-help.test');
  await smtp.getByRole('button', { name: 'Save' }).click();
  await smtp.getByText('must look like smtp://', { exact: false }).waitFor();
  await smtp.getByLabel('SMTP server').fill('smtp://kefu:relay-Secret-1@127.0.0.1:2599?tls=off');
  await smtp.getByLabel('Sender name').fill('Acme Support Desk');
  await smtp.getByRole('button', { name: 'Save' }).click();
  await smtp.getByText('✓ Saved').waitFor();
  await expect.poll(() => page.getByTestId('smtp-current').innerText()).toContain('smtp://kefu:***@127.0.0.1:2599?tls=off');
  expect(await page.locator('main').innerText()).not.toContain('relay-Secret-1');
  expect(await smtp.getByLabel('SMTP server').inputValue()).toBe('');
  expect((await k.admin.get('/email/settings')).body).toMatchObject({
    delivery: 'smtp',
    smtp_source: 'setting',
    from_name: 'Acme Support Desk',
  });
  await shot(page, 'en-smtp-set');
  await smtp.getByRole('button', { name: 'Stop using this server' }).click();
  await page.getByTestId('mail-not-sent').first().waitFor();
  expect((await k.admin.get('/email/settings')).body.delivery).toBe('outbox_only');

  // A support address: added, then edited.
  const add = page.getByRole('form', { name: 'Add address' });
  await add.getByLabel('Email address').fill('support@acme-help.test');
  await add.getByLabel('Display name').fill('Acme Support');
  await add.getByLabel('Default').check();
  await add.getByRole('button', { name: 'Add address' }).click();
  await page.locator('tr', { hasText: 'support@acme-help.test' }).waitFor();
  await expect
    .poll(async () => (await k.admin.get('/support-addresses')).body.data)
    .toEqual([expect.objectContaining({ email: 'support@acme-help.test', name: 'Acme Support', is_default: true })]);
  await page.getByRole('button', { name: 'Edit support@acme-help.test' }).click();
  const edit = page.getByRole('form', { name: 'Edit support@acme-help.test' });
  await edit.getByLabel('Display name').fill('Acme 客服');
  await edit.getByRole('button', { name: 'Save' }).click();
  await page.locator('tr', { hasText: 'Acme 客服' }).waitFor();
  await expect.poll(async () => (await k.admin.get('/support-addresses')).body.data[0].name).toBe('Acme 客服');

  // A second address sends its new tickets to the Billing group's queue.
  const billing = (await k.admin.post('/groups', { name: 'Billing' })).body;
  await page.reload();
  await add.getByLabel('Email address').fill('billing@acme-help.test');
  await add.getByLabel('Group').selectOption({ label: 'Billing' });
  await add.getByRole('button', { name: 'Add address' }).click();
  const billingRow = page.locator('tr', { hasText: 'billing@acme-help.test' });
  await billingRow.waitFor();
  expect(await billingRow.innerText()).toContain('Billing');
  await expect
    .poll(async () =>
      (await k.admin.get('/support-addresses')).body.data.find((a: { email: string }) => a.email === 'billing@acme-help.test'),
    )
    .toMatchObject({ group_id: billing.id });
  await shot(page, 'en-address-group');

  // A mailbox: added (paused, so nothing connects anywhere), then edited without retyping its password.
  await page.getByRole('button', { name: 'Add mailbox' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a mailbox' });
  await dialog.getByLabel('Name', { exact: true }).fill('Support inbox');
  await dialog.getByLabel('IMAP server').fill('imap.acme-help.test');
  await dialog.getByLabel('User name').fill('support@acme-help.test');
  await dialog.getByLabel('Password').fill('imap-secret-1');
  await dialog.getByLabel('Fetch mail from this mailbox').uncheck();
  await dialog.getByRole('button', { name: 'Add mailbox' }).click();
  await page.locator('tr', { hasText: 'Support inbox' }).waitFor();
  expect(await page.locator('tr', { hasText: 'Support inbox' }).innerText()).toContain('Paused');
  const [created] = (await k.admin.get('/mailboxes')).body.data;
  expect(created).toMatchObject({
    name: 'Support inbox',
    host: 'imap.acme-help.test',
    port: 993,
    secure: true,
    username: 'support@acme-help.test',
    has_password: true,
    active: false,
    folder: 'INBOX',
  });
  await page.getByRole('button', { name: 'Edit Support inbox' }).click();
  const editBox = page.getByRole('dialog', { name: 'Edit mailbox' });
  await editBox.getByLabel('Check every (seconds)').fill('300');
  await editBox.getByLabel('After fetching a mail').selectOption('move');
  await editBox.getByLabel('Move to folder').fill('Kefu');
  await editBox.getByRole('button', { name: 'Save' }).click();
  await expect
    .poll(async () => (await k.admin.get('/mailboxes')).body.data[0])
    .toMatchObject({ poll_seconds: 300, after_fetch: 'move', move_to: 'Kefu', has_password: true });
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  await shot(page, 'en-email-settings');
  expect(errors).toEqual([]);
  await ctx.close();
});

it('the same screens in 简体中文', async () => {
  const ctx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, ZH);
  await page.goto(`${k.base}/admin`);
  await page.waitForURL(/\/admin\/organizations/);
  await expect.poll(() => page.getByTestId('mail-not-sent').innerText()).toContain('邮件没有发出。');
  expect(await page.getByTestId('mail-not-sent').innerText()).not.toContain('在下方');
  expect(await page.getByTestId('mail-not-sent').innerText()).toContain('在“管理 › 渠道与邮件”的“发送方式”中设置');
  await shot(page, 'zh-home-not-sent');
  await page.getByRole('link', { name: '发件箱', exact: true }).click();
  const row = page.locator('tr', { hasText: CUSTOMER });
  await expect.poll(() => row.count()).toBeGreaterThan(0);
  expect(await row.first().innerText()).toContain('未发送（仅在发件箱）');
  await shot(page, 'zh-outbox');
  await row.first().getByRole('link').click();
  await page.getByRole('heading', { name: '邮件中的链接' }).waitFor();
  await shot(page, 'zh-outbox-mail');
  await page.getByRole('link', { name: '渠道与邮件', exact: true }).click();
  await page.getByRole('heading', { name: '支持邮箱地址', exact: true }).waitFor();
  await page.locator('tr', { hasText: 'Support inbox' }).waitFor();
  // The address's group, and the field that sets it, in Chinese.
  expect(await page.locator('tr', { hasText: 'billing@acme-help.test' }).innerText()).toContain('Billing');
  await page.getByRole('button', { name: '编辑 billing@acme-help.test' }).click();
  const zhEdit = page.getByRole('form', { name: '编辑 billing@acme-help.test' });
  await zhEdit.getByLabel('小组', { exact: true }).selectOption({ label: '不指定小组' });
  await zhEdit.getByRole('button', { name: '保存' }).click();
  await expect
    .poll(
      async () =>
        (await k.admin.get('/support-addresses')).body.data.find((a: { email: string }) => a.email === 'billing@acme-help.test').group_id,
    )
    .toBeNull();
  await shot(page, 'zh-email-settings');
  await page.getByRole('button', { name: '编辑 Support inbox' }).click();
  await page.getByRole('dialog', { name: '编辑邮箱' }).getByText('留空则保留当前密码。').waitFor();
  await shot(page, 'zh-mailbox-dialog', false);
  expect(errors).toEqual([]);
  await ctx.close();
});

it('a mailbox whose check failed says why in the admin’s language, with the error’s own words beside it', async () => {
  // A real connection to a port on this machine that nothing listens on.
  const closed = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
  const made = await k.admin.post('/mailboxes', {
    name: 'Old inbox',
    host: '127.0.0.1',
    port: closed,
    secure: false,
    username: 'old@acme-help.test',
    password: 'whatever-it-was',
    poll_seconds: 3600,
    active: true,
  });
  expect(made.status).toBe(201);
  expect((await k.admin.post(`/mailboxes/${made.body.id}/poll`)).body.error_kind).toBe('refused');
  // A mail server on the office network, which this server's KEFU_IMAP_ALLOW_PRIVATE does not name: refused unconnected.
  const lan = await k.admin.post('/mailboxes', {
    name: 'Office inbox',
    host: '10.0.0.5',
    port: 993,
    secure: true,
    username: 'office@acme-help.test',
    password: 'whatever-it-is',
    poll_seconds: 3600,
    active: true,
  });
  expect((await k.admin.post(`/mailboxes/${lan.body.id}/poll`)).body.error_kind).toBe('private_address');
  for (const [locale, login, said, lanSaid] of [
    [
      'en-US',
      EN,
      'The server refused the connection: nothing answers on that port. Check the server and the port.',
      'The server is on a loopback, private or link-local address (or its name leads only to one), which Kefu does not connect to unless the KEFU_IMAP_ALLOW_PRIVATE setting allows it.',
    ],
    [
      'zh-CN',
      ZH,
      '服务器拒绝了连接：该端口上没有服务响应。请检查服务器和端口。',
      '该服务器位于本机、内网或链路本地地址（或其名称只指向这类地址）；除非设置 KEFU_IMAP_ALLOW_PRIVATE 允许，客服系统不会连接。',
    ],
  ] as const) {
    const ctx = await newContext(browser, { locale, timezoneId: 'Asia/Shanghai' });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, login);
    await page.goto(`${k.base}/admin/channels`);
    const row = page.locator('tr', { hasText: 'Old inbox' });
    await row.waitFor();
    await expect.poll(() => row.innerText()).toContain(said);
    expect(await row.innerText()).toMatch(/ECONNREFUSED 127\.0\.0\.1/);
    await expect.poll(() => page.locator('tr', { hasText: 'Office inbox' }).innerText()).toContain(lanSaid);
    await shot(page, `${locale}-mailbox-failed`);
    expect(errors).toEqual([]);
    await ctx.close();
  }
});

it('“Check now” fetches a mailbox at once and says what it found, in either language', async () => {
  // A real IMAP server on this machine (the server's KEFU_IMAP_ALLOW_PRIVATE names 127.0.0.1), with one unread mail.
  const dv: Dovecot = await startDovecot();
  try {
    await dv.append(
      'From: Wang Fang <wang.fang@other-mail.test>\r\nTo: support@acme-help.test\r\nSubject: Printer offline\r\nMessage-ID: <check-now-1@acme-mail.test>\r\n\r\nThe printer is offline again.\r\n',
    );
    const made = await k.admin.post('/mailboxes', {
      name: 'Help inbox',
      host: '127.0.0.1',
      port: dv.port,
      secure: false,
      username: dv.user,
      password: dv.pass,
      poll_seconds: 3600,
      active: true,
    });
    expect(made.status).toBe(201);
    for (const [locale, login, check, said] of [
      ['en-US', EN, 'Check Help inbox now', /Checked just now: [01] new mails?\./],
      ['zh-CN', ZH, '立即检查 Help inbox', /刚刚检查过：收到 [01] 封新邮件。/],
    ] as const) {
      const ctx = await newContext(browser, { locale, timezoneId: 'Asia/Shanghai' });
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, login);
      await page.goto(`${k.base}/admin/channels`);
      const row = page.locator('tr', { hasText: 'Help inbox' });
      await row.getByRole('button', { name: check }).click();
      await expect.poll(() => row.innerText()).toMatch(said);
      await expect.poll(() => row.innerText()).toMatch(locale === 'en-US' ? /Working/ : /正常/);
      await shot(page, `${locale}-mailbox-checked`);
      expect(errors).toEqual([]);
      await ctx.close();
    }
    // The first check fetched the mail: it is a ticket, and it was marked read on the server.
    expect(await dv.unseen()).toEqual([]);
    await expect.poll(async () => (await k.admin.get('/tickets?q=Printer')).body.data?.length ?? 0, { timeout: 15_000 }).toBe(1);
  } finally {
    await dv.destroy();
  }
});
