import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../server/i18n/index.ts';
import { CUSTOM, validationMessage } from '../../server/http/validationMessages.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * Refusals of people, sign-in, groups, plans, the audit log and the input guard are answered in the
 * reader's language: a signed-in person's account language, else the request's Accept-Language.
 */
let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
  for (const [name, email, role, locale] of [
    ['李娜', 'li.na@kefu.test', 'agent', 'zh-CN'],
    ['Ann Lee', 'ann.lee@kefu.test', 'agent', 'en'],
    ['王芳', 'wang.fang@kefu.test', 'admin', 'zh-CN'],
  ])
    expect((await k.admin.post('/api/v1/people', { name, email, role, locale, password: 'Long-enough-pass-1' })).status).toBe(201);
});
afterAll(async () => {
  await k?.stop();
});

const cookies = new Map<string, string>();
/** A call as `email` (signed in with a session), or as nobody; `lang` is sent as Accept-Language when given. */
const call = async (who: string | null, method: 'GET' | 'POST', url: string, lang?: string, payload?: unknown) => {
  const headers: Record<string, string> = lang ? { 'accept-language': lang } : {};
  if (who) {
    if (!cookies.has(who)) {
      const r = await k.kefu.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: who, password: 'Long-enough-pass-1' },
      });
      expect(r.statusCode).toBe(200);
      cookies.set(who, r.cookies.find((c) => c.name === 'kefu_session')!.value);
    }
    Object.assign(headers, { cookie: `kefu_session=${cookies.get(who)}`, origin: 'http://localhost' });
  }
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const r = await k.kefu.app.inject({ method, url, headers, payload: payload === undefined ? undefined : JSON.stringify(payload) });
  return { status: r.statusCode, error: JSON.parse(r.body).error as { code: string; message: string; details?: unknown } };
};

describe('refusals in the reader’s language', () => {
  it('tells an agent what only an admin may do, in the agent’s own language', async () => {
    const refusals: Array<[string, 'GET' | 'POST', unknown, string, string]> = [
      ['/api/v1/plans', 'POST', { key: 'gold', name: 'Gold', rank: 5 }, '只有管理员可以创建计划', 'Only an admin may create plans'],
      ['/api/v1/groups', 'POST', { name: 'Billing' }, '只有管理员可以管理小组', 'Only an admin may manage groups'],
      ['/api/v1/audit-log', 'GET', undefined, '只有管理员可以查看审计日志', 'Only an admin may read the audit log'],
      [
        '/api/v1/people',
        'POST',
        { name: 'New Agent', email: 'new.agent@kefu.test', role: 'agent' },
        '只有管理员可以创建客服人员和管理员',
        'Only an admin may create agents and admins',
      ],
    ];
    for (const [url, method, body, zh, en] of refusals) {
      const a = await call('li.na@kefu.test', method, url, 'zh-CN,zh;q=0.9', body);
      expect([a.status, a.error.code, a.error.message]).toEqual([403, 'forbidden', zh]);
      const b = await call('ann.lee@kefu.test', method, url, undefined, body);
      expect([b.status, b.error.code, b.error.message]).toEqual([403, 'forbidden', en]);
    }
  });

  it('names the value that is taken in either language', async () => {
    expect((await k.admin.post('/api/v1/plans', { key: 'gold', name: 'Gold', rank: 5 })).status).toBe(201);
    const zh = await call('wang.fang@kefu.test', 'POST', '/api/v1/plans', 'zh-CN', { key: 'gold', name: '金牌', rank: 6 });
    expect([zh.status, zh.error.message, zh.error.details]).toEqual([409, '已有标识为 gold 的计划，请换一个标识。', { field: 'key' }]);
    const en = await k.admin.post('/api/v1/plans', { key: 'gold', name: 'Gold', rank: 6 });
    expect([en.status, en.body.error.message]).toEqual([409, 'A plan with the key gold already exists; choose another key']);
  });

  it('names a bad macro field or view filter in the agent’s language', async () => {
    const bad = { name: 'Reset', body: { en: 'Hello' }, actions: { status: 'done' } };
    const zh = await call('li.na@kefu.test', 'POST', '/api/v1/macros', 'zh-CN', bad);
    expect([zh.status, zh.error.code]).toEqual([422, 'unprocessable']);
    expect(zh.error.message).toMatch(/^宏无效：actions\.status：应为以下之一：/);
    const en = await call('ann.lee@kefu.test', 'POST', '/api/v1/macros', undefined, bad);
    expect(en.error.message).toMatch(/^The macro is not valid: actions\.status: /);

    const view = { name: 'Mine', filters: { colour: 'red' } };
    const zhView = await call('li.na@kefu.test', 'POST', '/api/v1/views', 'zh-CN', view);
    expect([zhView.status, zhView.error.message]).toEqual([422, '视图的筛选条件无效：filters.colour：未知的筛选条件：colour']);
    const enView = await call('ann.lee@kefu.test', 'POST', '/api/v1/views', undefined, view);
    expect(enView.error.message).toBe("The view's filters are not valid: filters.colour: Unknown filter: colour");
  });

  it('answers someone not signed in in the language of the request', async () => {
    const signup = { name: '张伟', email: 'zhang.wei@acme.test', password: 'short' };
    const zh = await call(null, 'POST', '/api/v1/auth/signup', 'zh-CN', signup);
    expect([zh.status, zh.error.message, zh.error.details]).toEqual([422, '密码至少需要 8 个字符', { field: 'password' }]);
    const en = await call(null, 'POST', '/api/v1/auth/signup', undefined, signup);
    expect([en.status, en.error.message]).toEqual([422, 'The password must be at least 8 characters long']);

    const nul = { email: 'a\u0000b@acme.test', password: 'whatever-it-is' };
    const zhNul = await call(null, 'POST', '/api/v1/auth/login', 'zh-CN', nul);
    expect([zhNul.status, zhNul.error.message, zhNul.error.details]).toEqual([
      400,
      'email：文字中不能含有 NUL 字符（\\u0000）',
      { field: 'email' },
    ]);
    const enNul = await call(null, 'POST', '/api/v1/auth/login', 'en-GB', nul);
    expect(enNul.error.message).toBe('email: text may not contain the NUL character (\\u0000)');
  });

  it('each schema’s own wording has its Chinese text, and its English text is the schema’s word for word', () => {
    for (const [en, key] of Object.entries(CUSTOM)) {
      expect(t('en', `http.${key}`)).toBe(en);
      const zh = validationMessage({ code: 'custom', message: en }, en, 'zh-CN');
      expect(zh).toBe(t('zh-CN', `http.${key}`));
      expect(zh).not.toBe(en);
    }
  });

  it('a report period that is not a date, or a zone that does not exist, is named in the reader’s language', async () => {
    const date = await call('li.na@kefu.test', 'GET', '/api/v1/reports/sla?from=yesterday', 'zh-CN');
    expect([date.status, date.error.message]).toEqual([400, expect.stringContaining('应为 ISO 8601 日期（如 2026-11-01）')]);
    const zone = await call('li.na@kefu.test', 'GET', '/api/v1/reports/sla?last_days=7&tz=Mars/Olympus', 'zh-CN');
    expect([zone.status, zone.error.message]).toEqual([400, expect.stringContaining('未知的时区')]);
    const en = await call('ann.lee@kefu.test', 'GET', '/api/v1/reports/sla?from=yesterday');
    expect(en.error.message).toContain('Expected an ISO 8601 date (2026-11-01)');
  });

  it('a search without a letter or digit is refused in the reader’s language', async () => {
    const zh = await call('li.na@kefu.test', 'GET', `/api/v1/search?q=${encodeURIComponent('!!!')}`, 'zh-CN');
    expect([zh.status, zh.error.message]).toEqual([400, expect.stringContaining('请至少输入一个字母、数字或汉字进行搜索')]);
  });

  it('a value of the wrong kind is named as such, not as missing; a body that is not JSON says what to check', async () => {
    const wrong = await call('li.na@kefu.test', 'POST', '/api/v1/tickets', 'zh-CN', { subject: 5, body: 'x', tags: 'vip' });
    expect(wrong.status).toBe(400);
    expect(wrong.error.details).toEqual([
      { field: 'subject', message: '应为文本' },
      { field: 'tags', message: '应为列表（[…]）' },
    ]);
    const missing = await call('li.na@kefu.test', 'POST', '/api/v1/tickets', 'zh-CN', { subject: null, body: 'x' });
    expect(missing.error.details).toEqual([{ field: 'subject', message: '必填' }]);

    const raw = async (payload: string, lang: string) => {
      const r = await k.kefu.app.inject({
        method: 'POST',
        url: '/api/v1/public/tickets',
        headers: { 'accept-language': lang, 'content-type': 'application/json' },
        payload,
      });
      return { status: r.statusCode, error: JSON.parse(r.body).error as { code: string; message: string; details?: { parser: string } } };
    };
    const zh = await raw('{"name": "张伟",}', 'zh-CN');
    expect([zh.status, zh.error.code, zh.error.message]).toEqual([
      400,
      'invalid_json',
      '请求内容不是有效的 JSON，请检查引号、逗号和括号是否成对。',
    ]);
    expect(zh.error.details?.parser).toEqual(expect.any(String));
    const en = await raw('[1, 2', 'en');
    expect(en.error.message).toBe('The request body is not valid JSON: check its quotes, commas and brackets');
    const empty = await raw('', 'zh-CN');
    expect([empty.status, empty.error.code, empty.error.message]).toEqual([
      400,
      'invalid_json',
      '请求内容为空：请发送一个 JSON 对象，或不要带 Content-Type 头。',
    ]);
  });
});
