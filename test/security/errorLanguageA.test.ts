import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * Refusals of tickets, SLA calendars, macros, organizations, support addresses and the live channel are
 * answered in the reader's language (Accept-Language), in English when the request names none.
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

type Method = 'GET' | 'POST' | 'PATCH';
/** The admin's call, in Chinese (`zh`) or with no Accept-Language at all. */
const call = async (method: Method, url: string, lang: 'zh' | null, payload?: unknown) => {
  const r = await k.kefu.app.inject({
    method,
    url,
    payload: payload === undefined ? undefined : JSON.stringify(payload),
    headers: {
      authorization: `Bearer ${token}`,
      ...(lang ? { 'accept-language': 'zh-CN,zh;q=0.9' } : {}),
      ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
    },
  });
  const error = JSON.parse(r.body).error as { code: string; message: string; details?: unknown };
  return { status: r.statusCode, code: error?.code, message: error?.message, details: error?.details };
};

/** The same request twice: its answer in Chinese, then in English; the status, code and details do not change. */
const both = async (method: Method, url: string, payload?: unknown) => {
  const zh = await call(method, url, 'zh', payload);
  const en = await call(method, url, null, payload);
  expect([zh.status, zh.code, zh.details]).toEqual([en.status, en.code, en.details]);
  return { zh, en };
};

const week = { mon: [['09:00', '18:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

describe('errors of tickets, SLA, macros, organizations, mail and live updates in the reader’s language', () => {
  it('a ticket merged into itself, and a ticket sent back to new', async () => {
    const made = await k.admin.post('/api/v1/tickets', { subject: 'Printer', body: 'It jams', requester_email: 'jam@acme.test' });
    expect(made.status).toBe(201);
    const id = made.body.id as number;
    const self = await both('POST', `/api/v1/tickets/${id}/merge`, { target_id: id });
    expect([self.zh.status, self.zh.message]).toEqual([400, '工单不能合并到自身。']);
    expect(self.en.message).toBe('A ticket cannot be merged into itself');

    expect((await k.admin.patch(`/api/v1/tickets/${id}`, { status: 'open' })).status).toBe(200);
    const back = await both('PATCH', `/api/v1/tickets/${id}`, { status: 'new' });
    expect([back.zh.status, back.zh.message, back.zh.details]).toEqual([409, '工单不能回到“新建”状态。', { field: 'status' }]);
    expect(back.en.message).toBe('A ticket cannot go back to new');
  });

  it('a second SLA calendar of the same name names it; overlapping opening hours are named', async () => {
    const cal = { name: 'Office 办公', timezone: 'UTC', holidays: [], extra_workdays: [], weekly: week };
    expect((await k.admin.post('/api/v1/calendars', cal)).status).toBe(201);
    const again = await both('POST', '/api/v1/calendars', cal);
    expect([again.zh.status, again.zh.message]).toEqual([409, '名为“Office 办公”的日历已存在。']);
    expect(again.en.message).toBe('A calendar named Office 办公 already exists');

    // (Its details say each problem in the reader's language too, so they differ between the two.)
    const overlap = {
      ...cal,
      name: 'Overlap',
      weekly: {
        ...week,
        mon: [
          ['09:00', '12:00'],
          ['11:00', '13:00'],
        ],
      },
    };
    const overlapping = {
      zh: await call('POST', '/api/v1/calendars', 'zh', overlap),
      en: await call('POST', '/api/v1/calendars', null, overlap),
    };
    expect([overlapping.zh.status, overlapping.zh.code]).toEqual([overlapping.en.status, overlapping.en.code]);
    expect([overlapping.zh.status, overlapping.zh.message]).toEqual([
      422,
      '周一的营业时间：时段 11:00–13:00 与 09:00–12:00 重叠，请合并或调整其中一个。',
    ]);
    expect(overlapping.zh.details).toEqual({
      field: 'weekly.mon[1]',
      issues: [{ field: 'weekly.mon[1]', message: '周一的营业时间：时段 11:00–13:00 与 09:00–12:00 重叠，请合并或调整其中一个。' }],
    });
    expect(overlapping.en.message).toBe('Opening hours on Monday: 11:00–13:00 overlaps 09:00–12:00; join them or change one');
    expect(overlapping.en.details).toEqual({
      field: 'weekly.mon[1]',
      issues: [{ field: 'weekly.mon[1]', message: 'interval 11:00–13:00 overlaps 09:00–12:00 on the same day' }],
    });
  });

  it('an SLA policy with a target set twice, or counting in a calendar that is not there, names the metric in words', async () => {
    const cal = (
      await k.admin.post('/api/v1/calendars', { name: '7×24 test', timezone: 'UTC', weekly: week, holidays: [], extra_workdays: [] })
    ).body.id as number;
    const target = { metric: 'first_response', priority: 'P1', minutes: 60, calendar_id: cal };
    const twice = await both('POST', '/api/v1/sla-policies', { name: 'Twice', kind: 'sla', targets: [target, { ...target, minutes: 30 }] });
    expect([twice.zh.status, twice.zh.message]).toEqual([422, 'P1 的首次响应目标设置了两次，请只保留一个。']);
    expect(twice.en.message).toBe('There are two first response targets for P1; keep one');
    const nowhere = await both('POST', '/api/v1/sla-policies', {
      name: 'Nowhere',
      kind: 'sla',
      targets: [{ ...target, calendar_id: 987654 }],
    });
    expect([nowhere.zh.status, nowhere.zh.message]).toEqual([422, '目标使用的日历（编号 987654）不存在，请另选一个日历。']);
  });

  it('a view filtering on a status that does not exist is refused in Chinese, without zod’s English', async () => {
    // (Its details say each problem in the reader's language too, so they differ between the two.)
    const zh = await call('POST', '/api/v1/views', 'zh', { name: 'Bogus', filters: { status: ['bogus'] } });
    expect([zh.status, zh.message]).toEqual([
      422,
      '视图的筛选条件无效：filters.status：应为以下之一：new, open, pending, on_hold, solved, closed',
    ]);
    expect((await call('POST', '/api/v1/views', null, { name: 'Bogus', filters: { status: ['bogus'] } })).message).toMatch(
      /Invalid option/,
    );
  });

  it('a macro that files tickets into a group that is not there', async () => {
    const r = await both('POST', '/api/v1/macros', { name: 'To nowhere', body: { en: 'x' }, shared: true, actions: { group_id: 987654 } });
    expect([r.zh.status, r.zh.message]).toEqual([422, '宏要移入的小组（编号 987654）不存在，请另选一个小组。']);
    expect(r.en.message).toBe('The group this macro moves tickets to (#987654) does not exist; choose another group');
  });

  it('an organization on a plan that is not there', async () => {
    const r = await both('POST', '/api/v1/organizations', { name: 'Acme 未来', plan_id: 987654 });
    expect([r.zh.status, r.zh.message]).toEqual([422, '计划 987654 不存在。']);
    expect(r.en.message).toBe('Plan 987654 does not exist');
  });

  it('a support address with "+" in it', async () => {
    const r = await both('POST', '/api/v1/support-addresses', { email: 'help+desk@kefu.test' });
    expect([r.zh.status, r.zh.message]).toEqual([422, '支持邮箱地址不能包含“+”：客服系统用 support+<令牌>@… 这样的地址接收回复。']);
    expect(r.en.message).toBe('A support address cannot contain "+": Kefu uses support+<token>@… for replies');
  });

  it('a plain GET of the live channel', async () => {
    const r = await both('GET', '/api/v1/live');
    expect([r.zh.status, r.zh.code, r.zh.message]).toEqual([426, 'upgrade_required', '请使用 WebSocket 连接（Upgrade: websocket）。']);
    expect(r.en.message).toBe('Connect with a WebSocket (Upgrade: websocket)');
  });
});
