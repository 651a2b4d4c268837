import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { join } from 'node:path';
import { ADMIN_EMAIL, ADMIN_PASSWORD, ROOT, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { signInUi } from './helpers/story.ts';

/**
 * Story (seed 001: requests with or without registration): Wang Fang has no account. She opens
 * /contact/new, describes the outage and sends it. The page never shows a link to her request: the
 * acknowledgement mail does. She follows the link from the mail and sees her request. Then the same
 * in Chinese; and when the admin turns guest requests off, the page says so.
 */
let k: RunningKefu;
let browser: Browser;
const shot = shooter('guest-form');

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  // Seed 001's channels and hours; the admin fills in the desk's own contacts.
  expect((await k.admin.post('/presets/business-hours/apply', {})).status).toBe(200);
  expect((await k.admin.patch('/channels/phone', { contact: '0731-8957 2759' })).status).toBe(200);
  expect((await k.admin.patch('/channels/email', { contact: 'help@desk.test' })).status).toBe(200);
  expect((await k.admin.patch('/channels/chat', { contact: '128631425' })).status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

async function page(locale: 'en-US' | 'zh-CN'): Promise<Page> {
  const ctx = await newContext(browser, { locale, timezoneId: 'Asia/Shanghai' });
  return ctx.newPage();
}

/** The private link in the acknowledgement to `email` (the outbox, newest first), on this server. */
async function guestLinkFromOutbox(email: string): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const items: Array<{ to: string[]; text: string }> = (await k.admin.get('/outbox?limit=100')).body?.data ?? [];
    for (const m of items) {
      const hit = m.to.includes(email) ? /https?:\/\/[^\s]+(\/guest\/tickets\/kfg_[\w-]+)/.exec(m.text) : null;
      if (hit) return `${k.base}${hit[1]}`;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no private link to ${email} in the outbox`);
}

const STORIES = [
  {
    locale: 'en-US' as const,
    tag: 'en',
    email: 'wang.fang@mail.test',
    l: {
      name: 'Your name',
      email: 'Email address',
      category: 'Category',
      subject: 'Subject',
      body: 'What happened?',
      send: 'Send request',
    },
    // The business-hours desk's own category (not the tiered desk's "Site down or unreachable").
    category: 'Something stopped working',
    subject: 'Our site answers 502',
    sent: /a message with a private link to your request is on its way/,
  },
  {
    locale: 'zh-CN' as const,
    tag: 'zh',
    email: 'li.na@mail.test',
    l: { name: '您的姓名', email: '邮箱地址', category: '类别', subject: '主题', body: '发生了什么？', send: '提交请求' },
    category: null,
    subject: '网站打不开，返回 502',
    sent: /一封带有您请求专属链接的邮件正在发送/,
  },
];

for (const s of STORIES) {
  it(`a guest files through /contact/new and follows the link from the outbox mail (${s.tag})`, async () => {
    const p = await page(s.locale);
    await p.goto(`${k.base}/contact/new`);
    await p.getByLabel(s.l.name).fill(s.tag === 'en' ? 'Wang Fang' : '李娜');
    await p.getByLabel(s.l.email, { exact: false }).first().fill(s.email);
    const select = p.getByLabel(s.l.category);
    if (s.category) await select.selectOption({ label: s.category });
    else await select.selectOption({ index: 1 });
    await p.getByLabel(s.l.subject).fill(s.subject);
    await p
      .getByLabel(s.l.body)
      .fill(s.tag === 'en' ? 'Since 09:00 every page answers 502 Bad Gateway.' : '从早上九点开始，所有页面都返回 502。');
    await shot(p, `form-${s.tag}`);
    // An address the browser lets through but the API refuses: the banner names the field as the form
    // does, and the message stands under it (before: "请求内容有误：email：不是有效的邮箱地址").
    const emailInput = p.getByLabel(s.l.email, { exact: false }).first();
    await emailInput.fill(s.email.replace(/\.test$/, ''));
    await p.getByRole('button', { name: s.l.send }).click();
    const refused = p.locator('.banner-error');
    await refused.waitFor();
    const sep = s.tag === 'en' ? ': ' : '：';
    expect(await refused.innerText()).toContain(`${s.l.email}${sep}`);
    expect(await refused.innerText()).not.toContain(`email${sep}`);
    await expect.poll(() => emailInput.getAttribute('aria-invalid')).toBe('true');
    expect(await p.locator('.field-error .field-msg').count()).toBe(1);
    await shot(p, `form-refused-${s.tag}`);
    await emailInput.fill(s.email);
    await p.getByRole('button', { name: s.l.send }).click();
    await expect.poll(() => p.getByTestId('guest-sent').textContent()).toMatch(s.sent);
    // The page carries no link to the request: only the mail does.
    expect(await p.locator('a[href*="/guest/tickets/"]').count()).toBe(0);
    await shot(p, `sent-${s.tag}`);

    const link = await guestLinkFromOutbox(s.email);
    // The agent answers with a file; the guest opens it from the page.
    const t = (await k.admin.get(`/tickets?q=${encodeURIComponent(s.subject.slice(0, 8))}`)).body.data[0];
    const answered = await k.admin.post(`/tickets/${t.id}/messages`, {
      body: s.tag === 'en' ? 'Here is the log from our side.' : '这是我们这边的日志。',
      attachments: [
        { filename: 'mx-log.txt', content_type: 'text/plain', data_base64: Buffer.from('origin 502 at 09:01\n').toString('base64') },
      ],
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(201);
    // The page's own clock, so that its 30-second refresh can be reached without waiting for it.
    await p.clock.install();
    await p.goto(link);
    await expect.poll(() => p.getByRole('heading', { level: 1 }).textContent()).toContain(s.subject);
    const file = p.getByRole('link', { name: 'mx-log.txt' });
    const href = await file.getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/guest\/tickets\/kfg_[\w-]+\/attachments\/\d+\?download=1$/);
    expect(await p.evaluate(`fetch(${JSON.stringify(href)}).then((r) => r.text())`)).toBe('origin 502 at 09:01\n');
    await shot(p, `ticket-${s.tag}`);

    // The guest answers with a screenshot of their own; the agent has it on the ticket, and the page lists it.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await p
      .getByLabel(s.tag === 'en' ? 'Reply' : '回复', { exact: true })
      .fill(s.tag === 'en' ? 'Here is what we see.' : '这是我们看到的页面。');
    await p.locator('input[type=file]').setInputFiles({ name: 'our-502.png', mimeType: 'image/png', buffer: png });
    await p.getByRole('button', { name: s.tag === 'en' ? 'Send reply' : '发送回复' }).click();
    await p.getByRole('link', { name: 'our-502.png', exact: true }).waitFor();
    const msgs = (await k.admin.get(`/tickets/${t.id}/messages`)).body.data as Array<{
      body: string;
      attachments: Array<{ id: number; filename: string }>;
    }>;
    const mine = msgs.find((m) => m.attachments.some((a) => a.filename === 'our-502.png'));
    expect(mine?.body).toBe(s.tag === 'en' ? 'Here is what we see.' : '这是我们看到的页面。');
    const ownHref = await p.getByRole('link', { name: 'our-502.png', exact: true }).getAttribute('href');
    expect(ownHref).toContain(`/attachments/${mine!.attachments[0].id}`);
    const stored = await p.evaluate(
      `fetch(${JSON.stringify(ownHref)}).then((r) => r.arrayBuffer()).then((b) => btoa(String.fromCharCode(...new Uint8Array(b))))`,
    );
    expect(stored).toBe(png.toString('base64'));
    await shot(p, `ticket-reply-file-${s.tag}`);

    // The agent answers while the page stays open: a guest has no live connection, so the page refreshes
    // on its own (before, the answer appeared only after a reload).
    const later = s.tag === 'en' ? 'The origin is back: please check again.' : '源站已恢复，请再试一次。';
    expect((await k.admin.post(`/tickets/${t.id}/messages`, { body: later })).status).toBe(201);
    await p.clock.fastForward('00:31');
    await p.getByText(later).waitFor({ timeout: 5_000 });

    // A link that no longer works says so and what to do instead, in the page's language (no "Try again").
    await p.goto(`${k.base}/guest/tickets/kfg_${'x'.repeat(30)}`);
    await p.getByText(s.tag === 'en' ? 'This link no longer opens a request' : '此链接已无法打开请求').waitFor();
    expect(await p.getByRole('button', { name: s.tag === 'en' ? 'Try again' : '重试' }).count()).toBe(0);
    await shot(p, `dead-link-${s.tag}`);
    await p.context().close();
  });
}

it('when the admin turns guest requests off, the page says so (both languages)', async () => {
  expect((await k.admin.patch('/settings/guest-tickets', { enabled: false })).status).toBe(200);
  for (const [locale, text, tag] of [
    ['en-US', /Requests without an account are turned off/, 'en'],
    ['zh-CN', /目前暂不接受未注册用户提交请求/, 'zh'],
  ] as const) {
    const p = await page(locale);
    await p.goto(`${k.base}/contact/new`);
    await expect.poll(() => p.getByTestId('guest-disabled').textContent()).toMatch(text);
    expect(
      await p
        .getByRole('button')
        .filter({ hasText: /Send request|提交请求/ })
        .count(),
    ).toBe(0);
    await shot(p, `disabled-${tag}`);
    await p.context().close();
  }
  expect((await k.admin.patch('/settings/guest-tickets', { enabled: true })).status).toBe(200);
});

it('the contact page shows every channel open now or its next opening, with clickable contacts (both languages)', async () => {
  // A holiday next week on the standard hours: the card names it under "Mon–Sat 08:00–17:30", which alone
  // would leave a reader wondering why the desk is closed that weekday.
  const std = (await k.admin.get('/calendars')).body.data.find((c: { name: string }) => c.name === 'Standard hours');
  const soon = new Date(Date.now() + 7 * 86_400_000);
  const holiday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(soon);
  const put = await k.admin.put(`/calendars/${std.id}`, {
    name: std.name,
    display_name: std.display_name,
    timezone: std.timezone,
    weekly: std.weekly,
    extra_workdays: std.extra_workdays,
    holidays: [{ date: holiday, name: '公司年会' }],
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const day = (lang: string) =>
    new Intl.DateTimeFormat(lang, { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric' }).format(
      new Date(`${holiday}T00:00:00Z`),
    );
  for (const [locale, open, opens, tag] of [
    ['en-US', 'Open now', /opens/, 'en'],
    ['zh-CN', '现在开放', /开放/, 'zh'],
  ] as const) {
    const p = await page(locale);
    await p.goto(`${k.base}/contact`);
    const web = p.getByTestId('channel-web');
    await expect.poll(() => web.textContent()).toContain(open); // tickets: 7×24
    const chat = await p.getByTestId('channel-chat').textContent();
    expect(chat?.includes(open) || opens.test(chat ?? '')).toBe(true);
    expect(await p.getByTestId('channel-phone').locator('a[href="tel:073189572759"]').count()).toBe(1);
    expect(await p.getByTestId('channel-email').locator('a[href="mailto:help@desk.test"]').count()).toBe(1);
    expect(await p.getByTestId('standard-hours').textContent()).toMatch(locale === 'en-US' ? /Standard hours/ : /标准服务时间/);
    expect(await p.getByTestId('standard-hours').getByTestId('special-days').innerText()).toBe(
      locale === 'en-US' ? `Closed ${day('en-US')} (公司年会)` : `${day('zh-CN')} 休息（公司年会）`,
    );
    // The 1-hour target counts in the standard hours: the card says so, and when closed, from when the count starts.
    expect(await p.getByTestId('response-times-note').textContent()).toMatch(
      locale === 'en-US'
        ? /^Response times are counted in these hours(\.|: for a request sent now, the count starts when we open \(.+\)\.)$/
        : /^响应时间按以上时间计算(。|：现在提交的请求从开放时（.+）开始计时。)$/,
    );
    await shot(p, `contact-${tag}`);
    await p.context().close();
  }
});

it("an admin edits a channel's contact and purpose in Admin › Channels; the contact page shows them (both languages)", async () => {
  for (const [locale, labels, l, tag] of [
    [
      'en-US',
      { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ },
      {
        contact: 'Contact',
        purpose: 'What it is for (English)',
        save: 'Save',
        saved: 'Saved.',
        hidden: 'Customers do not see this channel until it has a contact or an image',
      },
      'en',
    ],
    [
      'zh-CN',
      { email: /邮箱/, password: /^密码$/, submit: /^登录$/ },
      {
        contact: '联系方式',
        purpose: '适用场景（English）',
        save: '保存',
        saved: '已保存。',
        hidden: '填写联系方式或上传图片之前，客户看不到此渠道',
      },
      'zh',
    ],
  ] as const) {
    // Without a contact the chat groups are hidden from customers, and the admin is told so.
    expect((await k.admin.patch('/channels/chat', { contact: '' })).status).toBe(200);
    const visitor = (await (await fetch(`${k.base}/api/v1/public/contact`)).json()) as { channels: Array<{ key: string }> };
    expect(visitor.channels.map((c) => c.key)).not.toContain('chat');
    const p = await page(locale);
    await signInUi(p, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, labels);
    await p.goto(`${k.base}/admin/channels`);
    const form = p.getByTestId('channel-form-chat');
    await form.getByTestId('channel-hidden-chat').getByText(l.hidden, { exact: false }).waitFor();
    await form.screenshot({ path: join(ROOT, 'e2e', 'screenshots', `guest-form-admin-channel-hidden-${tag}.png`) });
    await form.getByLabel(l.contact, { exact: true }).fill(`QQ group ${tag}`);
    await form.getByLabel(l.purpose).fill(`Questions and advice (${tag})`);
    await form.getByRole('button', { name: l.save }).click();
    await expect.poll(() => form.textContent()).toContain(l.saved);
    await form.getByTestId('channel-hidden-chat').waitFor({ state: 'detached' });
    await shot(p, `admin-channels-${tag}`);
    const chat = (await k.admin.get('/public/contact')).body.channels.find((c: { key: string }) => c.key === 'chat');
    expect(chat.contact).toBe(`QQ group ${tag}`);
    expect(chat.purpose).toBe(`Questions and advice (${tag})`);
    await p.context().close();
  }
});

it('a signed-in customer sees the standard hours with the channels on their contact page (both languages)', async () => {
  expect(
    (await k.admin.post('/people', { name: 'Cora', email: 'cora@acme.test', role: 'customer', password: 'Cora-long-pass-42' })).status,
  ).toBe(201);
  for (const [locale, labels, title, tag] of [
    ['en-US', { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ }, /Standard hours/, 'en'],
    ['zh-CN', { email: /邮箱/, password: /^密码$/, submit: /^登录$/ }, /标准服务时间/, 'zh'],
  ] as const) {
    const p = await page(locale);
    await signInUi(p, k.base, 'cora@acme.test', 'Cora-long-pass-42', labels);
    await p.goto(`${k.base}/requests/contact`);
    await expect.poll(() => p.getByTestId('standard-hours').textContent()).toMatch(title);
    await expect.poll(() => p.getByTestId('channel-web').textContent()).toBeTruthy();
    await shot(p, `portal-contact-${tag}`);
    await p.context().close();
  }
});
