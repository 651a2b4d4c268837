import { createServer, type Server } from 'node:http';
import { deflateSync } from 'node:zlib';
import nodemailer from 'nodemailer';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSink, type Sink } from '../test/email/helpers.ts';
import { freePort } from '../test/helpers/serverProcess.ts';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { signInUi } from './helpers/story.ts';

/**
 * Story: a customer mails the desk an HTML mail — their logo inline (cid:), a tracking pixel from
 * another server, the quoted history of an earlier mail, a PDF. In the console the agent reads it
 * as written: the inline image shows, the remote one waits for "Show images" (and the other server
 * hears nothing until then), the history is folded behind "…", the attachments are listed with their
 * sizes and previews. The agent sets a signature, answers with bold text, a pasted screenshot and a
 * file; the mail that leaves carries the HTML, the signature and the attachments. The same screens
 * in 简体中文.
 */
let k: RunningKefu;
let browser: Browser;
let sink: Sink;
let pixelServer: Server;
let pixelHits = 0;
let pixelUrl = '';
let smtpPort = 0;
const shot = shooter('mail-as-written');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };

/** A solid-colour PNG (w × h) made here, so the test needs no image files. */
function png(w: number, h: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3).map((_, i) => rgb[i % 3])]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

beforeAll(async () => {
  sink = await startSink();
  smtpPort = await freePort();
  pixelServer = createServer((req, res) => {
    pixelHits += 1;
    res.writeHead(200, { 'content-type': 'image/png' }).end(png(30, 10, [20, 160, 60]));
  });
  await new Promise<void>((r) => pixelServer.listen(0, '127.0.0.1', () => r()));
  pixelUrl = `http://127.0.0.1:${(pixelServer.address() as { port: number }).port}/pixel.png`;
  k = await startKefu({
    env: {
      KEFU_SMTP_PORT: String(smtpPort),
      KEFU_SMTP_HOST: '127.0.0.1',
      KEFU_SUPPORT_EMAIL: 'support@kefu.test',
      SMTP_URL: `${sink.url}?tls=off`,
    },
  });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
  await sink?.close();
  await new Promise((r) => pixelServer?.close(r));
});

const frameOf = async (page: Page, messageIndex: number): Promise<Frame> => {
  const el = page.getByTestId('message').nth(messageIndex).getByTestId('mail-frame');
  await el.waitFor();
  const handle = await el.elementHandle();
  const frame = await handle!.contentFrame();
  await frame!.waitForLoadState('load');
  return frame!;
};
const naturalWidth = (f: Frame, selector: string) => f.$eval(selector, (i) => (i as unknown as { naturalWidth: number }).naturalWidth);

it('an HTML mail is read as written, and the answer goes out formatted, signed and with its files', async () => {
  // 1. The customer's mail arrives over SMTP.
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  await client.sendMail({
    from: 'Wang Fang <wang.fang@acme-mail.test>',
    to: 'support@kefu.test',
    subject: 'Our logo is cut off on the invoice',
    text: 'Our logo is cut off on the invoice.',
    html:
      '<div>Hello,</div><div>our logo is cut off on the invoice:</div><div><img src="cid:logo@acme" alt="logo" width="120" height="40"></div>' +
      `<div><img src="${pixelUrl}" alt="pixel"></div><div>The PDF is attached.</div><br>` +
      '<div>On Mon, Dec 1, 2026 at 10:00 AM Kefu Support &lt;support@kefu.test&gt; wrote:<br></div>' +
      '<blockquote><p>Please send us a screenshot of the invoice.</p></blockquote>',
    attachments: [
      { filename: 'logo.png', content: png(120, 40, [200, 30, 30]), cid: 'logo@acme', contentType: 'image/png' },
      { filename: 'invoice.pdf', content: PDF, contentType: 'application/pdf' },
    ],
  });
  client.close();
  let ticket: { id: number; number: number } | undefined;
  await expect
    .poll(async () => (ticket = (await k.admin.get('/tickets?q=logo')).body.data?.[0]), { timeout: 30_000, interval: 250 })
    .toBeTruthy();

  const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, EN);
  await page.goto(`${k.base}/agent/tickets/${ticket!.number}`);

  // 2. As written: the inline image is there, the remote one is not loaded, the history is folded.
  const first = await frameOf(page, 0);
  await expect.poll(() => naturalWidth(first, 'img[alt="logo"]')).toBe(120);
  expect(await first.$eval('img[alt="pixel"]', (i) => i.getAttribute('src'))).toBeNull();
  expect(pixelHits).toBe(0);
  const blocked = page.getByTestId('message').first().getByTestId('remote-images-blocked');
  expect(await blocked.innerText()).toContain('Remote images are blocked');
  expect(await first.locator('text=Please send us a screenshot').isVisible()).toBe(false);
  expect(await first.locator('text=our logo is cut off').isVisible()).toBe(true);
  // Scripts cannot run in the frame: it is sandboxed and its policy allows none.
  expect(await page.getByTestId('mail-frame').first().getAttribute('sandbox')).not.toContain('allow-scripts');

  // 3. Attachments: names, sizes, a thumbnail for the image, a preview for the PDF.
  const atts = page.getByTestId('message').first().getByTestId('attachment');
  await expect.poll(() => atts.count()).toBe(2);
  expect(await atts.allInnerTexts()).toEqual([expect.stringMatching(/logo\.png\s+\d+ B/), expect.stringMatching(/invoice\.pdf\s+\d+ B/)]);
  await expect
    .poll(() =>
      atts
        .first()
        .locator('img')
        .evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth),
    )
    .toBe(120);
  await atts.nth(1).getByRole('button', { name: 'Preview' }).click();
  const pdfSrc = await atts.nth(1).locator('iframe').getAttribute('src');
  const pdfHead = await page.evaluate(async (u) => {
    const r = await fetch(u!);
    return [r.headers.get('content-type'), r.headers.get('content-disposition')];
  }, pdfSrc);
  expect(pdfHead).toEqual(['application/pdf', "inline; filename*=UTF-8''invoice.pdf"]);
  await shot(page, 'en-mail-as-written');

  // 4. The quote opens with "…"; the remote image loads only after "Show images".
  await first.locator('summary').click();
  await expect.poll(() => first.locator('text=Please send us a screenshot').isVisible()).toBe(true);
  await blocked.getByRole('button', { name: 'Show images' }).click();
  const reloaded = await frameOf(page, 0);
  await expect.poll(() => naturalWidth(reloaded, 'img[alt="pixel"]').catch(() => 0)).toBe(30);
  expect(pixelHits).toBeGreaterThan(0);
  expect(await page.getByTestId('remote-images-blocked').count()).toBe(0);

  // 5. A signature, set from the composer.
  const composer = page.getByRole('region', { name: 'Reply or note' });
  await composer.getByRole('button', { name: 'Add a signature' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your signature' });
  await dialog.getByLabel('Signature in English').fill('Kefu Admin\nAcme support desk');
  await dialog.getByLabel('Signature in Chinese').fill('客服 Kefu Admin');
  await shot(page, 'en-signature');
  await dialog.getByRole('button', { name: 'Save signature' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await expect.poll(() => page.getByTestId('composer-signature').innerText()).toContain('Acme support desk');

  // 6. The answer: bold text, a pasted screenshot (inline), a file.
  const box = composer.getByRole('textbox');
  await box.click();
  await page.getByTestId('format-bold').click();
  await page.keyboard.type('fixed');
  await box.press('End');
  await page.keyboard.type(' in the new template. Here is how it looks now:\n');
  const shotPng = png(64, 32, [30, 60, 200]).toString('base64');
  // A paste from the clipboard, as the browser delivers it (the e2e code has no DOM types: a string runs in the page).
  await page.evaluate(`(() => {
    const bytes = Uint8Array.from(atob('${shotPng}'), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  })()`);
  await expect.poll(() => box.inputValue()).toMatch(/!\[pasted-image-1\.png\]\(cid:paste-[^)]+\)/);
  await composer
    .locator('input[type=file]')
    .setInputFiles({ name: 'steps.txt', mimeType: 'text/plain', buffer: Buffer.from('1. open\n2. print\n') });
  expect(await box.inputValue()).toMatch(/^\*\*fixed\*\* in the new template/);
  await shot(page, 'en-composer');
  await composer.getByRole('button', { name: 'Send reply' }).click();

  const reply = page.getByTestId('message').nth(1);
  const rf = await frameOf(page, 1);
  await expect.poll(() => rf.locator('strong').first().innerText()).toBe('fixed');
  await expect.poll(() => naturalWidth(rf, 'img[alt="pasted-image-1.png"]')).toBe(64);
  expect(await rf.locator('body').innerText()).toContain('Acme support desk');
  await expect.poll(() => reply.getByTestId('attachment').count()).toBe(2);
  expect(errors).toEqual([]);

  // 7. The mail that leaves: HTML with the bold text and signature, the screenshot inline, the file attached.
  await expect
    .poll(() => sink.messages.find((m) => m.to.includes('wang.fang@acme-mail.test') && /fixed/.test(m.mail.text ?? '')), {
      timeout: 30_000,
    })
    .toBeTruthy();
  const out = sink.messages.find((m) => /fixed/.test(m.mail.text ?? ''))!.mail;
  expect(out.html).toContain('<strong>fixed</strong>');
  expect(out.html).toContain('Acme support desk');
  // mailparser turns a cid: reference into a data: URL only when the part with that Content-ID is in the mail.
  expect(out.html).toMatch(/<img src="data:image\/png;base64,[^"]+" alt="pasted-image-1.png"/);
  const files = out.attachments.map((a) => [a.filename, a.contentType, a.cid ? 'inline' : 'file']);
  expect(files).toEqual(
    expect.arrayContaining([
      ['pasted-image-1.png', 'image/png', 'inline'],
      ['steps.txt', 'text/plain', 'file'],
    ]),
  );
  await shot(page, 'en-after-reply');

  // 8. 简体中文.
  await page.evaluate(`localStorage.setItem('kefu.lang', 'zh-CN')`);
  await page.reload();
  const zhFrame = await frameOf(page, 0);
  expect(await zhFrame.locator('summary').getAttribute('title')).toBe('显示引用的历史邮件');
  await page.getByRole('region', { name: '回复或备注' }).getByText('添加我的签名（英文）').waitFor();
  await shot(page, 'zh-mail-as-written');
  await ctx.close();
});

it('a fresh tab blocks the remote images again, in 简体中文 too', async () => {
  const ctx = await newContext(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  await signInUi(page, k.base, ADMIN_EMAIL, ADMIN_PASSWORD, { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ });
  const t = (await k.admin.get('/tickets?q=logo')).body.data[0];
  const before = pixelHits;
  await page.goto(`${k.base}/agent/tickets/${t.number}`);
  await frameOf(page, 0);
  const bar = page.getByTestId('message').first().getByTestId('remote-images-blocked');
  expect(await bar.innerText()).toContain('为保护隐私，已阻止加载远程图片。');
  expect(pixelHits).toBe(before);
  await page.getByRole('button', { name: '显示图片' }).first().waitFor();
  await shot(page, 'zh-blocked');
  await ctx.close();
});

it('the customer reads the same message as written in the portal, never the internal note; the agent edits the signature in Settings', async () => {
  const cust = await k.admin.post('/people', {
    name: 'Chen Jing',
    email: 'chen.jing@acme-mail.test',
    role: 'customer',
    password: 'Chen-jing-pass-123',
    locale: 'zh-CN',
  });
  expect(cust.status, JSON.stringify(cust.body)).toBe(201);
  const t = await k.admin.post('/tickets', {
    subject: 'Invoice layout',
    body: 'The new invoice layout',
    html: `<p>The <b>new</b> invoice layout:</p><p><img src="cid:inv@kefu" alt="layout"></p><p><img src="${pixelUrl}" alt="pixel"></p><p>-----Original Message-----<br>From: Chen Jing<br>Sent: Monday</p><p>old text</p>`,
    requester_id: cust.body.id,
    attachments: [
      {
        filename: 'layout.png',
        content_type: 'image/png',
        data_base64: png(90, 30, [120, 40, 160]).toString('base64'),
        content_id: 'inv@kefu',
      },
    ],
  });
  expect(t.status, JSON.stringify(t.body)).toBe(201);
  await k.admin.post(`/tickets/${t.body.id}/messages`, { body: 'secret note', html: '<p><i>secret</i> note</p>', internal: true });
  const before = pixelHits;
  for (const [locale, labels, blockedText] of [
    ['en-US', EN, 'Remote images are blocked'],
    ['zh-CN', { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ }, '已阻止加载远程图片'],
  ] as const) {
    const ctx = await newContext(browser, { locale, timezoneId: 'Asia/Shanghai' });
    const page = await ctx.newPage();
    await page.addInitScript(`localStorage.setItem('kefu.lang', '${locale === 'en-US' ? 'en' : 'zh-CN'}')`);
    await signInUi(page, k.base, 'chen.jing@acme-mail.test', 'Chen-jing-pass-123', labels);
    await page.goto(`${k.base}/requests/${t.body.number}`);
    const f = await frameOf(page, 0);
    await expect.poll(() => naturalWidth(f, 'img[alt="layout"]')).toBe(90);
    expect(await f.locator('b').innerText()).toBe('new');
    expect(await f.locator('text=old text').isVisible()).toBe(false);
    expect(await page.getByTestId('remote-images-blocked').innerText()).toContain(blockedText);
    expect(await page.getByTestId('message').count()).toBe(1);
    expect(await page.locator('body').innerText()).not.toContain('secret');
    await shot(page, `${locale === 'en-US' ? 'en' : 'zh'}-portal`);
    await ctx.close();
  }
  expect(pixelHits).toBe(before);

  // The agent's own settings: the notification panel's Settings tab holds the signature too.
  for (const lang of ['en', 'zh-CN'] as const) {
    const ctx = await newContext(browser, { locale: lang === 'en' ? 'en-US' : 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await ctx.newPage();
    await page.addInitScript(`localStorage.setItem('kefu.lang', '${lang}')`);
    await signInUi(
      page,
      k.base,
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      lang === 'en' ? EN : { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ },
    );
    await page.goto(`${k.base}/agent`);
    await page.getByRole('button', { name: lang === 'en' ? 'Notifications' : '通知' }).click();
    await page.getByRole('tab', { name: lang === 'en' ? 'Settings' : '设置' }).click();
    const editor = page.getByTestId('signature-editor');
    await editor.scrollIntoViewIfNeeded();
    expect(await editor.getByLabel(lang === 'en' ? 'Signature in Chinese' : '中文签名').inputValue()).toBe('客服 Kefu Admin');
    await page.screenshot({ path: `${process.cwd()}/e2e/screenshots/mail-as-written-${lang}-settings-signature.png` });
    await ctx.close();
  }
});
