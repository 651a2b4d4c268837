import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter, type Viewer } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, prepareDesk, signInUi } from './helpers/story.ts';

/**
 * Story: layout holds on a phone and a desktop, in both languages — a 300-character unbroken
 * summary never widens the page, the phone header is one row, the "?" button covers nothing, and
 * Latin text (quotes, password dots) is set in a Latin face.
 */
let k: RunningKefu;
let browser: Browser;
const shot = shooter('layout');
const LONG = 'Unbroken'.repeat(38).slice(0, 300);
const LABELS = {
  en: { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ },
  zh: { email: /邮箱地址/, password: /^密码$/, submit: /^登录$/ },
};

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  const desk = await prepareDesk(k, { orgName: 'Widecorp', domain: 'widecorp.test' });
  const c = await createPerson(k, {
    name: 'Wen',
    email: 'wen@widecorp.test',
    role: 'customer',
    organization_id: desk.org.id,
    password: 'Wen-long-pass-42',
  });
  await createPerson(k, { name: 'Ava Agent', email: 'ava@kefu.test', role: 'agent', password: 'Ava-long-pass-42' });
  const t = await k.admin.post('/tickets', { subject: LONG, body: `${LONG}\n“Quoted” text`, requester_id: c.id, priority: 'P2' });
  expect(t.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

/** How much wider than the window the page is (0 when it fits). */
const overflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

async function open(v: Viewer, lang: 'en' | 'zh', email: string, password: string) {
  const ctx = await newContext(browser, v);
  const page = await ctx.newPage();
  await signInUi(page, k.base, email, password, LABELS[lang]);
  return { ctx, page };
}

for (const lang of ['en', 'zh'] as const) {
  const locale = lang === 'en' ? 'en-US' : 'zh-CN';
  for (const phone of [false, true]) {
    const form = phone ? 'phone' : 'desktop';
    it(`${lang} ${form}: a 300-character word never widens the page (agent and customer)`, async () => {
      const agent = await open({ locale, timezoneId: 'Asia/Shanghai', phone }, lang, 'ava@kefu.test', 'Ava-long-pass-42');
      await agent.page.goto(`${k.base}/agent/queue/open`);
      await agent.page.getByTestId('queue-row').first().waitFor();
      expect(await overflow(agent.page), 'queue').toBeLessThanOrEqual(0);
      await shot(agent.page, `${lang}-${form}-queue`, false);
      await agent.page.getByTestId('queue-row').first().locator('a').first().click();
      await agent.page.getByRole('heading', { level: 1 }).waitFor();
      await agent.page.locator('.msg-body').first().waitFor();
      expect(await overflow(agent.page), 'agent ticket').toBeLessThanOrEqual(0);
      await shot(agent.page, `${lang}-${form}-agent-ticket`, false);
      if (phone) {
        // On a phone the header takes two rows at most, and every link of its navigation can be reached:
        // inside the window once scrolled into view, and nothing else on top of it.
        const h = await agent.page.locator('header.app-header').evaluate((el) => el.getBoundingClientRect().height);
        expect(h, 'phone header height').toBeLessThanOrEqual(100);
        const links = agent.page.locator('header.app-header nav a');
        expect(await links.count()).toBeGreaterThanOrEqual(4);
        for (const link of await links.all()) {
          await link.scrollIntoViewIfNeeded();
          const onTop = await link.evaluate((a) => {
            const r = a.getBoundingClientRect();
            const w = a.ownerDocument.defaultView!;
            const e = a.ownerDocument.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return r.left >= 0 && r.right <= w.innerWidth && !!e && a.contains(e);
          });
          expect(onTop, `${await link.innerText()} can be tapped`).toBe(true);
        }
        // The views keep their names on one line each.
        const viewHeights = await agent.page
          .locator('.sidebar .view-links a')
          .evaluateAll((as) => as.map((a) => a.getBoundingClientRect().height));
        expect(Math.max(...viewHeights), 'tallest view link').toBeLessThanOrEqual(44);
        // Reports fit a phone too (their tables scroll inside their cards).
        await agent.page.goto(`${k.base}/agent/reports`);
        await agent.page
          .getByTestId('sla-table')
          .or(agent.page.getByRole('heading', { level: 2 }))
          .first()
          .waitFor();
        await agent.page.waitForLoadState('networkidle');
        expect(await overflow(agent.page), 'reports').toBeLessThanOrEqual(0);
        // Nothing is cut off at the right either: every card ends inside the window.
        const widest = await agent.page
          .locator('main .card')
          .evaluateAll((cs) => Math.max(...cs.map((c) => c.getBoundingClientRect().right)));
        expect(widest, 'right edge of the widest report card').toBeLessThanOrEqual(390);
        await shot(agent.page, `${lang}-${form}-reports`, false);

        // Admin screens with tables fit too: People, API tokens, the audit log (their tables scroll inside).
        const admin = await open({ locale, timezoneId: 'Asia/Shanghai', phone }, lang, ADMIN_EMAIL, ADMIN_PASSWORD);
        for (const [path, ready] of [
          ['/admin/people', 'main table'],
          ['/admin/tokens', 'main table'],
          ['/admin/audit', '[data-testid="audit-entry"]'],
        ] as const) {
          await admin.page.goto(`${k.base}${path}`);
          await admin.page.locator(ready).first().waitFor();
          expect(await overflow(admin.page), path).toBeLessThanOrEqual(0);
        }
        // The audit log's facts keep a readable width (not a word per line).
        const facts = await admin.page
          .locator('.audit-table td:nth-child(5)')
          .first()
          .evaluate((td) => td.getBoundingClientRect().width);
        expect(facts, 'audit facts column').toBeGreaterThanOrEqual(200);
        await shot(admin.page, `${lang}-${form}-audit`, false);
        await admin.ctx.close();
      } else {
        // The "?" button does not sit on top of the side panel or the reply box.
        const fab = await agent.page.locator('.help-fab').boundingBox();
        const covered = await agent.page.evaluate<string | null>(`(() => {
          const b = document.querySelector('.help-fab').getBoundingClientRect();
          const hit = [[b.left + 2, b.top + 2], [b.right - 2, b.bottom - 2], [b.left + b.width / 2, b.top + b.height / 2]]
            .flatMap(([x, y]) => { const f = document.querySelector('.help-fab'); f.style.pointerEvents = 'none'; f.style.visibility = 'hidden'; const e = document.elementFromPoint(x, y); f.style.visibility = ''; f.style.pointerEvents = ''; return e ? [e] : []; })
            .find((e) => e.closest('aside, .side-panel, form, button, a, textarea, input, select'));
          return hit ? hit.outerHTML.slice(0, 120) : null;
        })()`);
        expect(fab).toBeTruthy();
        expect(covered, 'what the "?" button covers').toBeNull();
      }
      await agent.ctx.close();

      const customer = await open({ locale, timezoneId: 'Asia/Shanghai', phone }, lang, 'wen@widecorp.test', 'Wen-long-pass-42');
      await customer.page.goto(`${k.base}/requests`);
      await customer.page.getByText(LONG.slice(0, 20)).first().waitFor();
      expect(await overflow(customer.page), 'my requests').toBeLessThanOrEqual(0);
      await shot(customer.page, `${lang}-${form}-requests`, false);
      await customer.page.getByText(LONG.slice(0, 20)).first().click();
      await customer.page.getByRole('heading', { level: 1 }).waitFor();
      await customer.page.locator('.msg-body').first().waitFor();
      expect(await overflow(customer.page), 'customer ticket').toBeLessThanOrEqual(0);
      // The plan's SLA ("· 企业 SLA") never wraps onto a line of its own: on a phone it sits beside its badge,
      // without a dangling "·", and the expected time reads on the next line.
      const expectation = customer.page.getByTestId('sla-expectation');
      const policy = lang === 'en' ? 'Enterprise SLA' : '企业 SLA';
      await expectation.getByText(policy).waitFor();
      if (phone) {
        const rows = await expectation.evaluate((el, name) => {
          const named = [...el.querySelectorAll('span')].filter((s) => s.textContent?.includes(name)).pop()!;
          const p = named.getBoundingClientRect();
          const b = el.querySelector('.badge')!.getBoundingClientRect();
          return { policyMid: (p.top + p.bottom) / 2, badgeTop: b.top, badgeBottom: b.bottom, policyHeight: p.height };
        }, policy);
        expect(rows.policyMid, 'the SLA name is on its badge’s row').toBeGreaterThanOrEqual(rows.badgeTop);
        expect(rows.policyMid, 'the SLA name is on its badge’s row').toBeLessThanOrEqual(rows.badgeBottom);
        expect(rows.policyHeight, 'the SLA name is one line').toBeLessThanOrEqual(24);
        expect(await expectation.innerText()).not.toContain('·');
      }
      await shot(customer.page, `${lang}-${form}-customer-ticket`, false);
      await customer.ctx.close();
    });
  }

  it(`${lang}: Latin quotes and password dots are set in a Latin face, not the CJK one`, async () => {
    const ctx = await newContext(browser, { locale, timezoneId: 'UTC' });
    const page = await ctx.newPage();
    await page.goto(`${k.base}/signin`);
    await page.getByLabel(LABELS[lang].password).fill('secret-password');
    // A CJK face sets “ and • a full em wide; a Latin face far narrower.
    const widths = await page.evaluate<{ quote: number; dot: number; em: number }>(`(() => {
      const s = document.createElement('span'); document.body.appendChild(s);
      const w = (t) => { s.textContent = t; return s.getBoundingClientRect().width / 10; };
      const input = document.querySelector('input[type=password]');
      s.style.font = getComputedStyle(input).font;
      const r = { quote: w('““““““““““'), dot: w('••••••••••'), em: parseFloat(getComputedStyle(input).fontSize) };
      s.remove(); return r;
    })()`);
    expect(widths.quote / widths.em, 'curly quote width / em').toBeLessThan(0.7);
    expect(widths.dot / widths.em, 'password dot width / em').toBeLessThan(0.7);
    await shot(page, `${lang}-password-dots`, false);
    await ctx.close();
  });
}
