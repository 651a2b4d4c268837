import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

describe('tickets', () => {
  it('pages through a list with cursors, without gaps or repeats, even when created in the same millisecond', async () => {
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Paging' })).body.id;
    const same = '2026-01-01T00:00:00.000Z';
    const ids: number[] = [];
    for (let i = 0; i < 23; i++)
      ids.push(
        (
          await k.admin.post('/api/v1/tickets', {
            subject: `p${i}`,
            body: 'b',
            organization_id: org,
            requester_email: 'pg@x.test',
            created_at: i % 2 ? same : undefined,
          })
        ).body.id,
      );
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const r: { body: { data: Array<{ id: number }>; next_cursor: string | null } } = await k.admin.get(
        `/api/v1/tickets?organization_id=${org}&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...r.body.data.map((t) => t.id));
      cursor = r.body.next_cursor;
    } while (cursor);
    expect(seen.sort((a, b) => a - b)).toEqual(ids.sort((a, b) => a - b));
  });

  it('filters by status, priority, assignee and tag, and searches Chinese and English', async () => {
    const agent = (await k.admin.post('/api/v1/people', { name: 'Agent A', email: 'a@kefu.test', role: 'agent', password: 'Agent-pass-1' }))
      .body;
    const t1 = (
      await k.admin.post('/api/v1/tickets', {
        subject: '发票问题',
        body: '我需要开具增值税发票',
        requester_email: 'c1@x.test',
        priority: 'P1',
        tags: ['Billing'],
      })
    ).body;
    const t2 = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'Refunds',
        body: 'Please refund my order',
        requester_email: 'c2@x.test',
        priority: 'P4',
      })
    ).body;
    await k.admin.patch(`/api/v1/tickets/${t1.id}`, { assignee_id: agent.id, status: 'pending' });
    const ids = async (q: string) => (await k.admin.get(`/api/v1/tickets?${q}`)).body.data.map((t: { id: number }) => t.id);
    expect(await ids('status=pending')).toContain(t1.id);
    expect(await ids('status=pending')).not.toContain(t2.id);
    expect(await ids('priority=P4')).toEqual([t2.id]);
    expect(await ids(`assignee_id=${agent.id}`)).toEqual([t1.id]);
    expect(await ids('tag=billing')).toEqual([t1.id]);
    expect(await ids(`q=${encodeURIComponent('增值税')}`)).toEqual([t1.id]);
    expect(await ids(`q=${encodeURIComponent('发票')}`)).toEqual([t1.id]);
    expect(await ids('q=refund')).toEqual([t2.id]);
    expect(await ids('q=REFUNDS')).toEqual([t2.id]);
    expect(await ids(`q=${encodeURIComponent('退货')}`)).toEqual([]);
    const agentCaller = await k.signIn('a@kefu.test', 'Agent-pass-1');
    expect((await agentCaller.get('/api/v1/tickets?assignee_id=me')).body.data.map((t: { id: number }) => t.id)).toEqual([t1.id]);
  });

  it('search pages run newest first across recent and old tickets, without gaps', async () => {
    const ids: number[] = [];
    const day = 24 * 3600_000;
    for (const [i, age] of [0, 1, 10, 29, 31, 45, 200, 400, 800].entries()) {
      const created_at = new Date(Date.now() - age * day - i * 1000).toISOString();
      ids.push(
        (
          await k.admin.post('/api/v1/tickets', {
            subject: `跨期检索 ${i}`,
            body: 'timeline needle',
            requester_email: 'old@x.test',
            created_at,
          })
        ).body.id,
      );
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const r: { body: { data: Array<{ id: number }>; next_cursor: string | null } } = await k.admin.get(
        `/api/v1/tickets?q=${encodeURIComponent('跨期检索')}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...r.body.data.map((t) => t.id));
      cursor = r.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    expect((await k.admin.get('/api/v1/tickets?q=needle&limit=50')).body.data.map((t: { id: number }) => t.id)).toEqual(ids);
  });

  it('records who changed what in the event log', async () => {
    const t = (await k.admin.post('/api/v1/tickets', { subject: 'Log me', body: 'b', requester_email: 'log@x.test' })).body;
    await k.admin.patch(`/api/v1/tickets/${t.id}`, { priority: 'P1', add_tags: ['vip'] });
    const ev = (await k.admin.get(`/api/v1/tickets/${t.id}/events`)).body.data;
    expect(ev.map((e: { type: string }) => e.type)).toEqual(['ticket.created', 'ticket.updated']);
    expect(ev[1].data.changes).toEqual({ priority: ['P3', 'P1'], tags: [[], ['vip']] });
    expect(ev[1].actor).toMatchObject({ name: 'Admin' });
  });

  it('merges two tickets: the conversation moves and the source is closed', async () => {
    const a = (await k.admin.post('/api/v1/tickets', { subject: 'Dup A', body: 'first 合并测试', requester_email: 'm@x.test' })).body;
    const b = (await k.admin.post('/api/v1/tickets', { subject: 'Dup B', body: 'second', requester_email: 'm@x.test' })).body;
    const r = await k.admin.post(`/api/v1/tickets/${a.id}/merge`, { target_id: b.id });
    expect(r.status).toBe(200);
    const src = (await k.admin.get(`/api/v1/tickets/${a.id}`)).body;
    expect(src).toMatchObject({ status: 'closed', merged_into_id: b.id });
    const msgs = (await k.admin.get(`/api/v1/tickets/${b.id}/messages`)).body.data.map((m: { body: string }) => m.body);
    expect(msgs.sort()).toEqual(['first 合并测试', 'second']);
    expect((await k.admin.get(`/api/v1/tickets?q=${encodeURIComponent('合并')}`)).body.data.map((t: { id: number }) => t.id)).toContain(
      b.id,
    );
    expect((await k.admin.post(`/api/v1/tickets/${a.id}/merge`, { target_id: b.id })).status).toBe(409);
    expect((await k.admin.post(`/api/v1/tickets/${a.id}/messages`, { body: 'late' })).status).toBe(409);
  });

  it('merging waiting words into a solved ticket opens it again; answered words leave it solved', async () => {
    const mk = async (subject: string) =>
      (await k.admin.post('/api/v1/tickets', { subject, body: 'b', requester_email: 'reopen@x.test' })).body as { id: number };
    const solved = await mk('Solved target');
    expect((await k.admin.patch(`/api/v1/tickets/${solved.id}`, { status: 'solved' })).status).toBe(200);
    const waiting = await mk('Still waiting');
    const r = await k.admin.post(`/api/v1/tickets/${waiting.id}/merge`, { target_id: solved.id });
    expect([r.status, r.body.status]).toEqual([200, 'open']);
    const ev = (await k.admin.get(`/api/v1/tickets/${solved.id}/events`)).body.data as Array<{ type: string; data: unknown }>;
    expect(ev.slice(-2).map((e) => e.type)).toEqual(['ticket.merged', 'ticket.updated']);
    expect(ev.at(-1)!.data).toEqual({ changes: { status: ['solved', 'open'] }, merged_from: waiting.id });

    const target = await mk('Solved again');
    await k.admin.patch(`/api/v1/tickets/${target.id}`, { status: 'solved' });
    const answered = await mk('Answered already');
    await k.admin.patch(`/api/v1/tickets/${answered.id}`, { status: 'solved' });
    const r2 = await k.admin.post(`/api/v1/tickets/${answered.id}/merge`, { target_id: target.id });
    expect([r2.status, r2.body.status]).toEqual([200, 'solved']);
  });

  it("a customer cannot choose a requester's language (403), nor a requester", async () => {
    await k.admin.post('/api/v1/people', { name: 'Lang Cust', email: 'lang@cust.test', password: 'Lang-pass-12345' });
    const c = await k.signIn('lang@cust.test', 'Lang-pass-12345');
    expect((await c.post('/api/v1/tickets', { subject: 's', body: 'b', requester_locale: 'zh-CN' })).status).toBe(403);
    expect((await c.post('/api/v1/tickets', { subject: 's', body: 'b' })).status).toBe(201);
    // Nor tags, at creation as afterwards (the team's filing: views and macros key on them).
    const tagged = await c.post('/api/v1/tickets', { subject: 'vip please', body: 'b', tags: ['vip'] });
    expect([tagged.status, tagged.body.error?.message]).toEqual([403, 'Customers cannot set tags']);
    expect((await c.post('/api/v1/tickets', { subject: 's', body: 'b', tags: [] })).status).toBe(201);
  });

  it('only an admin may set created_at; agents get 403', async () => {
    await k.admin.post('/api/v1/people', { name: 'Agent B', email: 'b@kefu.test', role: 'agent', password: 'Agent-pass-2' });
    const b = await k.signIn('b@kefu.test', 'Agent-pass-2');
    const r = await b.post('/api/v1/tickets', { subject: 's', body: 'b', requester_email: 'z@x.test', created_at: '2020-01-01T00:00:00Z' });
    expect(r.status).toBe(403);
    const ok = await k.admin.post('/api/v1/tickets', {
      subject: 's',
      body: 'b',
      requester_email: 'z@x.test',
      created_at: '2020-01-01T00:00:00Z',
    });
    expect(ok.body.created_at).toBe('2020-01-01T00:00:00.000Z');
  });

  it('API tokens are listed without their secret and stop working when revoked', async () => {
    const created = await k.adminSession.post('/api/v1/tokens', { name: 'script' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^kft_/);
    const list = (await k.admin.get('/api/v1/tokens')).body.data;
    expect(list.find((t: { id: number }) => t.id === created.body.id)).not.toHaveProperty('token');
    expect((await k.as(created.body.token).get('/api/v1/me')).status).toBe(200);
    // The scheme's name is case-insensitive, as HTTP says; anything else after it is not a token.
    const withScheme = async (authorization: string) =>
      (await k.kefu.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization } })).statusCode;
    expect(await withScheme(`bearer ${created.body.token}`)).toBe(200);
    expect(await withScheme(`BEARER   ${created.body.token}`)).toBe(200);
    expect(await withScheme(`Bearer ${created.body.token} extra`)).toBe(401);
    expect(await withScheme(`Basic ${created.body.token}`)).toBe(401);
    // The owner's other token cannot end it (a leaked token must not lock its owner's scripts out);
    // the owner, signed in, can (docs/security.md).
    expect((await k.admin.del(`/api/v1/tokens/${created.body.id}`)).status).toBe(403);
    expect((await k.adminSession.del(`/api/v1/tokens/${created.body.id}`)).status).toBe(200);
    expect((await k.as(created.body.token).get('/api/v1/me')).status).toBe(401);
  });

  it('attachments respect the size limit and are downloadable by whoever sees the message', async () => {
    const t = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'att',
        body: 'see file',
        requester_email: 'att@x.test',
        attachments: [{ filename: '日志.txt', content_type: 'text/plain', data_base64: Buffer.from('hello log').toString('base64') }],
      })
    ).body;
    const msgs = (await k.admin.get(`/api/v1/tickets/${t.id}/messages`)).body.data;
    const att = msgs[0].attachments[0];
    expect(att).toMatchObject({ filename: '日志.txt', size: 9 });
    const dl = await k.admin.get(`/api/v1/attachments/${att.id}`);
    expect(dl.status).toBe(200);
    expect(dl.body).toBe('hello log');
    // Not base64 is refused, naming the file's field; nothing is filed. Wrapped base64 (line breaks) is fine.
    const before = (await k.admin.get('/api/v1/tickets?q=notb64')).body.data.length;
    for (const data_base64 of ['!!!notbase64@@@', 'aGVsbG8@', 'a'])
      expect(
        await k.admin.post('/api/v1/tickets', {
          subject: 'notb64',
          body: 'x',
          requester_email: 'att@x.test',
          attachments: [{ filename: 'x.bin', content_type: 'application/octet-stream', data_base64 }],
        }),
        data_base64,
      ).toMatchObject({ status: 400, body: { error: { details: { field: 'attachments.0.data_base64' } } } });
    expect((await k.admin.get('/api/v1/tickets?q=notb64')).body.data).toHaveLength(before);
    const wrapped = await k.admin.post('/api/v1/tickets', {
      subject: 'wrapped',
      body: 'x',
      requester_email: 'att@x.test',
      attachments: [{ filename: 'w.txt', content_type: 'text/plain', data_base64: 'aGVs\r\nbG8g\nbG9n' }],
    });
    expect(wrapped.status).toBe(201);
  });
});
