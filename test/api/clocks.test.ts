import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDefinition } from '../../server/jobs/registry.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/** Clocks stop when the ticket's work ends, and the queue keeps the plan order for customers waiting on the desk. */
let k: TestKefu;
let plan: (name: string) => number;
beforeAll(async () => {
  k = await testKefu();
  await k.admin.post('/api/v1/presets/tiered-support/apply', {});
  const plans = (await k.admin.get('/api/v1/plans')).body.data as Array<{ id: number; name: string }>;
  plan = (n) => plans.find((p) => p.name === n)!.id;
});
afterAll(async () => {
  await k?.stop();
});

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
const org = async (name: string, planName: string) =>
  (await k.admin.post('/api/v1/organizations', { name, plan_id: plan(planName) })).body.id as number;
const customer = async (orgId: number, email: string) => {
  await k.admin.post('/api/v1/people', { name: email.split('@')[0], email, organization_id: orgId, password: 'Cust-pass-123' });
  return k.signIn(email, 'Cust-pass-123');
};
const metric = (t: any, m: string) => t.sla.metrics.find((x: { metric: string }) => x.metric === m);
const runEscalation = () => jobDefinition('sla.escalate')!.handler({}, { db: k.db, now: () => new Date(), log: { info() {}, error() {} } });

describe('a ticket whose work has ended owes no response', () => {
  it('a merged-away ticket stops every clock: nothing running, no due time, no escalation', async () => {
    const o = await org('Merge Clock Co', 'Enterprise');
    const mk = async (s: string, createdAt?: string) =>
      (
        await k.admin.post('/api/v1/tickets', {
          subject: s,
          body: 'b',
          organization_id: o,
          requester_email: 'm@merge.test',
          priority: 'P1',
          created_at: createdAt,
        })
      ).body;
    const source = await mk('dup', ago(60));
    const target = await mk('main');
    expect(metric(source, 'first_response').status).toBe('running');
    expect((await k.admin.post(`/api/v1/tickets/${source.id}/merge`, { target_id: target.id })).status).toBe(200);
    const after = (await k.admin.get(`/api/v1/tickets/${source.id}`)).body;
    expect(after.status).toBe('closed');
    expect(after.sla.metrics.map((m: { status: string }) => m.status)).not.toContain('running');
    expect(metric(after, 'first_response')).toMatchObject({ status: 'cancelled', due_at: null });
    expect(after.first_response_due_at).toBeNull();
    expect(after.sla_next_breach_at).toBeNull();
    expect(after.queue_reason).toMatchObject({ key: 'queue.reason.ended', params: { status: 'closed' } });
    // Past its old due instant nothing is escalated on it.
    await runEscalation();
    const types = ((await k.admin.get(`/api/v1/tickets/${source.id}/events`)).body.data as Array<{ type: string }>).map((e) => e.type);
    expect(types.filter((x) => x.startsWith('sla.'))).toEqual([]);
    // The ticket it went into keeps its own running clock.
    expect(metric((await k.admin.get(`/api/v1/tickets/${target.id}`)).body, 'first_response').status).toBe('running');
  });

  it("a customer who solves their own ticket sees no first-response expectation; writing again starts the desk's next-response clock", async () => {
    const o = await org('Self Solve Co', 'Enterprise');
    const cust = await customer(o, 'sam@selfsolve.test');
    const t = (await cust.post('/api/v1/tickets', { subject: 'never mind', body: 'found it', priority: 'P2', category: 'billing' })).body;
    expect(t.first_response_due_at).not.toBeNull();
    const solved = (await cust.patch(`/api/v1/tickets/${t.id}`, { status: 'solved' })).body;
    expect(solved.status).toBe('solved');
    expect(solved.first_response_due_at).toBeNull();
    expect(metric(solved, 'first_response').status).toBe('cancelled');
    expect(solved.sla_next_breach_at).toBeNull();
    // Reopening by writing again: the ticket waits on the desk and the desk's next-response clock runs for it.
    await cust.post(`/api/v1/tickets/${t.id}/messages`, { body: 'it is back' });
    const reopened = (await cust.get(`/api/v1/tickets/${t.id}`)).body;
    expect(reopened.status).toBe('open');
    expect(metric(reopened, 'first_response').status).toBe('cancelled');
    expect(reopened.first_response_due_at).toBeNull();
    expect(metric(reopened, 'next_response')).toMatchObject({ status: 'running', target_minutes: 4 * 60 });
    expect(reopened.sla_next_breach_at).toBe(reopened.next_response_due_at);
  });

  it('a first response already missed stays breached after the agent closes the ticket', async () => {
    const o = await org('Late Close Co', 'Enterprise');
    const t = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'late',
        body: 'b',
        organization_id: o,
        requester_email: 'l@late.test',
        priority: 'P1',
        created_at: ago(180),
      })
    ).body;
    const closed = (await k.admin.patch(`/api/v1/tickets/${t.id}`, { status: 'closed' })).body;
    expect(metric(closed, 'first_response')).toMatchObject({ status: 'breached' });
    expect(closed.sla_next_breach_at).toBeNull();
  });
});

describe('the queue keeps plan order for customers waiting on the desk', () => {
  it('an Enterprise customer writing again after the first reply sorts above a new Pro ticket', async () => {
    const ent = await org('Waiting Ent', 'Enterprise');
    const pro = await org('New Pro', 'Pro');
    const entCust = await customer(ent, 'erin@waiting.test');
    const e = (await entCust.post('/api/v1/tickets', { subject: 'ent follow-up', body: 'b', priority: 'P3', category: 'billing' })).body;
    await k.admin.patch(`/api/v1/tickets/${e.id}`, { tags: ['cq1'] });
    await k.admin.post(`/api/v1/tickets/${e.id}/messages`, { body: 'first answer' });
    await entCust.post(`/api/v1/tickets/${e.id}/messages`, { body: 'thanks, but it still fails' });
    const p = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'pro new',
        body: 'b',
        organization_id: pro,
        requester_email: 'p@newpro.test',
        priority: 'P1',
        tags: ['cq1'],
      })
    ).body;
    const waiting = (await k.admin.get(`/api/v1/tickets/${e.id}`)).body;
    expect(metric(waiting, 'first_response').status).toBe('met');
    expect(metric(waiting, 'next_response')).toMatchObject({ status: 'running', target_minutes: 48 * 60 });
    expect(waiting.queue_reason).toMatchObject({ key: 'queue.reason.due', params: { plan: 'Enterprise', metric: 'next_response' } });
    const order = (await k.admin.get('/api/v1/tickets?sort=queue&tag=cq1&limit=10')).body.data.map((x: { subject: string }) => x.subject);
    expect(order).toEqual(['ent follow-up', 'pro new']);
    expect(p.first_response_due_at).not.toBeNull();
  });

  it('with no clock running, tickets are served in plan order, then by age', async () => {
    const ent = await org('Idle Ent', 'Enterprise');
    const free = await org('Idle Free', 'Free');
    const f = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'free older',
        body: 'b',
        organization_id: free,
        requester_email: 'f@idle.test',
        priority: 'P1',
        category: 'billing',
        created_at: ago(600),
        tags: ['cq2'],
      })
    ).body;
    const e = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'ent answered',
        body: 'b',
        organization_id: ent,
        requester_email: 'e@idle.test',
        priority: 'P4',
        tags: ['cq2'],
      })
    ).body;
    await k.admin.post(`/api/v1/tickets/${e.id}/messages`, { body: 'answered; waiting for nothing' });
    expect((await k.admin.get(`/api/v1/tickets/${e.id}`)).body.sla_next_breach_at).toBeNull();
    expect(f.sla_next_breach_at).toBeNull();
    const order = (await k.admin.get('/api/v1/tickets?sort=queue&tag=cq2&limit=10')).body.data.map((x: { subject: string }) => x.subject);
    expect(order).toEqual(['ent answered', 'free older']);
  });
});
