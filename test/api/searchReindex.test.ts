import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDefinition } from '../../server/jobs/registry.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

// Tickets and articles indexed before words were split from Chinese (SSL证书 was one run, pieces
// 'ss' 'sl' 'l证' …) get the words added by the search.mixed_runs job, which migration 0046 queues
// on a database that holds any.
let k: TestKefu;
const log = { info() {}, error() {} };
const runJob = async () => {
  for (;;) {
    const jobs = await k.db.query<{ id: number; payload: Record<string, unknown> }>(
      `update jobs set status = 'done' where name = 'search.mixed_runs' and status = 'queued' returning id, payload`,
    );
    if (!jobs.length) return;
    for (const j of jobs) await jobDefinition('search.mixed_runs')!.handler(j.payload, { db: k.db, now: () => new Date(), log });
  }
};
const found = async (q: string) =>
  ((await k.admin.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).body.tickets.data as Array<{ id: number }>).map((t) => t.id);

beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

describe('search.mixed_runs', () => {
  it('adds the words written against Chinese to tickets and articles indexed the old way, and changes nothing else', async () => {
    const customer = (await k.admin.post('/api/v1/people', { name: '王伟', email: 'wang@old.test', role: 'customer' })).body;
    const post = async (subject: string, body: string) =>
      (await k.admin.post('/api/v1/tickets', { subject, body, requester_id: customer.id })).body as { id: number; updated_at: string };
    const cert = await post('SSL证书过期了', '访问HTTPS时浏览器提示证书错误');
    const plain = await post('普通的问题', 'nothing mixed here');
    expect((await k.admin.post(`/api/v1/tickets/${plain.id}/messages`, { body: '内部备注：CDN加速没开', internal: true })).status).toBe(
      201,
    );
    // As the index held them before: one run of pieces for each word written against Chinese.
    await k.db.query(`update tickets set search = to_tsvector('simple', $2), search_internal = null where id = $1`, [
      cert.id,
      'ss sl l证 证书 书过 过期 了 访问 问h ht tt tp ps s时 时 浏览 览器 器提 提示 示证 证书 书错 错误 误',
    ]);
    await k.db.query(`update tickets set search_internal = to_tsvector('simple', $2) where id = $1`, [
      plain.id,
      '内部 部备 备注 注 cd dn n加 加速 速没 没开 开',
    ]);
    const article = (
      await k.admin.post('/api/v1/kb/articles', {
        title_en: 'Certificates',
        title_zh: 'SSL证书续期',
        body_md_en: 'Renew it.',
        body_md_zh: '续期即可。',
        status: 'published',
      })
    ).body;
    await k.db.query(`update kb_articles set search = to_tsvector('simple', 'ss sl l证 证书 书续 续期 期') where id = $1`, [article.id]);
    const before = await k.db.query<{ id: number; updated_at: Date; events: number }>(
      `select id, updated_at, (select count(*) from ticket_events e where e.ticket_id = t.id)::int as events from tickets t order by id`,
    );
    expect(await found('SSL')).toEqual([]);
    expect(await found('HTTPS')).toEqual([]);
    expect(await found('CDN')).toEqual([]);

    // What migration 0046 queues on a database that holds tickets or articles.
    await k.db.query(`insert into jobs (name, payload) values ('search.mixed_runs', '{"phase": "tickets", "after_id": 0}')`);
    await runJob();

    expect(await found('SSL')).toEqual([cert.id]);
    expect(await found('HTTPS')).toEqual([cert.id]);
    // Still found as before: the Chinese phrase and the words.
    expect(await found('证书过期')).toEqual([cert.id]);
    // An internal note's words (agents search them; customers do not see them).
    expect(await found('CDN')).toEqual([plain.id]);
    const kb = await k.anon.get('/api/v1/kb/search?q=SSL&lang=zh-CN');
    expect(kb.body.data.map((a: { id: number }) => a.id)).toEqual([article.id]);
    // The index caught up; no one changed the tickets.
    expect(
      await k.db.query(
        `select id, updated_at, (select count(*) from ticket_events e where e.ticket_id = t.id)::int as events from tickets t order by id`,
      ),
    ).toEqual(before);
    // Run again (a restart): nothing found twice, nothing lost.
    await k.db.query(`insert into jobs (name, payload) values ('search.mixed_runs', '{"phase": "tickets", "after_id": 0}')`);
    await runJob();
    expect(await found('SSL')).toEqual([cert.id]);
  });
});
