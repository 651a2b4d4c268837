import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allKeys } from '../../server/i18n/index.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/** Errors anyone may meet (a link, a lookup, a limit) are answered in the request's language. */
let k: TestKefu;
beforeAll(async () => {
  k = await testKefu({ KEFU_MAX_ATTACHMENT_BYTES: '1000' });
});
afterAll(async () => {
  await k?.stop();
});

const call = async (method: 'GET' | 'POST', url: string, lang: string, payload?: unknown, headers: Record<string, string> = {}) => {
  const r = await k.kefu.app.inject({
    method,
    url,
    payload: payload === undefined ? undefined : JSON.stringify(payload),
    headers: { 'accept-language': lang, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
  });
  return { status: r.statusCode, error: JSON.parse(r.body).error as { code: string; message: string; details?: any }, headers: r.headers };
};

describe('errors in the reader’s language', () => {
  it('a used or unknown link says so in Chinese to a Chinese reader, and in English otherwise', async () => {
    const links: Array<[string, unknown, string, string]> = [
      [
        '/api/v1/auth/verify-email',
        { token: 'no-such-token' },
        '此链接无效、已过期或已使用',
        'This link is invalid, expired or already used',
      ],
      [
        '/api/v1/auth/password',
        { token: 'no-such-token', password: 'Long-enough-pass-1' },
        '此链接无效、已过期或已使用',
        'This link is invalid, expired or already used',
      ],
      ['/api/v1/status/subscriptions/confirm', { token: 'no-such-token-at-all' }, '此链接已失效，请在状态页面重新订阅', 'subscribe again'],
    ];
    for (const [url, body, zh, en] of links) {
      const a = await call('POST', url, 'zh-CN,zh;q=0.9', body);
      expect([a.status, a.error.message]).toEqual([400, zh]);
      expect((await call('POST', url, 'en-GB', body)).error.message).toContain(en);
    }
    const guest = await call('GET', `/api/v1/guest/tickets/kfg_${'x'.repeat(30)}`, 'zh-CN');
    expect([guest.status, guest.error.message]).toEqual([404, '此链接无效、已过期或已撤销']);
    const rating = await call('GET', `/api/v1/public/satisfaction/${'x'.repeat(40)}`, 'zh-CN');
    expect(rating.status).toBe(404);
    expect(rating.error.message).toMatch(/评分链接/);
  });

  it('a record that is not there is named in the reader’s language', async () => {
    const zh = await call('POST', '/api/v1/kb/articles/99999/feedback', 'zh-CN', { helpful: true });
    expect([zh.status, zh.error.code, zh.error.message]).toEqual([404, 'not_found', '找不到帮助文章 99999']);
    const en = await call('POST', '/api/v1/kb/articles/99999/feedback', 'en', { helpful: true });
    expect(en.error.message).toBe('Help article 99999 not found');
  });

  it('the rate limiter answers 429 with Retry-After and the seconds to wait, in the reader’s language', async () => {
    let last = await call('POST', '/api/v1/status/subscriptions', 'zh-CN', { email: 'r0@acme.test' });
    for (let i = 1; i < 12 && last.status !== 429; i++)
      last = await call('POST', '/api/v1/status/subscriptions', 'zh-CN', { email: `r${i}@acme.test` });
    expect([last.status, last.error.code]).toEqual([429, 'rate_limited']);
    const seconds = Number(last.headers['retry-after']);
    expect(seconds).toBeGreaterThan(0);
    expect(last.error.details).toEqual({ retry_after_seconds: seconds });
    expect(last.error.message).toBe(`请求过于频繁，请在 ${seconds} 秒后重试。`);
  });

  it('a file over the limit or not in base64 is named in the sender’s language', async () => {
    const made = await k.admin.post('/api/v1/people', {
      name: '李娜',
      email: 'li.na@kefu.test',
      role: 'agent',
      password: 'Li-na-pass-123',
      locale: 'zh-CN',
    });
    expect(made.status).toBe(201);
    const li = await k.signIn('li.na@kefu.test', 'Li-na-pass-123');
    const ticket = { subject: '附件', body: '见附件', requester_email: 'files@acme.test' };
    const big = await li.post('/api/v1/tickets', {
      ...ticket,
      attachments: [{ filename: '日志.txt', data_base64: Buffer.alloc(2000, 1).toString('base64') }],
    });
    expect([big.status, big.body.error.message]).toEqual([413, '附件“日志.txt”大小为 2,000 字节，上限为 1,000 字节']);
    expect(big.body.error.details).toEqual({ field: 'attachments.0', size_bytes: 2000, limit_bytes: 1000 });
    const bad = await li.post('/api/v1/tickets', { ...ticket, attachments: [{ filename: 'a.txt', data_base64: 'not base64!' }] });
    expect([bad.status, bad.body.error.message]).toEqual([400, '第 1 个附件不是有效的 base64（data_base64）']);
    const en = await k.admin.post('/api/v1/tickets', {
      ...ticket,
      attachments: [{ filename: 'log.txt', data_base64: Buffer.alloc(2000, 1).toString('base64') }],
    });
    expect(en.body.error.message).toBe('The attachment log.txt is 2,000 bytes; the limit is 1,000 bytes');
  });

  it("a client that accepts any language (Accept-Language: *, as Node's fetch sends) is answered in the account's", async () => {
    // Before, "*" counted as English: a Chinese customer's script read "Ticket 999999 not found".
    const made = await k.admin.post('/api/v1/people', {
      name: '李雷',
      email: 'lilei@anylang.test',
      role: 'customer',
      password: 'Li-lei-pass-1234',
      locale: 'zh-CN',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const login = await k.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'lilei@anylang.test', password: 'Li-lei-pass-1234' },
    });
    const session = login.cookies.find((c) => c.name === 'kefu_session')!;
    const ask = (lang: string) => call('GET', '/api/v1/tickets/999999', lang, undefined, { cookie: `kefu_session=${session.value}` });
    for (const any of ['', '*', '*;q=0.5']) expect((await ask(any)).error.message, any).toBe('找不到工单 999999');
    // A language the client names still wins (the web app sends its interface language).
    expect((await ask('en-US')).error.message).toBe('Ticket 999999 not found');
  });

  it('every record kind a lookup names has its Chinese name', () => {
    const en = allKeys('en').filter((x) => x.startsWith('http.entities.'));
    expect(en.length).toBeGreaterThan(20);
    expect(allKeys('zh-CN').filter((x) => x.startsWith('http.entities.'))).toEqual(en);
  });
});
