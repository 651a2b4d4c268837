import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDefinition } from '../../server/jobs/registry.ts';
import { runLifecycle } from '../../server/modules/lifecycle/runLifecycle.ts';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
let agent: Caller;
let cust: Caller;
const DAY = 86_400_000;
const log = { info() {}, error() {} };

const open = async (subject: string) => {
  const r = await cust.post('/api/v1/tickets', { subject, body: `${subject}.` });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; number: number };
};
const get = async (id: number) => (await agent.get(`/api/v1/tickets/${id}`)).body;
const lastEvent = async (id: number) =>
  (
    (await agent.get(`/api/v1/tickets/${id}/events`)).body.data as Array<{ type: string; actor: unknown; data: Record<string, unknown> }>
  ).at(-1)!;
/** Moves a ticket's lifecycle stamp into the past, as if days had gone by. */
const ago = (col: 'solved_at' | 'pending_since', id: number, days: number) =>
  k.db.query(`update tickets set ${col} = now() - make_interval(secs => $2) where id = $1`, [id, days * 86_400]);
/** Runs the queued email.notify jobs as the worker would. */
async function notifyMail() {
  const jobs = await k.db.query<{ payload: Record<string, unknown> }>(
    `update jobs set status = 'done' where name = 'email.notify' and status = 'queued' returning payload`,
  );
  for (const j of jobs) await jobDefinition('email.notify')!.handler(j.payload, { db: k.db, now: () => new Date(), log });
}
const reminders = async (ticketId: number) =>
  (await k.db.query(`select id from outbound_emails where ticket_id = $1 and kind = 'pending_reminder'`, [ticketId])).length;

beforeAll(async () => {
  k = await testKefu();
  await k.admin.post('/api/v1/people', { name: 'Li Lei', email: 'lilei@kefu.test', role: 'agent', password: 'Pass-word-123' });
  agent = await k.signIn('lilei@kefu.test', 'Pass-word-123');
  await k.admin.post('/api/v1/people', { name: 'Han Meimei', email: 'han@acme.test', role: 'customer', password: 'Pass-word-123' });
  cust = await k.signIn('han@acme.test', 'Pass-word-123');
});
afterAll(async () => {
  await k?.stop();
});

describe('lifecycle settings', () => {
  it('solved tickets close after 4 days by default; reminders and auto-solve are off; admins change them', async () => {
    expect((await agent.get('/api/v1/settings/lifecycle')).body).toEqual({
      auto_close_days: 4,
      pending_reminder_days: null,
      pending_solve_days: null,
    });
    expect((await agent.patch('/api/v1/settings/lifecycle', { auto_close_days: 2 })).status).toBe(403);
    expect((await cust.get('/api/v1/settings/lifecycle')).status).toBe(403);
    const bad = await k.admin.patch('/api/v1/settings/lifecycle', { pending_reminder_days: 5, pending_solve_days: 5 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.field).toBe('pending_reminder_days');
    expect((await k.admin.patch('/api/v1/settings/lifecycle', { auto_close_days: 0 })).status).toBe(400);
    const ok = await k.admin.patch('/api/v1/settings/lifecycle', { pending_reminder_days: 2, pending_solve_days: 5 });
    expect(ok.body).toEqual({ auto_close_days: 4, pending_reminder_days: 2, pending_solve_days: 5 });
  });
});

describe('the lifecycle rules', () => {
  it('closes a ticket solved more than 4 days ago, by rule, and leaves a recent one', async () => {
    const old = await open('Old and solved');
    const fresh = await open('Just solved');
    for (const t of [old, fresh]) await agent.patch(`/api/v1/tickets/${t.id}`, { status: 'solved' });
    await ago('solved_at', old.id, 5);
    await ago('solved_at', fresh.id, 3);
    const r = await runLifecycle(k.db, new Date());
    expect(r.closed).toBeGreaterThanOrEqual(1);
    expect((await get(old.id)).status).toBe('closed');
    expect((await get(fresh.id)).status).toBe('solved');
    expect(await lastEvent(old.id)).toMatchObject({
      type: 'ticket.updated',
      actor: null,
      data: { changes: { status: ['solved', 'closed'] }, rule: 'auto_close' },
    });
    // Running again changes nothing.
    const again = await runLifecycle(k.db, new Date());
    expect(again.closed).toBe(0);
  });

  it('reminds a waiting customer once by mail, then solves the ticket; an answer in between wins', async () => {
    const t = await open('Waiting on you');
    await agent.post(`/api/v1/tickets/${t.id}/messages`, { body: 'Which browser do you use?', status: 'pending' });
    await ago('pending_since', t.id, 3);
    await runLifecycle(k.db, new Date());
    expect(await lastEvent(t.id)).toMatchObject({ type: 'ticket.reminded', data: { after_days: 2 } });
    await notifyMail();
    expect(await reminders(t.id)).toBe(1);
    await runLifecycle(k.db, new Date());
    await notifyMail();
    expect(await reminders(t.id)).toBe(1);
    await ago('pending_since', t.id, 6);
    await runLifecycle(k.db, new Date());
    expect((await get(t.id)).status).toBe('solved');
    expect(await lastEvent(t.id)).toMatchObject({
      type: 'ticket.updated',
      data: { changes: { status: ['pending', 'solved'] }, rule: 'pending_solve' },
    });

    const answered = await open('Answered in time');
    await agent.post(`/api/v1/tickets/${answered.id}/messages`, { body: 'Can you send a screenshot?', status: 'pending' });
    await cust.post(`/api/v1/tickets/${answered.id}/messages`, { body: 'Here it is.' });
    await ago('pending_since', answered.id, 6);
    await runLifecycle(k.db, new Date());
    expect((await get(answered.id)).status).toBe('open');
  });

  it('a snoozed ticket is on hold until its time, then reopens by itself', async () => {
    const t = await open('Call me back Monday');
    const until = new Date(Date.now() + 3600_000).toISOString();
    const s = await agent.post(`/api/v1/tickets/${t.id}/snooze`, { until });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body.status).toBe('on_hold');
    await runLifecycle(k.db, new Date());
    expect((await get(t.id)).status).toBe('on_hold');
    await runLifecycle(k.db, new Date(Date.now() + 2 * 3600_000));
    expect((await get(t.id)).status).toBe('open');
    expect(await lastEvent(t.id)).toMatchObject({
      type: 'ticket.updated',
      data: { changes: { status: ['on_hold', 'open'] }, rule: 'snooze_ended' },
    });

    expect((await agent.post(`/api/v1/tickets/${t.id}/snooze`, { until: new Date(Date.now() - 1000).toISOString() })).status).toBe(400);
    expect((await agent.post(`/api/v1/tickets/${t.id}/snooze`, { until: new Date(Date.now() + 400 * DAY).toISOString() })).status).toBe(
      400,
    );
    expect((await agent.post(`/api/v1/tickets/${t.id}/snooze`, { until: 'tomorrow' })).status).toBe(400);
    expect((await cust.post(`/api/v1/tickets/${t.id}/snooze`, { until })).status).toBe(403);
    // Ending a snooze early reopens it now.
    await agent.post(`/api/v1/tickets/${t.id}/snooze`, { until });
    const end = await agent.post(`/api/v1/tickets/${t.id}/snooze`, { until: null });
    expect(end.body.status).toBe('open');
    await agent.patch(`/api/v1/tickets/${t.id}`, { status: 'solved' });
    expect((await agent.post(`/api/v1/tickets/${t.id}/snooze`, { until })).status).toBe(409);
  });
});
