import { afterAll, beforeAll, expect, it } from 'vitest';
import { jobDefinition } from '../../server/jobs/registry.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

const runEscalation = () => jobDefinition('sla.escalate')!.handler({}, { db: k.db, now: () => new Date(), log: { info() {}, error() {} } });
const events = async (id: number) => (await k.admin.get(`/api/v1/tickets/${id}/events`)).body.data as Array<{ type: string; data: any }>;

it('warns before a breach and marks the breach, once each', async () => {
  await k.admin.post('/api/v1/presets/tiered-support/apply', {});
  const ent = (await k.admin.get('/api/v1/plans')).body.data.find((p: { name: string }) => p.name === 'Enterprise').id;
  const org = (await k.admin.post('/api/v1/organizations', { name: 'Esc Co', plan_id: ent })).body.id;
  const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
  // P1 = 2 h. One created 1 h 50 min ago (due in 10 min: inside the 15-minute warning), one 3 h ago (breached).
  const soon = (
    await k.admin.post('/api/v1/tickets', {
      subject: 'soon',
      body: 'b',
      organization_id: org,
      requester_email: 'e1@x.test',
      priority: 'P1',
      created_at: ago(110),
    })
  ).body;
  const late = (
    await k.admin.post('/api/v1/tickets', {
      subject: 'late',
      body: 'b',
      organization_id: org,
      requester_email: 'e2@x.test',
      priority: 'P1',
      created_at: ago(180),
    })
  ).body;
  const calm = (
    await k.admin.post('/api/v1/tickets', {
      subject: 'calm',
      body: 'b',
      organization_id: org,
      requester_email: 'e3@x.test',
      priority: 'P1',
    })
  ).body;
  await runEscalation();
  await runEscalation();
  const types = async (id: number) => (await events(id)).map((e) => e.type).filter((t) => t.startsWith('sla.'));
  expect(await types(soon.id)).toEqual(['sla.warning']);
  expect(await types(late.id)).toEqual(['sla.breached']);
  expect(await types(calm.id)).toEqual([]);
  const lateNow = (await k.admin.get(`/api/v1/tickets/${late.id}`)).body;
  expect(lateNow.sla.metrics[0].status).toBe('breached_running');
  expect(lateNow.queue_reason.key).toBe('queue.reason.overdue');
  // The overdue ticket heads the queue.
  expect((await k.admin.get('/api/v1/tickets?sort=queue&limit=1')).body.data[0].id).toBe(late.id);
});

it('changing the priority recomputes the due time from the ticket history', async () => {
  const ent = (await k.admin.get('/api/v1/plans')).body.data.find((p: { name: string }) => p.name === 'Enterprise').id;
  const org = (await k.admin.post('/api/v1/organizations', { name: 'Prio Co', plan_id: ent })).body.id;
  const createdAt = new Date(Date.now() - 60 * 60_000);
  const t = (
    await k.admin.post('/api/v1/tickets', {
      subject: 'p',
      body: 'b',
      organization_id: org,
      requester_email: 'p@x.test',
      priority: 'P3',
      created_at: createdAt.toISOString(),
    })
  ).body;
  expect(t.first_response_due_at).toBe(new Date(createdAt.getTime() + 48 * 3600_000).toISOString());
  const up = (await k.admin.patch(`/api/v1/tickets/${t.id}`, { priority: 'P2' })).body;
  expect(up.first_response_due_at).toBe(new Date(createdAt.getTime() + 4 * 3600_000).toISOString());
});

it('pending pauses the clock and the customer reply resumes it', async () => {
  const ent = (await k.admin.get('/api/v1/plans')).body.data.find((p: { name: string }) => p.name === 'Enterprise').id;
  const org = (await k.admin.post('/api/v1/organizations', { name: 'Pause Co', plan_id: ent })).body.id;
  const cust = (
    await k.admin.post('/api/v1/people', { name: 'Pat', email: 'pat@pause.test', organization_id: org, password: 'Pat-pass-123' })
  ).body;
  const t = (await k.admin.post('/api/v1/tickets', { subject: 'p', body: 'b', requester_id: cust.id, priority: 'P1' })).body;
  const paused = (await k.admin.patch(`/api/v1/tickets/${t.id}`, { status: 'pending' })).body;
  expect(paused.first_response_due_at).toBeNull();
  expect(paused.sla_next_breach_at).toBeNull();
  expect(paused.queue_reason.key).toBe('queue.reason.paused');
  const pat = await k.signIn('pat@pause.test', 'Pat-pass-123');
  await pat.post(`/api/v1/tickets/${t.id}/messages`, { body: 'here is more info' });
  const resumed = (await k.admin.get(`/api/v1/tickets/${t.id}`)).body;
  expect(resumed.status).toBe('open');
  expect(Date.parse(resumed.first_response_due_at)).toBeGreaterThanOrEqual(Date.parse(t.first_response_due_at));
});
