import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDefinition } from '../../server/jobs/registry.ts';
import { RELEASE_TICKETS_JOB } from '../../server/modules/people/releaseTickets.ts';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

/** Who a ticket may be assigned to, and what becomes of an agent's tickets when they leave. */
let k: TestKefu;
let zhAdmin: Caller;
let groupId: number;
beforeAll(async () => {
  k = await testKefu();
  await k.admin.post('/api/v1/people', {
    name: '李管理',
    email: 'li@kefu.test',
    role: 'admin',
    password: 'Li-admin-pass-1',
    locale: 'zh-CN',
  });
  zhAdmin = await k.signIn('li@kefu.test', 'Li-admin-pass-1');
  groupId = (await k.admin.post('/api/v1/groups', { name: 'Billing' })).body.id;
});
afterAll(async () => {
  await k?.stop();
});

const person = async (name: string, email: string, role: string) =>
  (await k.admin.post('/api/v1/people', { name, email, role })).body.id as number;
const ticket = async (extra: Record<string, unknown> = {}) => {
  const r = await k.admin.post('/api/v1/tickets', { subject: 'help', body: 'b', requester_email: 'req@assign.test', ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as number;
};
const log = { info() {}, error() {} };
/** Runs the queued release jobs (the worker is off in tests) until none is left. */
async function releaseJobs() {
  let n = 0;
  for (;;) {
    const jobs = await k.db.query<{ id: number; payload: Record<string, unknown> }>(
      `update jobs set status = 'done', finished_at = now() where name = $1 and status = 'queued' returning id, payload`,
      [RELEASE_TICKETS_JOB],
    );
    if (!jobs.length) return n;
    for (const j of jobs) await jobDefinition(RELEASE_TICKETS_JOB)!.handler(j.payload, { db: k.db, now: () => new Date(), log });
    n += jobs.length;
  }
}

describe('assignees', () => {
  it('a ticket is not assigned to a customer, nor to a deactivated agent: 422 on assignee_id, in the reader language', async () => {
    const customer = await person('Cathy Customer', 'cathy@assign.test', 'customer');
    const gone = await person('Gus Gone', 'gus@kefu.test', 'agent');
    expect((await k.admin.patch(`/api/v1/people/${gone}`, { active: false })).status).toBe(200);
    const id = await ticket();

    const toCustomer = await k.admin.patch(`/api/v1/tickets/${id}`, { assignee_id: customer });
    expect(toCustomer.status).toBe(422);
    expect(toCustomer.body.error.details.field).toBe('assignee_id');
    expect(toCustomer.body.error.message).toContain('Cathy Customer is a customer');
    const zh = await zhAdmin.patch(`/api/v1/tickets/${id}`, { assignee_id: gone });
    expect(zh.status).toBe(422);
    expect(zh.body.error.message).toBe('Gus Gone 已停用，无法处理工单；请选择其他人，或先重新启用此人。');
    // At creation too, and in bulk (each ticket says why).
    const created = await k.admin.post('/api/v1/tickets', { subject: 's', body: 'b', requester_email: 'x@assign.test', assignee_id: gone });
    expect(created.status).toBe(422);
    expect(created.body.error.details.field).toBe('assignee_id');
    const bulk = await k.admin.post('/api/v1/tickets/bulk', { ids: [id], update: { assignee_id: customer } });
    expect(bulk.body.data[0]).toMatchObject({ ok: false, error: { code: 'unprocessable', field: 'assignee_id' } });
    expect((await k.admin.get(`/api/v1/tickets/${id}`)).body.assignee_id).toBeNull();
  });

  it("deactivating an agent sends their unsolved tickets back to the group's queue; solved ones keep who worked them", async () => {
    const ann = await person('Ann Leaving', 'ann@kefu.test', 'agent');
    const bob = await person('Bob Staying', 'bob@kefu.test', 'agent');
    const open = [await ticket({ assignee_id: ann, group_id: groupId }), await ticket({ assignee_id: ann, status: 'open' })];
    const pending = await ticket({ assignee_id: ann });
    expect((await k.admin.patch(`/api/v1/tickets/${pending}`, { status: 'pending' })).status).toBe(200);
    const solved = await ticket({ assignee_id: ann });
    expect((await k.admin.patch(`/api/v1/tickets/${solved}`, { status: 'solved' })).status).toBe(200);
    const handedOver = await ticket({ assignee_id: ann });

    expect((await zhAdmin.patch(`/api/v1/people/${ann}`, { active: false })).status).toBe(200);
    // Before the job runs, a colleague takes one over: it stays theirs.
    expect((await k.admin.patch(`/api/v1/tickets/${handedOver}`, { assignee_id: bob })).status).toBe(200);
    await releaseJobs();

    for (const id of [...open, pending]) {
      const t = (await k.admin.get(`/api/v1/tickets/${id}`)).body;
      expect(t.assignee_id, `ticket ${id}`).toBeNull();
    }
    expect((await k.admin.get(`/api/v1/tickets/${open[0]}`)).body.group_id).toBe(groupId);
    expect((await k.admin.get(`/api/v1/tickets/${solved}`)).body.assignee_id).toBe(ann);
    expect((await k.admin.get(`/api/v1/tickets/${handedOver}`)).body.assignee_id).toBe(bob);
    // Each through the change path: an event by the admin who deactivated her.
    const [li] = await k.db.query<{ id: number }>(`select id from people where name = '李管理'`);
    const events = await k.db.query<{ ticket_id: number; actor_id: number; data: { changes: Record<string, unknown> } }>(
      `select ticket_id, actor_id, data from ticket_events where type = 'ticket.updated' and ticket_id = any($1::bigint[]) and data->'changes' ? 'assignee_id'`,
      [[...open, pending]],
    );
    expect(events.map((e) => [e.actor_id, e.data.changes.assignee_id])).toEqual([...open, pending].map(() => [li.id, [ann, null]]));
    // Run again: nothing more happens.
    expect(await releaseJobs()).toBe(0);
  });

  it('making an agent a customer releases their tickets too; reactivating before the job runs keeps them', async () => {
    const cas = await person('Cas Moving', 'cas@kefu.test', 'agent');
    const dee = await person('Dee Back', 'dee@kefu.test', 'agent');
    const a = await ticket({ assignee_id: cas });
    const b = await ticket({ assignee_id: dee });
    expect((await k.admin.patch(`/api/v1/people/${cas}`, { role: 'customer' })).status).toBe(200);
    expect((await k.admin.patch(`/api/v1/people/${dee}`, { active: false })).status).toBe(200);
    expect((await k.admin.patch(`/api/v1/people/${dee}`, { active: true })).status).toBe(200);
    await releaseJobs();
    expect((await k.admin.get(`/api/v1/tickets/${a}`)).body.assignee_id).toBeNull();
    expect((await k.admin.get(`/api/v1/tickets/${b}`)).body.assignee_id).toBe(dee);
  });

  it('many tickets are released in batches, each once', async () => {
    const eve = await person('Eve Busy', 'eve@kefu.test', 'agent');
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push(await ticket({ assignee_id: eve }));
    expect((await k.admin.patch(`/api/v1/people/${eve}`, { active: false })).status).toBe(200);
    // Batches of 3 instead of 100.
    const { releaseTickets } = await import('../../server/modules/people/releaseTickets.ts');
    let after = 0;
    let rounds = 0;
    for (;;) {
      const r = await releaseTickets(k.db, { personId: eve, actorId: null, after, batch: 3 });
      rounds += 1;
      if (r.last == null) break;
      after = r.last;
    }
    expect(rounds).toBe(3);
    const [{ n }] = await k.db.query<{ n: number }>(`select count(*)::int as n from tickets where assignee_id = $1`, [eve]);
    expect(n).toBe(0);
  });
});
