import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { splitSql } from '../../server/db/migrate.ts';
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

const escalateAt = (at: Date) => jobDefinition('sla.escalate')!.handler({}, { db: k.db, now: () => at, log: { info() {}, error() {} } });

it('records the breach that follows a warning at the same due instant, once, and keeps no ticket unchecked', async () => {
  const ent = (await k.admin.get('/api/v1/plans')).body.data.find((p: { name: string }) => p.name === 'Enterprise').id;
  const org = (await k.admin.post('/api/v1/organizations', { name: 'Warn Then Breach Co', plan_id: ent })).body.id;
  // P1 = 2 h: created 1 h 50 min ago, due in 10 minutes (inside the default 15-minute warning).
  const t = (
    await k.admin.post('/api/v1/tickets', {
      subject: 'warned first',
      body: 'b',
      organization_id: org,
      requester_email: 'wtb@x.test',
      priority: 'P1',
      created_at: new Date(Date.now() - 110 * 60_000).toISOString(),
    })
  ).body;
  await escalateAt(new Date());
  const types = async () => (await events(t.id)).map((e) => e.type).filter((x) => x.startsWith('sla.'));
  expect(await types()).toEqual(['sla.warning']);
  const after = new Date(Date.parse(t.first_response_due_at) + 60_000);
  await escalateAt(after);
  await escalateAt(new Date(after.getTime() + 60_000));
  expect(await types()).toEqual(['sla.warning', 'sla.breached']);
  const breached = (await events(t.id)).find((e) => e.type === 'sla.breached')!;
  expect(breached.data).toMatchObject({ metric: 'first_response', due_at: t.first_response_due_at });
});

it('warning_minutes 0 means no warnings; the breach is still recorded', async () => {
  expect((await k.admin.patch('/api/v1/sla/settings', { warning_minutes: 0 })).body).toEqual({ warning_minutes: 0 });
  expect((await k.admin.get('/api/v1/sla/settings')).body).toEqual({ warning_minutes: 0 });
  try {
    const ent = (await k.admin.get('/api/v1/plans')).body.data.find((p: { name: string }) => p.name === 'Enterprise').id;
    const org = (await k.admin.post('/api/v1/organizations', { name: 'No Warnings Co', plan_id: ent })).body.id;
    const t = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'no warning',
        body: 'b',
        organization_id: org,
        requester_email: 'nw@x.test',
        priority: 'P1',
        created_at: new Date(Date.now() - 119 * 60_000).toISOString(),
      })
    ).body;
    await escalateAt(new Date());
    const types = async () => (await events(t.id)).map((e) => e.type).filter((x) => x.startsWith('sla.'));
    expect(await types()).toEqual([]);
    await escalateAt(new Date(Date.parse(t.first_response_due_at) + 1_000));
    expect(await types()).toEqual(['sla.breached']);
  } finally {
    await k.admin.patch('/api/v1/sla/settings', { warning_minutes: 15 });
  }
});

it('an installation upgraded from the single escalation list records no breach twice and loses no ticket (migration 0030)', async () => {
  const ent = (await k.admin.get('/api/v1/plans')).body.data.find((p: { name: string }) => p.name === 'Enterprise').id;
  const org = (await k.admin.post('/api/v1/organizations', { name: 'Upgrade Co', plan_id: ent })).body.id;
  const mk = async (subject: string) =>
    (
      await k.admin.post('/api/v1/tickets', {
        subject,
        body: 'b',
        organization_id: org,
        requester_email: `${subject.replace(/\W/g, '')}@upgrade.test`,
        priority: 'P1',
        created_at: new Date(Date.now() - 180 * 60_000).toISOString(),
      })
    ).body;
  // Both overdue: one had its breach recorded under the old list, one only a warning (the breach swallowed, no next check).
  const recorded = await mk('recorded breach');
  const swallowed = await mk('swallowed breach');
  const key = (t: { first_response_due_at: string }) => `first_response:${Date.parse(t.first_response_due_at)}`;
  for (const t of [recorded, swallowed])
    await k.db.query(
      `update tickets set sla_state = (sla_state - 'escalations') || jsonb_build_object('escalated', jsonb_build_array($2::text)), sla_check_at = null where id = $1`,
      [t.id, key(t)],
    );
  await k.db.query(
    `insert into ticket_events (ticket_id, type, data) values ($1, 'sla.breached', jsonb_build_object('metric', 'first_response', 'due_at', $2::text))`,
    [recorded.id, recorded.first_response_due_at],
  );
  const sql = readFileSync(new URL('../../server/db/migrations/0030_sla_escalations.sql', import.meta.url), 'utf8');
  for (const stmt of splitSql(sql)) await k.db.query(stmt);
  await escalateAt(new Date());
  const types = async (id: number) => (await events(id)).map((e) => e.type).filter((x) => x.startsWith('sla.'));
  expect(await types(recorded.id)).toEqual(['sla.breached']);
  expect(await types(swallowed.id)).toEqual(['sla.breached']);
});
