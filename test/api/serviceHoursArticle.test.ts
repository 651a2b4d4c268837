import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

// The "Service hours" help article a preset writes is public: when the admin changes a channel's hours,
// turns a channel off or moves it to another calendar, customers must not go on reading the old hours
// (docs/help-center.md, "Presets"). An article a person edited is theirs and is left alone.
let k: TestKefu;
let articleId: number;

const article = async () => (await k.admin.get(`/api/v1/kb/articles/${articleId}`)).body as { body_md_en: string; body_md_zh: string };
const calendarId = async (name: string) =>
  ((await k.admin.get('/api/v1/calendars')).body.data as Array<{ id: number; name: string }>).find((c) => c.name === name)!.id;

beforeAll(async () => {
  k = await testKefu();
  expect((await k.admin.post('/api/v1/presets/business-hours/apply', {})).status).toBe(200);
  const list = (await k.admin.get('/api/v1/kb/articles?status=published')).body.data as Array<{ id: number; title_en: string }>;
  articleId = list.find((a) => a.title_en === 'Service hours')!.id;
});
afterAll(async () => {
  await k?.stop();
});

describe('the Service hours article follows the desk', () => {
  it('shows a calendar’s new hours after the admin changes them, in both languages', async () => {
    const before = await article();
    expect(before.body_md_en).toContain('**Chat groups**: Mon–Fri 09:00–17:00 (Asia/Shanghai)');
    const id = await calendarId('5×8');
    const cal = (await k.admin.get(`/api/v1/calendars/${id}`)).body;
    const weekly = { ...cal.weekly };
    for (const d of ['mon', 'tue', 'wed', 'thu', 'fri']) weekly[d] = [['10:00', '19:00']];
    const r = await k.admin.put(`/api/v1/calendars/${id}`, { timezone: cal.timezone, weekly, holidays: [], extra_workdays: [] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = await article();
    expect(after.body_md_en).toContain('**Chat groups**: Mon–Fri 10:00–19:00 (Asia/Shanghai)');
    expect(after.body_md_en).not.toContain('Mon–Fri 09:00–17:00');
    expect(after.body_md_zh).toContain('**微信群**：周一–周五 10:00–19:00 (Asia/Shanghai)');
    // What a customer reads on the public page.
    const page = await k.kefu.app.inject({ method: 'GET', url: `/help/articles/${articleId}-service-hours?lang=en` });
    expect(page.body).toContain('10:00–19:00');
  });

  it('drops a channel the admin turns off and follows a channel moved to another calendar', async () => {
    expect((await k.admin.patch('/api/v1/channels/chat', { enabled: false })).status).toBe(200);
    expect((await article()).body_md_en).not.toContain('Chat groups');
    expect((await k.admin.patch('/api/v1/channels/phone', { calendar_id: await calendarId('7×24') })).status).toBe(200);
    expect((await article()).body_md_en).toContain('**Phone (pre-sales or urgent faults)**: around the clock, every day');
  });

  it('leaves an article a person has edited alone', async () => {
    expect((await k.admin.patch(`/api/v1/kb/articles/${articleId}`, { body_md_en: 'Our own hours text.' })).status).toBe(200);
    expect((await k.admin.patch('/api/v1/channels/chat', { enabled: true })).status).toBe(200);
    expect((await article()).body_md_en).toBe('Our own hours text.');
  });
});
