import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningKefu } from './kefu.ts';

/** What the stories share: an organization on a plan with an SLA, owning a domain, and people. */
export interface Desk {
  org: { id: number; name: string };
  plan: { id: number; name: string } | null;
  domain: string;
}

/** Applies the tiered-support preset and creates an organization on its best plan that owns `domain`. */
export async function prepareDesk(k: RunningKefu, o: { orgName: string; domain: string }): Promise<Desk> {
  const preset = await k.admin.post('/presets/tiered-support/apply', {});
  expect(preset.status, `POST /api/v1/presets/tiered-support/apply → ${JSON.stringify(preset.body)}`).toBeLessThan(300);
  // The desk's own community, chat link, address and emergency number, which the preset leaves to the
  // admin (customers are not shown a channel they could not reach).
  for (const [key, contact] of [
    ['community', `https://community.${o.domain}/`],
    ['chat', `https://chat.${o.domain}/`],
    ['email', `support@${o.domain}`],
    ['emergency_phone', '+1 555 0100'],
  ])
    expect((await k.admin.patch(`/channels/${key}`, { contact })).status).toBe(200);
  const plans = await k.admin.get('/plans');
  const list: Array<{ id: number; name: string; rank: number }> = plans.body.data ?? [];
  expect(list.length, 'the preset created plans').toBeGreaterThan(0);
  const plan = [...list].sort((a, b) => a.rank - b.rank)[0];
  const org = await k.admin.post('/organizations', { name: o.orgName, plan_id: plan.id, email_domains: [o.domain] });
  expect(org.status, JSON.stringify(org.body)).toBe(201);
  const asset = await k.admin.post(`/organizations/${org.body.id}/assets`, { kind: 'domain', name: o.domain });
  expect(asset.status, JSON.stringify(asset.body)).toBe(201);
  return { org: org.body, plan, domain: o.domain };
}

/** Creates a person with a password through the admin API. */
export async function createPerson(
  k: RunningKefu,
  p: { name: string; email: string; role: 'customer' | 'agent' | 'admin'; organization_id?: number; password: string; locale?: string },
) {
  const r = await k.admin.post('/people', p);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; name: string };
}

/** Makes sure a signed-up customer belongs to the organization (domain matching belongs to signup, not to this story). */
export async function ensureInOrganization(k: RunningKefu, email: string, orgId: number) {
  const r = await k.admin.get(`/people?q=${encodeURIComponent(email)}`);
  const p = (r.body.data ?? []).find((x: { email: string }) => x.email === email);
  expect(p, `the person ${email} exists after signup`).toBeTruthy();
  if (p.organization_id !== orgId) await k.admin.patch(`/people/${p.id}`, { organization_id: orgId });
}

export async function signInUi(
  page: Page,
  base: string,
  email: string,
  password: string,
  labels: { email: RegExp; password: RegExp; submit: RegExp },
) {
  await page.goto(`${base}/signin`);
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password).fill(password);
  await page.getByRole('button', { name: labels.submit }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

/** Reads a countdown twice, a little over a second apart: a live one has changed. */
export async function expectTicking(page: Page, selector = '[data-testid="sla-countdown"]') {
  const el = page.locator(selector).first();
  await el.waitFor();
  const a = await el.innerText();
  await page.waitForTimeout(1300);
  const b = await el.innerText();
  expect(b, `countdown "${a}" should tick`).not.toBe(a);
  return b;
}

/** The tag of the focused element (evaluated in the page). */
export const activeTag = (page: Page) =>
  page.evaluate<string | undefined>('document.activeElement ? document.activeElement.tagName : undefined');
