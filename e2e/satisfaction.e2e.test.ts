import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, shooter } from './helpers/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKefu, type RunningKefu } from './helpers/kefu.ts';
import { createPerson, prepareDesk, signInUi, type Desk } from './helpers/story.ts';

/**
 * Story: customer satisfaction (docs/satisfaction.md). Cora's request is solved; she rates it 2 on
 * her request page with a comment, and the agent sees the rating beside the ticket. 韩梅梅 follows
 * the link in her solved mail: the page (in Chinese, without signing in) has her score chosen and
 * records nothing until she sends it.
 */
let k: RunningKefu;
let browser: Browser;
let desk: Desk;
let cora: { id: number };
let han: { id: number };
const shot = shooter('satisfaction');
const EN = { email: /Email address/, password: /^Password$/, submit: /^Sign in$/ };

beforeAll(async () => {
  k = await startKefu();
  browser = await launch();
  desk = await prepareDesk(k, { orgName: 'Initech', domain: 'initech.test' });
  cora = await createPerson(k, {
    name: 'Cora Customer',
    email: 'cora@initech.test',
    role: 'customer',
    organization_id: desk.org.id,
    password: 'Cora-long-pass-42',
  });
  han = await createPerson(k, {
    name: '韩梅梅',
    email: 'han@initech.test',
    role: 'customer',
    organization_id: desk.org.id,
    password: 'Han-long-pass-42',
    locale: 'zh-CN',
  });
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
});

async function page(locale: 'en-US' | 'zh-CN', who?: { email: string; password: string }): Promise<Page> {
  const ctx = await newContext(browser, { locale, timezoneId: 'Asia/Shanghai' });
  const p = await ctx.newPage();
  if (who) await signInUi(p, k.base, who.email, who.password, EN);
  return p;
}
async function solvedTicket(requesterId: number, subject: string) {
  const r = await k.admin.post('/tickets', { subject, body: 'Please help.', requester_id: requesterId, override_entitlement: true });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect((await k.admin.patch(`/tickets/${r.body.id}`, { status: 'solved' })).status).toBe(200);
  return r.body as { id: number; number: number };
}
const rating = async (id: number) => (await k.admin.get(`/tickets/${id}`)).body.satisfaction;

it('the requester rates a solved request on the portal; the agent sees the rating on the ticket', async () => {
  const t = await solvedTicket(cora.id, 'Invoices export empty');
  const p = await page('en-US', { email: 'cora@initech.test', password: 'Cora-long-pass-42' });
  await p.goto(`${k.base}/requests/${t.number}`);
  const widget = p.getByTestId('rate-ticket');
  await widget.getByRole('heading', { name: 'How did we do?' }).waitFor();
  await shot(p, 'portal-ask');
  await widget.getByText('Dissatisfied', { exact: true }).click();
  await widget.getByLabel('Anything you would like to tell us? (optional)').fill('It took three days.');
  await widget.getByRole('button', { name: 'Send my rating' }).click();
  const given = p.getByTestId('rating-given');
  await given.getByText('You rated this request 2 out of 5 (Dissatisfied).').waitFor();
  await shot(p, 'portal-rated');
  expect(await rating(t.id)).toMatchObject({ score: 2, comment: 'It took three days.' });
  expect((await k.admin.get(`/tickets/${t.id}`)).body.status).toBe('solved');

  const agent = await page('en-US', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  await agent.goto(`${k.base}/agent/tickets/${t.number}`);
  const panel = agent.getByTestId('satisfaction');
  await panel.getByText('2 / 5').waitFor();
  expect(await panel.innerText()).toContain('It took three days.');
  await shot(agent, 'agent-panel');
});

it('the solved mail link opens a Chinese page with the score chosen, records nothing until sent, then records it', async () => {
  const t = await solvedTicket(han.id, '发票导出为空');
  let link: string | null = null;
  for (let i = 0; i < 40 && !link; i++) {
    const items = ((await k.admin.get(`/outbox?ticket_id=${t.id}`)).body?.data ?? []) as Array<{ kind: string; text: string }>;
    const m = items.find((x) => x.kind === 'ticket_solved')?.text.match(/https?:\/\/[^\s]+\/satisfaction\/[\w.-]+\?score=5/);
    link = m ? m[0] : null;
    if (!link) await new Promise((r) => setTimeout(r, 500));
  }
  expect(link, 'the solved mail has the rating links').toBeTruthy();
  const p = await page('zh-CN');
  await p.goto(link!);
  await p.getByRole('heading', { name: '您对我们的服务满意吗？' }).waitFor();
  expect(await p.getByText(`请求 #${t.number}：发票导出为空`).count()).toBe(1);
  expect(await p.locator('input[name="score"][value="5"]').isChecked()).toBe(true);
  await shot(p, 'link-page-zh');
  expect(await rating(t.id)).toBeNull();
  await p.getByLabel('还有什么想告诉我们的吗？（选填）').fill('很快就解决了');
  await p.getByRole('button', { name: '提交评分' }).click();
  await p.getByText('已记录您的评分：5 分（满分 5 分）。').waitFor();
  await shot(p, 'link-thanks-zh');
  expect(await rating(t.id)).toMatchObject({ score: 5, comment: '很快就解决了' });
});

for (const [lang, L] of [
  [
    'en-US',
    {
      ask: 'How did we do?',
      choice: 'Very satisfied',
      comment: 'Anything you would like to tell us? (optional)',
      send: 'Send my rating',
      done: 'You rated this request 5 out of 5 (Very satisfied).',
    },
  ],
  [
    'zh-CN',
    {
      ask: '您对我们的服务满意吗？',
      choice: '非常满意',
      comment: '还有什么想告诉我们的吗？（选填）',
      send: '提交评分',
      done: '您为此请求打了 5 分（满分 5 分，非常满意）。',
    },
  ],
] as const)
  it(`${lang}: a visitor without an account rates on the private page of their solved request (phone)`, async () => {
    // Before, the private page of a solved request offered only another reply: the rating was in the mail alone.
    const email = `visitor-${lang}@mail.test`;
    const filed = await fetch(`${k.base}/api/v1/public/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Visitor',
        email,
        subject: `Site down ${lang}`,
        body: 'It answers 502.',
        category: 'account',
        locale: lang === 'en-US' ? 'en' : 'zh-CN',
      }),
    });
    expect(filed.status).toBe(202);
    const found = (await k.admin.get(`/tickets?q=${encodeURIComponent(`Site down ${lang}`)}`)).body.data as Array<{ id: number }>;
    expect(found.length).toBe(1);
    expect((await k.admin.post(`/tickets/${found[0].id}/messages`, { body: 'Restart php-fpm.', public: true })).status).toBe(201);
    expect((await k.admin.patch(`/tickets/${found[0].id}`, { status: 'solved' })).status).toBe(200);
    let link: string | null = null;
    for (let i = 0; i < 40 && !link; i++) {
      const items = ((await k.admin.get(`/outbox?ticket_id=${found[0].id}`)).body?.data ?? []) as Array<{ kind: string; text: string }>;
      const m = items.find((x) => x.kind === 'ticket_solved')?.text.match(/\/guest\/tickets\/kfg_[\w-]+/);
      link = m ? m[0] : null;
      if (!link) await new Promise((r) => setTimeout(r, 500));
    }
    expect(link, 'the solved mail has the private link').toBeTruthy();
    const ctx = await newContext(browser, { locale: lang, timezoneId: 'Asia/Shanghai', phone: true });
    const p = await ctx.newPage();
    await p.goto(`${k.base}${link}`);
    const widget = p.getByTestId('rate-ticket');
    await widget.getByRole('heading', { name: L.ask }).waitFor();
    await shot(p, `private-page-ask-${lang}`);
    await widget.getByText(L.choice, { exact: true }).click();
    await widget.getByLabel(L.comment).fill('Fast');
    await widget.getByRole('button', { name: L.send }).click();
    await p.getByTestId('rating-given').getByText(L.done).waitFor();
    await shot(p, `private-page-rated-${lang}`);
    expect(await rating(found[0].id)).toMatchObject({ score: 5, comment: 'Fast' });
    await ctx.close();
  });
