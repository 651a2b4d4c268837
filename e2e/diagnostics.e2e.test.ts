import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDnsServer } from '../test/helpers/dnsServer.ts';
import { startOrigins, TEST_ZONE, type Origins } from '../test/helpers/tlsOrigins.ts';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ROOT, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, signInUi } from './helpers/story.ts';

/**
 * Story (seed 000 step 8: "Kefu checks your domain's configuration and summarizes what it found"),
 * in English and 简体中文, against a real DNS server and real HTTPS origins on loopback:
 * - a customer picks their domain with an expired certificate in the guided form and sees the real
 *   findings (the expired certificate with its fix), submits, and the agent reads the same run next
 *   to the conversation in the agent's language, then runs the checks again;
 * - a request about no domain says that no checks ran.
 */
let k: RunningKefu;
let browser: Browser;
let dns: Awaited<ReturnType<typeof startDnsServer>>;
let origins: Origins;
let orgId = 0;
const errors: string[] = [];

type Lang = 'en' | 'zh';
const L = {
  en: {
    ctx: { locale: 'en-US', timezoneId: 'Europe/Berlin' } as const,
    signIn: { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ },
    next: /Next/,
    general: /Not about one domain or product/,
    summary: 'Summary',
    expired: 'Certificate expired',
    fix: /Renew the certificate/,
    s502: '502 Bad Gateway',
    checksStep: 'Checks',
    categoryTitle: 'What kind of problem is it?',
    stepOf: (n: number, total: number) => `Step ${n} of ${total}`,
    submit: 'Submit request',
    confirm: 'We have your request',
    runAgain: 'Run again',
    checkDomain: 'Check expired.test',
    orgDomains: "This ticket names no domain. Check one of the organization's domains:",
  },
  zh: {
    ctx: { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } as const,
    signIn: { email: /邮箱/, password: /^密码$/, submit: /^登录$/ },
    next: /下一步/,
    general: /与具体域名或产品无关/,
    summary: '概要',
    expired: '证书已过期',
    fix: /续订证书/,
    s502: '502 错误网关',
    checksStep: '检查',
    categoryTitle: '这是哪类问题？',
    stepOf: (n: number, total: number) => `第 ${n} 步，共 ${total} 步`,
    submit: '提交请求',
    confirm: '我们已收到您的请求',
    runAgain: '重新检查',
    checkDomain: '检查 expired.test',
    orgDomains: '此工单未指明域名。可检查该组织的域名：',
  },
};

beforeAll(async () => {
  dns = await startDnsServer(TEST_ZONE);
  origins = await startOrigins();
  k = await startKefu({
    env: {
      KEFU_DIAG_DNS: dns.address,
      KEFU_DIAG_HTTPS_PORT: String(origins.httpsPort),
      KEFU_DIAG_HTTP_PORT: String(origins.httpPort),
      KEFU_DIAG_ALLOW_PRIVATE: '127.0.0.1',
      KEFU_DIAG_CA_FILE: origins.caFile,
    },
  });
  browser = await launch();
  const org = (await k.admin.post('/organizations', { name: 'Acme Hosting' })).body;
  orgId = org.id;
  for (const name of ['expired.test', 'bad502.test'])
    expect((await k.admin.post(`/organizations/${org.id}/assets`, { kind: 'domain', name })).status).toBe(201);
  for (const lang of ['en', 'zh'] as Lang[]) {
    const locale = lang === 'en' ? 'en' : 'zh-CN';
    await createPerson(k, {
      name: `Cust ${lang}`,
      email: `cust-${lang}@acme.test`,
      role: 'customer',
      organization_id: org.id,
      password: 'Long-pass-1234',
      locale,
    });
    await createPerson(k, { name: `Agent ${lang}`, email: `agent-${lang}@kefu.test`, role: 'agent', password: 'Long-pass-1234', locale });
  }
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
  await origins?.close();
  await dns?.close();
});

async function signedIn(lang: Lang, email: string): Promise<Page> {
  const page = await (await newContext(browser, L[lang].ctx)).newPage();
  page.setDefaultTimeout(30_000); // the machine is shared: a slow moment is not a failure
  page.on('pageerror', (e) => errors.push(e.message));
  await signInUi(page, k.base, email, 'Long-pass-1234', L[lang].signIn);
  return page;
}

/** Account (chosen for them: one organization) → asset → summary → the checks step. */
async function toChecks(page: Page, lang: Lang, asset: RegExp, summary: string) {
  const l = L[lang];
  await page.goto(`${k.base}/requests/new`);
  await page.getByRole('button', { name: l.next }).click();
  await page.getByRole('radio', { name: asset }).check();
  await page.getByRole('button', { name: l.next }).click();
  await page.getByLabel(l.summary).fill(summary);
  await page.getByRole('button', { name: l.next }).click();
}

describe.each(['en', 'zh'] as Lang[])('real diagnostics in the guided form (%s)', (lang) => {
  const l = L[lang];
  const shot = shooter(`diagnostics-${lang}`);

  it('a customer picks a domain and sees real findings; the agent reads them next to the conversation', async () => {
    const page = await signedIn(lang, `cust-${lang}@acme.test`);
    // Hold the run's request to see the step while it is under way.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/v1/diagnostics', async (route) => {
      await held;
      await route.continue();
    });
    await toChecks(page, lang, /expired\.test/, lang === 'en' ? 'Visitors see a certificate warning' : '访客看到证书警告');
    // The run is under way: every check is listed, none marked done.
    const pending = page.getByTestId('diagnostics-pending');
    await pending.waitFor();
    expect(await pending.locator('li').count()).toBe(7);
    expect(await pending.locator('li[data-status]').count()).toBe(0);
    // Not through `shot`: it waits for the network to go idle, which a held request never does.
    await page.screenshot({ path: join(ROOT, 'e2e', 'screenshots', `diagnostics-${lang}-00-customer-checking.png`), fullPage: true });
    release();
    const run = page.getByTestId('diagnostic-run');
    await run.waitFor({ timeout: 20_000 });
    const tls = run.locator('[data-check="tls"]');
    expect(await tls.getAttribute('data-status')).toBe('fail');
    expect(await tls.innerText()).toContain(l.expired);
    expect(await tls.innerText()).toMatch(l.fix);
    expect(await run.locator('[data-check="dns"]').getAttribute('data-status')).toBe('ok');
    expect(await run.locator('li').count()).toBe(7);
    await shot(page, 'customer-findings');

    // On to the end: category, priority, details, review, submit.
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('radio').first().check();
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('radio', { name: /P2/ }).check();
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('button', { name: l.submit }).click();
    await page.getByRole('heading', { name: l.confirm }).waitFor();
    const t = (await k.admin.get(`/tickets?organization_id=${orgId}&limit=1&sort=-created_at`)).body.data[0];
    const attached = (await k.admin.get(`/tickets/${t.id}/diagnostics`)).body.data;
    expect(attached).toHaveLength(1);
    expect(attached[0].domain).toBe('expired.test');

    // The agent, in their own language, next to the conversation.
    const a = await signedIn(lang, `agent-${lang}@kefu.test`);
    await a.goto(`${k.base}/agent/tickets/${t.number}`);
    const panel = a.getByTestId('diagnostics-panel');
    await panel.locator('[data-check="tls"]').waitFor();
    expect(await panel.locator('[data-check="tls"]').innerText()).toContain(l.expired);
    expect(await panel.locator('time').count()).toBe(1);
    await panel.scrollIntoViewIfNeeded();
    await shot(a, 'agent-panel');
    await panel.getByRole('button', { name: l.runAgain }).click();
    await expect.poll(async () => (await k.admin.get(`/tickets/${t.id}/diagnostics`)).body.data.length, { timeout: 20_000 }).toBe(2);
    await panel.locator('[data-check="tls"]').waitFor();
    expect(errors).toEqual([]);
  });

  it('a ticket that names no domain (a mail, a call) offers the organization’s domains to the agent', async () => {
    const made = await k.admin.post('/tickets', {
      subject: lang === 'en' ? 'Site down since this morning' : '网站从早上起打不开',
      body: lang === 'en' ? 'Called in; did not say which site.' : '来电，没有说明是哪个网站。',
      requester_id: (await k.admin.get(`/people?q=cust-${lang}@acme.test`)).body.data.find(
        (p: { email: string }) => p.email === `cust-${lang}@acme.test`,
      ).id,
    });
    expect(made.status).toBe(201);
    const a = await signedIn(lang, `agent-${lang}@kefu.test`);
    await a.goto(`${k.base}/agent/tickets/${made.body.number}`);
    const panel = a.getByTestId('diagnostics-panel');
    await panel.getByText(l.orgDomains).waitFor();
    expect(await panel.getByTestId('diagnostics-check-domain').allInnerTexts()).toHaveLength(2);
    await panel.scrollIntoViewIfNeeded();
    await shot(a, 'agent-org-domains');
    await panel.getByRole('button', { name: l.checkDomain }).click();
    await panel.locator('[data-check="tls"]').waitFor({ timeout: 20_000 });
    expect(await panel.locator('[data-check="tls"]').innerText()).toContain(l.expired);
    const attached = (await k.admin.get(`/tickets/${made.body.id}/diagnostics`)).body.data;
    expect(attached.map((r: { domain: string }) => r.domain)).toEqual(['expired.test']);
    await shot(a, 'agent-org-domain-checked');
    expect(errors).toEqual([]);
  });

  it('the 502 is shown with its fix', async () => {
    const page = await signedIn(lang, `cust-${lang}@acme.test`);
    await toChecks(page, lang, /bad502\.test/, lang === 'en' ? 'The site shows an error page' : '网站显示错误页面');
    const status = page.getByTestId('diagnostic-run').locator('[data-check="http_status"]');
    await status.waitFor({ timeout: 20_000 });
    expect(await status.getAttribute('data-status')).toBe('fail');
    expect(await status.innerText()).toContain(l.s502);
    await shot(page, 'customer-502');
  });

  it('a request about no domain has no checks step: the summary leads to the category', async () => {
    const page = await signedIn(lang, `cust-${lang}@acme.test`);
    const progress = page.getByRole('list').filter({ has: page.locator('[aria-current="step"]') });
    const labels = () => progress.locator('.step-label').allInnerTexts();
    await page.goto(`${k.base}/requests/new`);
    await page.getByRole('button', { name: l.next }).click();
    // The account owns domains: until the customer chooses, the checks are ahead (eight steps).
    await page.getByRole('radio', { name: l.general }).waitFor();
    expect(await labels()).toContain(l.checksStep);
    await page.getByText(l.stepOf(2, 8)).waitFor();
    await page.getByRole('radio', { name: l.general }).check();
    // Not about a domain: nothing to check, one step fewer.
    await expect.poll(labels).not.toContain(l.checksStep);
    await page.getByText(l.stepOf(2, 7)).waitFor();
    await page.getByRole('button', { name: l.next }).click();
    await page.getByLabel(l.summary).fill(lang === 'en' ? 'A question about my invoice' : '关于发票的问题');
    await page.getByRole('button', { name: l.next }).click();
    await page.getByRole('heading', { name: l.categoryTitle }).waitFor();
    await page.getByText(l.stepOf(4, 7)).waitFor();
    expect(await page.getByTestId('diagnostic-run').count()).toBe(0);
    await shot(page, 'no-domain');
  });
});
