import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * A malformed business calendar and a malformed import line are answered in the reader's language: in
 * Chinese, every problem (the message and each one in the details) without zod's English words.
 */
let k: TestKefu;
let token: string;
beforeAll(async () => {
  k = await testKefu();
  token = (await k.adminSession.post('/api/v1/tokens', { name: 'languages' })).body.token as string;
});
afterAll(async () => {
  await k?.stop();
});

const send = async (method: 'POST' | 'PUT', url: string, lang: 'zh-CN' | 'en', payload: string, type = 'application/json') => {
  const r = await k.kefu.app.inject({
    method,
    url,
    payload,
    headers: { authorization: `Bearer ${token}`, 'accept-language': lang, 'content-type': type },
  });
  return { status: r.statusCode, body: JSON.parse(r.body) };
};

/** zod's own English, as it reached Chinese readers. */
const ZOD_ENGLISH = /Invalid|expected|received|Too (small|big)|must be|unknown weekday/;

const malformed = {
  name: 'Malformed',
  timezone: 5,
  weekly: { mon: [['09:00']], xyz: [] },
  holidays: [{ date: '2026-10-01', name: 7 }],
  extra_workdays: 'none',
};

describe('a malformed calendar in the reader’s language', () => {
  it('names each problem in Chinese, by its place in the editor', async () => {
    const zh = await send('POST', '/api/v1/calendars', 'zh-CN', JSON.stringify(malformed));
    expect(zh.status).toBe(422);
    expect(zh.body.error.message).toBe('时区有误：应为文本');
    expect(zh.body.error.details).toEqual({
      field: 'timezone',
      issues: [
        { field: 'timezone', message: '应为文本' },
        { field: 'weekly.mon[0]', message: '每个时段应为一对时间 ["时:分", "时:分"]' },
        { field: 'weekly', message: '不认识的星期 xyz：请使用 mon、tue、wed、thu、fri、sat、sun' },
        { field: 'holidays[0].name', message: '应为文本' },
        { field: 'extra_workdays', message: '应为列表（[…]）' },
      ],
    });
    expect(JSON.stringify(zh.body.error)).not.toMatch(ZOD_ENGLISH);

    const en = await send('POST', '/api/v1/calendars', 'en', JSON.stringify(malformed));
    expect([en.status, en.body.error.details.issues[3]]).toEqual([
      422,
      { field: 'holidays[0].name', message: 'Invalid input: expected string, received number' },
    ]);
  });

  it('a missing time zone, on a calendar being changed or previewed, is named as missing', async () => {
    const made = await k.admin.post('/api/v1/calendars', {
      name: 'Office',
      timezone: 'Asia/Shanghai',
      weekly: { mon: [['09:00', '18:00']] },
    });
    expect(made.status).toBe(201);
    const put = await send('PUT', `/api/v1/calendars/${made.body.id}`, 'zh-CN', JSON.stringify({ weekly: { mon: [['09:00', '18:00']] } }));
    expect([put.status, put.body.error.message]).toEqual([422, '时区有误：必填']);
    const preview = await send(
      'POST',
      '/api/v1/calendars/preview',
      'zh-CN',
      JSON.stringify({
        calendar: { timezone: 'UTC', weekly: { tue: [['09:00', '18:00', '20:00']] } },
        op: 'is_open',
        start: '2026-11-20T10:00:00Z',
      }),
    );
    expect([preview.status, preview.body.error.message]).toEqual([422, '周二的营业时间有误：每个时段应为一对时间 ["时:分", "时:分"]']);
    expect(preview.body.error.details.field).toBe('calendar.weekly.tue[0]');
  });
});

describe('a malformed import line in the reader’s language', () => {
  const lines = [
    JSON.stringify({ subject: 5, requester_email: 'nobody', messages: [] }),
    '{"subject": "Printer",',
    JSON.stringify({ subject: 'Printer', requester_email: 'a@acme.test', status: 'bogus', tags: 'vip', messages: [{ body: ' ' }] }),
    '42',
  ].join('\n');

  it('says what is wrong with each field in Chinese', async () => {
    const zh = await send('POST', '/api/v1/import/tickets', 'zh-CN', lines, 'application/x-ndjson');
    expect(zh.status).toBe(200);
    expect(zh.body.imported).toBe(0);
    expect(zh.body.failed).toEqual([
      { line: 1, error: 'subject：应为文本；requester_email：不是有效的邮箱地址；messages：至少 1 项' },
      { line: 2, error: expect.stringMatching(/^不是有效的 JSON：/) },
      {
        line: 3,
        error:
          'status：应为以下之一：new, open, pending, on_hold, solved, closed；tags：应为列表（[…]）；messages.0.body：消息需要正文（body 或 html）',
      },
      { line: 4, error: '整行：应为对象（{…}）' },
    ]);
    for (const f of zh.body.failed.filter((x: { line: number }) => x.line !== 2)) expect(f.error).not.toMatch(ZOD_ENGLISH);
  });

  it('keeps the English an English reader had', async () => {
    const en = await send('POST', '/api/v1/import/tickets', 'en', lines, 'application/x-ndjson');
    expect(en.body.failed.map((f: { error: string }) => f.error)).toEqual([
      'subject: Invalid input: expected string, received number; requester_email: Invalid email address; messages: a ticket needs at least one message',
      expect.stringMatching(/^not valid JSON: /),
      expect.stringContaining('messages.0.body: a message needs a body or html'),
      'line: Invalid input: expected object, received number',
    ]);
  });
});
