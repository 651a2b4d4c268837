import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
let agent: Caller;
let agentId: number;
beforeAll(async () => {
  k = await testKefu();
  agentId = (await k.admin.post('/api/v1/people', { name: 'Bea Bulk', email: 'bea@kefu.test', role: 'agent', password: 'Bea-pass-1234' }))
    .body.id;
  agent = await k.signIn('bea@kefu.test', 'Bea-pass-1234');
});
afterAll(async () => {
  await k?.stop();
});

const org = async (name: string) => (await k.admin.post('/api/v1/organizations', { name })).body.id as number;
const ticket = async (extra: Record<string, unknown> = {}) =>
  (await k.admin.post('/api/v1/tickets', { subject: 'help', body: 'b', requester_email: 'req@bulk.test', ...extra })).body as {
    id: number;
    number: number;
  };
const events = async (ids: number[], type: string) =>
  (
    await k.db.query<{ n: number }>(`select count(*)::int as n from ticket_events where ticket_id = any($1::bigint[]) and type = $2`, [
      ids,
      type,
    ])
  )[0].n;

describe('bulk changes', () => {
  it('solves three tickets, each through the normal change path: three ticket.updated events', async () => {
    const ts = [await ticket(), await ticket(), await ticket()];
    const ids = ts.map((t) => t.id);
    const before = await events(ids, 'ticket.updated');
    const r = await agent.post('/api/v1/tickets/bulk', { ids, update: { status: 'solved' } });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual(ts.map((t) => ({ id: t.id, number: t.number, ok: true, error: null })));
    expect(await events(ids, 'ticket.updated')).toBe(before + 3);
    for (const id of ids) expect((await agent.get(`/api/v1/tickets/${id}`)).body.status).toBe('solved');
  });

  it('assigns, sets priority and group, adds and removes tags', async () => {
    const group = (await k.admin.post('/api/v1/groups', { name: 'Bulk group' })).body.id;
    const ts = [await ticket({ tags: ['old'] }), await ticket({ tags: ['old', 'keep'] })];
    const r = await agent.post('/api/v1/tickets/bulk', {
      ids: ts.map((t) => t.id),
      update: { assignee_id: agentId, priority: 'P2', group_id: group, add_tags: ['New Tag'], remove_tags: ['old'] },
    });
    expect(r.body.data.every((x: { ok: boolean }) => x.ok)).toBe(true);
    const after = await Promise.all(ts.map(async (t) => (await agent.get(`/api/v1/tickets/${t.id}`)).body));
    expect(after.map((t) => [t.assignee_id, t.priority, t.group_id, t.tags])).toEqual([
      [agentId, 'P2', group, ['new_tag']],
      [agentId, 'P2', group, ['keep', 'new_tag']],
    ]);
  });

  it('reports a partial failure per ticket with its code and message; the others still change', async () => {
    const a = await ticket();
    const closed = await ticket();
    await k.admin.patch(`/api/v1/tickets/${closed.id}`, { status: 'closed' });
    const r = await agent.post('/api/v1/tickets/bulk', { ids: [a.id, closed.id, 99999999], update: { status: 'solved' } });
    expect(r.status).toBe(200);
    expect(r.body.data[0]).toEqual({ id: a.id, number: a.number, ok: true, error: null });
    expect(r.body.data[1]).toMatchObject({ id: closed.id, number: closed.number, ok: false, error: { code: 'conflict' } });
    expect(r.body.data[1].error.message).toMatch(/closed/i);
    expect(r.body.data[2]).toMatchObject({ id: 99999999, number: null, ok: false, error: { code: 'not_found' } });
    expect((await agent.get(`/api/v1/tickets/${a.id}`)).body.status).toBe('solved');
    expect((await agent.get(`/api/v1/tickets/${closed.id}`)).body.status).toBe('closed');
    // A group that does not exist fails each ticket with the field named, never a 500.
    const g = await agent.post('/api/v1/tickets/bulk', { ids: [a.id], update: { group_id: 99999999 } });
    expect(g.body.data[0]).toMatchObject({ ok: false, error: { code: 'unprocessable', field: 'group_id' } });
  });

  it('merges several tickets into one chosen ticket; a ticket of another customer is refused on its own', async () => {
    const o = await org('Merge Co');
    const target = await ticket({ organization_id: o, requester_email: 'm@merge.test' });
    const s1 = await ticket({ organization_id: o, requester_email: 'm@merge.test' });
    const s2 = await ticket({ organization_id: o, requester_email: 'm@merge.test' });
    const foreign = await ticket({ organization_id: await org('Other Co'), requester_email: 'o@other.test' });
    const r = await agent.post('/api/v1/tickets/bulk', { ids: [s1.id, s2.id, foreign.id, target.id], update: { merge_into: target.id } });
    expect(r.body.data.map((x: { ok: boolean }) => x.ok)).toEqual([true, true, false, false]);
    expect(r.body.data[2].error.code).toBe('unprocessable');
    expect(r.body.data[3].error.code).toBe('invalid_request');
    expect((await agent.get(`/api/v1/tickets/${s1.id}`)).body).toMatchObject({ status: 'closed', merged_into_id: target.id });
    expect((await agent.post('/api/v1/tickets/bulk', { ids: [s1.id], update: { merge_into: target.id, status: 'open' } })).status).toBe(
      422,
    );
  });

  it("says each ticket's refusal in the reader's language, as a refusal of the whole request would be", async () => {
    await k.admin.post('/api/v1/people', {
      name: '陈静',
      email: 'chen@kefu.test',
      role: 'agent',
      password: 'Chen-pass-1234',
      locale: 'zh-CN',
    });
    const chen = await k.signIn('chen@kefu.test', 'Chen-pass-1234');
    const source = await ticket();
    const closed = await ticket();
    await k.admin.patch(`/api/v1/tickets/${closed.id}`, { status: 'closed' });
    const r = await chen.post('/api/v1/tickets/bulk', { ids: [source.id], update: { merge_into: closed.id } });
    expect(r.body.data[0]).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: '要合并到的工单已关闭，不能再接收消息。请合并到未关闭的工单。', field: 'target_id' },
    });
    // The same refusal of a single merge, for comparison.
    const one = await chen.post(`/api/v1/tickets/${source.id}/merge`, { target_id: closed.id });
    expect([one.status, one.body.error.message]).toEqual([409, r.body.data[0].error.message]);
  });

  it('caps a call at 100 tickets (422), refuses empty calls and unknown fields, and refuses customers', async () => {
    const over = await agent.post('/api/v1/tickets/bulk', {
      ids: Array.from({ length: 101 }, (_, i) => i + 1),
      update: { status: 'open' },
    });
    expect(over.status).toBe(422);
    expect(over.body.error.details.field).toBe('ids');
    expect((await agent.post('/api/v1/tickets/bulk', { ids: [], update: { status: 'open' } })).status).toBe(422);
    expect((await agent.post('/api/v1/tickets/bulk', { ids: [1], update: {} })).status).toBe(422);
    expect((await agent.post('/api/v1/tickets/bulk', { ids: [1], update: { subject: 'x' } })).status).toBe(400);
    expect((await agent.post('/api/v1/tickets/bulk', { ids: ['a'], update: { status: 'open' } })).status).toBe(400);
    const o = await org('Cust Bulk');
    await k.admin.post('/api/v1/people', { name: 'Cleo', email: 'cleo@cust.test', organization_id: o, password: 'Cleo-pass-1234' });
    const cleo = await k.signIn('cleo@cust.test', 'Cleo-pass-1234');
    const own = await ticket({ organization_id: o, requester_email: 'cleo@cust.test' });
    const r = await cleo.post('/api/v1/tickets/bulk', { ids: [own.id], update: { status: 'solved' } });
    expect(r.status).toBe(403);
    expect((await agent.get(`/api/v1/tickets/${own.id}`)).body.status).not.toBe('solved');
  });
});
