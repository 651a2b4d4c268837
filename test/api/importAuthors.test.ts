import { afterAll, beforeAll, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * Moving a desk (docs/exports.md): the replies and notes an agent wrote keep their author when that agent
 * is on this desk, so the ticket names them and the agents report credits them, not the admin who imports.
 */
let k: TestKefu;
let agent: { id: number };

beforeAll(async () => {
  k = await testKefu();
  agent = (
    await k.admin.post('/api/v1/people', {
      name: '李雷',
      email: 'lilei@kefu.test',
      role: 'agent',
      password: 'LiLei-long-pass-42',
      locale: 'zh-CN',
    })
  ).body;
});
afterAll(async () => {
  await k?.stop();
});

/** POST /api/v1/import/tickets as the admin (an API token of theirs), as `kefu tickets import` does. */
const importLines = async (...lines: unknown[]) => {
  const token = (await k.adminSession.post('/api/v1/tokens', { name: 'import' })).body.token as string;
  const r = await k.kefu.app.inject({
    method: 'POST',
    url: '/api/v1/import/tickets',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    payload: lines.map((l) => JSON.stringify(l)).join('\n'),
  });
  expect(r.statusCode, r.body).toBe(200);
  return JSON.parse(r.body) as { imported: number; failed: unknown[] };
};

it('a reply and a note by an agent of this desk are theirs; an address nobody here holds falls back to the admin', async () => {
  const r = await importLines({
    external_id: 'old-desk:42',
    subject: 'CDN 缓存没有刷新',
    requester_email: 'old@huaxing.test',
    requester_name: '老客户',
    status: 'solved',
    created_at: '2026-11-20T02:00:00Z',
    solved_at: '2026-11-20T05:00:00Z',
    messages: [
      { body: '缓存没有刷新', author_role: 'customer', author_email: 'old@huaxing.test', created_at: '2026-11-20T02:00:00Z' },
      { body: '已经帮您刷新', author_role: 'agent', author_email: 'LiLei@kefu.test', created_at: '2026-11-20T03:00:00Z' },
      { body: '客户是老用户', internal: true, author_role: 'agent', author_email: 'lilei@kefu.test', created_at: '2026-11-20T03:05:00Z' },
      { body: 'Closing this.', author_role: 'agent', author_email: 'gone@old-desk.test', created_at: '2026-11-20T04:00:00Z' },
    ],
  });
  expect(r).toMatchObject({ imported: 1, failed: [] });
  const ticket = (await k.admin.get('/api/v1/tickets?q=CDN')).body.data[0];
  const messages = (await k.admin.get(`/api/v1/tickets/${ticket.id}/messages`)).body.data as Array<{
    body: string;
    author: { name: string };
  }>;
  expect(messages.map((m) => [m.body, m.author.name])).toEqual([
    ['缓存没有刷新', '老客户'],
    ['已经帮您刷新', '李雷'],
    ['客户是老用户', '李雷'],
    ['Closing this.', 'Admin'],
  ]);
  // The agents report over that day credits the agent with the reply and the first response (an hour).
  const report = (await k.admin.get('/api/v1/reports/agents?from=2026-11-20&to=2026-11-21')).body.data as Array<{
    agent_id: number;
    replies: number;
    median_first_response_minutes: number | null;
  }>;
  expect(report.find((a) => a.agent_id === agent.id)).toMatchObject({ replies: 1, median_first_response_minutes: 60 });
});
