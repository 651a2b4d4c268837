import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => k?.stop());

type Ch = {
  key: string;
  name: string;
  contact: string;
  contact_href: string | null;
  purpose: string | null;
  image: string | null;
  recommended: boolean;
  entitled: boolean;
  categories: string[] | null;
  open_now: boolean;
  next_open_at: string | null;
};
const contact = async (lang = 'en') => {
  const r = await k.kefu.app.inject({ method: 'GET', url: '/api/v1/public/contact', headers: { 'accept-language': lang } });
  expect(r.statusCode, r.body).toBe(200);
  return JSON.parse(r.body) as {
    channels: Ch[];
    standard_hours: { name: string; open_now: boolean; next_open_at: string | null; hours: { timezone: string } } | null;
    will_not_do: string[];
    guest_form: boolean;
  };
};

describe('the contact page (business-hours preset, seed 001)', () => {
  it('shows every channel with its purpose, hours, open now or the next opening, and the standard hours, to people not signed in', async () => {
    expect((await k.admin.post('/api/v1/presets/business-hours/apply', {})).status).toBeLessThan(300);
    const en = await contact('en');
    const keys = en.channels.map((c) => c.key);
    // The preset knows GitHub, not the desk's own WeChat group, phone number or address: until the
    // admin fills them in, customers are not shown channels they could not reach…
    expect(keys).toEqual(['web', 'community']);
    // …and the admin sees which ones wait for a contact.
    const staff = (await k.admin.get('/api/v1/channels')).body.data as Array<{ key: string; reachable: boolean }>;
    expect(staff.map((c) => [c.key, c.reachable])).toEqual([
      ['web', true],
      ['email', false],
      ['chat', false],
      ['phone', false],
      ['community', true],
    ]);
    // The seed's WeChat group number, filled in: the group is on the page.
    expect((await k.admin.patch('/api/v1/channels/chat', { contact: '128631425' })).status).toBe(200);
    const chat = (await contact('en')).channels.find((c) => c.key === 'chat')!;
    expect(chat.purpose).toMatch(/Questions and advice/);
    // Open now, or the next opening: one of the two, from the 5×8 calendar in Asia/Shanghai.
    if (chat.open_now) expect(Date.parse(chat.next_open_at!)).toBeLessThanOrEqual(Date.now());
    else expect(Date.parse(chat.next_open_at!)).toBeGreaterThan(Date.now());
    const web = en.channels.find((c) => c.key === 'web')!;
    expect(web.open_now).toBe(true); // 7×24
    expect(en.standard_hours?.name).toBe('Standard hours');
    expect(en.standard_hours?.hours.timezone).toBe('Asia/Shanghai');
    expect(typeof en.standard_hours?.open_now).toBe('boolean');
    // The 1-hour target counts in the standard hours (seed 001): a request sent while they are closed waits for them.
    expect((en.standard_hours as { response_times?: boolean }).response_times).toBe(true);
    expect(en.guest_form).toBe(true);
    const zh = await contact('zh-CN');
    expect(zh.channels.find((c) => c.key === 'chat')!.purpose).toMatch(/交流咨询/);
    expect(zh.channels.find((c) => c.key === 'chat')!.name).toBe('微信群');
  });

  it('an admin sets contacts and an image; phone numbers, addresses and web addresses become links, group numbers stay text', async () => {
    expect((await k.admin.patch('/api/v1/channels/phone', { contact: '0731-8957 2759' })).status).toBe(200);
    expect((await k.admin.patch('/api/v1/channels/email', { contact: 'help@desk.test' })).status).toBe(200);
    expect(
      (await k.admin.patch('/api/v1/channels/chat', { contact: '128631425', image: PNG, purpose: { en: 'Chat with us', 'zh-CN': '交流' } }))
        .status,
    ).toBe(200);
    const c = await contact('en');
    expect(c.channels.map((x) => x.key)).toEqual(['web', 'email', 'chat', 'phone', 'community']);
    const by = (key: string) => c.channels.find((x) => x.key === key)!;
    expect(by('phone').contact_href).toBe('tel:073189572759');
    expect(by('email').contact_href).toBe('mailto:help@desk.test');
    expect(by('community').contact_href).toBe('https://github.com/Websoft9');
    expect(by('chat').contact_href).toBeNull();
    expect(by('chat').image).toBe(PNG);
    expect(by('chat').purpose).toBe('Chat with us');
    // A link can never be javascript:.
    expect((await k.admin.patch('/api/v1/channels/chat', { contact: 'javascript:alert(1)' })).status).toBe(200);
    expect((await contact()).channels.find((x) => x.key === 'chat')!.contact_href).toBeNull();
    expect((await k.admin.patch('/api/v1/channels/chat', { image: null })).status).toBe(200);
    expect((await contact()).channels.find((x) => x.key === 'chat')!.image).toBeNull();
  });

  it('images: only PNG, JPEG or WebP data URLs, at most 192 KiB; only admins', async () => {
    const svg = await k.admin.patch('/api/v1/channels/chat', { image: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' });
    expect(svg.status).toBe(422);
    expect(svg.body.error.details.field).toBe('image');
    const big = await k.admin.patch('/api/v1/channels/chat', { image: `data:image/png;base64,${'A'.repeat(270_000)}` });
    expect(big.status).toBe(413);
    expect((await k.anon.patch('/api/v1/channels/chat', { contact: 'x' })).status).toBe(401);
  });

  it('a free-product customer reads that tickets and email take a paid incident, not that they are outside the plan', async () => {
    const plans = (await k.admin.get('/api/v1/plans')).body.data as Array<{ id: number; key: string }>;
    const planId = (key: string) => plans.find((p) => p.key === key)!.id;
    const org = async (name: string, plan: string) =>
      (await k.admin.post('/api/v1/organizations', { name, plan_id: planId(plan) })).body.id as number;
    const person = async (email: string, organization_id: number) => {
      const r = await k.admin.post('/api/v1/people', {
        name: email,
        email,
        role: 'customer',
        organization_id,
        password: 'Cust-pass-12345',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return k.signIn(email, 'Cust-pass-12345');
    };
    const free = await person('zhao@free.test', await org('Free Co', 'free-product'));
    const paid = await person('li@paid.test', await org('Paid Co', 'paid'));
    const channels = async (c: typeof free) => {
      const r = await c.get('/api/v1/channels');
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return Object.fromEntries((r.body.data as Array<Ch & { paid_incident: boolean }>).map((x) => [x.key, x]));
    };
    const f = await channels(free);
    // The free product's plan lists tickets and email, without help from a person: a paid incident opens them.
    expect([f.web.entitled, f.web.paid_incident]).toEqual([false, true]);
    expect([f.email.entitled, f.email.paid_incident]).toEqual([false, true]);
    // Chat and phone are not in the plan at all, and GitHub issues are free.
    expect(f.chat.paid_incident).toBe(false);
    expect(f.phone.paid_incident).toBe(false);
    expect([f.community.entitled, f.community.paid_incident]).toEqual([true, false]);
    // Seed 001: free-image users report through GitHub issues: recommended to them, not to the paid product.
    expect(f.community.recommended).toBe(true);
    // The paid product includes them: no incident is used.
    const p = await channels(paid);
    expect([p.web.entitled, p.web.paid_incident]).toEqual([true, false]);
    expect(p.community.recommended).toBe(false);
    // People without an account have no organization to buy for.
    expect((await contact('en')).channels.every((x) => (x as Ch & { paid_incident: boolean }).paid_incident === false)).toBe(true);
  });
});

describe('the contact page (tiered preset, seed 000)', () => {
  it('recommends the community for Free (people without an organization) and lists what support will not do', async () => {
    expect((await k.admin.post('/api/v1/presets/tiered-support/apply', {})).status).toBeLessThan(300);
    // The emergency phone is hidden until it has a number; the phone number typed earlier survived the preset.
    expect((await contact('en')).channels.map((x) => x.key)).not.toContain('emergency_phone');
    expect((await k.db.query<{ contact: string }>(`select contact from channels where key = 'phone'`))[0].contact).toBe('0731-8957 2759');
    expect((await k.admin.patch('/api/v1/channels/emergency_phone', { contact: '+1 555 0100' })).status).toBe(200);
    const c = await contact('en');
    const community = c.channels.find((x) => x.key === 'community')!;
    expect(community.recommended).toBe(true);
    expect(c.channels.find((x) => x.key === 'emergency_phone')!.purpose).toMatch(/site down or under attack/);
    expect(c.channels.find((x) => x.key === 'emergency_phone')!.entitled).toBe(false);
    // Free opens tickets only about billing, account, 2FA and abuse: its ticket channels say so, not a bare "included".
    const web = c.channels.find((x) => x.key === 'web')!;
    expect(web.entitled).toBe(true);
    expect([...web.categories!].sort()).toEqual(['2fa', 'abuse', 'account', 'billing']);
    expect(community.categories).toBeNull();
    expect(c.channels.find((x) => x.key === 'emergency_phone')!.categories).toBeNull();
    expect(c.will_not_do.join('\n')).toMatch(/configuration or account changes/);
    expect((await contact('zh-CN')).will_not_do.join('\n')).toMatch(/代表客户/);
  });
});
