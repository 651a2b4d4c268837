import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_EVENTS, type TicketEventName } from '../../server/domain/tickets/events.ts';
import { processorsFor } from '../../server/jobs/registry.ts';
import { recordDeliveryFailure } from '../../server/modules/email/recordDeliveryFailure.ts';
import { importTicket } from '../../server/modules/transfer/importTickets.ts';
import type { Principal } from '../../server/modules/auth/principal.ts';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

/**
 * The one ticket-change path: every kind of change records exactly one typed event per ticket it
 * touches, and in the same transaction the jobs of exactly the processors that declare that event,
 * each job naming the event that enqueued it.
 */
let k: TestKefu;
let agent: Caller;
let agentId: number;
let cust: Caller;
let orgId: number;
let custId: number;

type Ev = { id: number; ticket_id: number; type: TicketEventName; data: Record<string, unknown>; actor_id: number | null };
type Job = { id: number; name: string; payload: Record<string, unknown> };

/** Runs `action` and answers the events and jobs it added. */
async function during(action: () => Promise<unknown>) {
  const mark = async () => ({
    e: Number((await k.db.query<{ n: number }>(`select coalesce(max(id), 0)::int8 as n from ticket_events`))[0].n),
    j: Number((await k.db.query<{ n: number }>(`select coalesce(max(id), 0)::int8 as n from jobs`))[0].n),
  });
  const before = await mark();
  await action();
  const events = await k.db.query<Ev>(`select id, ticket_id, type, data, actor_id from ticket_events where id > $1 order by id`, [
    before.e,
  ]);
  const jobs = await k.db.query<Job>(`select id, name, payload from jobs where id > $1 and payload ? 'event' order by id`, [before.j]);
  return { events, jobs };
}

/**
 * Each event's jobs are exactly its processors', and each job points at its event. A new ticket's
 * processors also depend on who it concerns as created (its actor, assignee and group).
 */
async function expectJobsFor(events: Ev[], jobs: Job[], o: { imported?: boolean } = {}) {
  const expected: string[] = [];
  for (const e of events) {
    let newTicket;
    if (e.type === 'ticket.created') {
      const [t] = await k.db.query<{ requester_id: number; assignee_id: number | null; group_id: number | null; channel: string }>(
        `select requester_id, assignee_id, group_id, channel from tickets where id = $1`,
        [e.ticket_id],
      );
      newTicket = { actorId: e.actor_id, requesterId: t.requester_id, assigneeId: t.assignee_id, groupId: t.group_id, channel: t.channel };
    }
    for (const name of processorsFor(e.type, { ...o, newTicket })) expected.push(`${name}@${e.id}`);
  }
  expected.sort();
  const got = jobs.map((j) => `${j.name}@${j.payload.event_id}`).sort();
  expect(got).toEqual(expected);
  for (const j of jobs) {
    const e = events.find((x) => x.id === j.payload.event_id)!;
    expect(j.payload.event).toBe(e.type);
    expect(j.payload.ticket_id).toBe(e.ticket_id);
  }
}

const open = async (subject = 'Printer on fire') => {
  const r = await cust.post('/api/v1/tickets', { subject, body: 'Smoke everywhere.' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; number: number };
};

beforeAll(async () => {
  k = await testKefu();
  await k.admin.post('/api/v1/presets/business-hours/apply', {});
  const plans = (await k.admin.get('/api/v1/plans')).body.data as Array<{ id: number; name: string }>;
  orgId = (await k.admin.post('/api/v1/organizations', { name: 'Acme', plan_id: plans.find((p) => p.name === 'Paid product')!.id })).body
    .id;
  agentId = (await k.admin.post('/api/v1/people', { name: 'Li Lei', email: 'lilei@kefu.test', role: 'agent', password: 'Pass-word-123' }))
    .body.id;
  agent = await k.signIn('lilei@kefu.test', 'Pass-word-123');
  custId = (
    await k.admin.post('/api/v1/people', {
      name: 'Han Meimei',
      email: 'han@acme.test',
      role: 'customer',
      password: 'Pass-word-123',
      organization_id: orgId,
    })
  ).body.id;
  cust = await k.signIn('han@acme.test', 'Pass-word-123');
});
afterAll(async () => {
  await k?.stop();
});

describe('one path for every ticket change', () => {
  it('every event name is declared once, and processors only declare names from the list', () => {
    expect(new Set(TICKET_EVENTS).size).toBe(TICKET_EVENTS.length);
    expect(TICKET_EVENTS).toEqual(
      expect.arrayContaining([
        'ticket.created',
        'ticket.updated',
        'message.added',
        'ticket.merged',
        'sla.warning',
        'sla.breached',
        'incident.consumed',
      ]),
    );
    for (const name of TICKET_EVENTS) for (const p of processorsFor(name)) expect(typeof p).toBe('string');
    // Someone must handle the events that tell people things.
    expect(processorsFor('message.added').length).toBeGreaterThan(0);
    expect(processorsFor('ticket.created').length).toBeGreaterThan(0);
  });

  it('creating a ticket records ticket.created with its jobs', async () => {
    let t!: { id: number };
    const { events, jobs } = await during(async () => {
      t = await open();
    });
    expect(events.map((e) => [e.ticket_id, e.type])).toEqual([[t.id, 'ticket.created']]);
    expect(events[0].data).toMatchObject({ subject: 'Printer on fire', priority: 'P3', status: 'new' });
    await expectJobsFor(events, jobs);
    // Neither group nor assignee: no agent to tell, so no notifier job; and the customer opened it
    // themselves, so no "we received your request" mail either (they saw the ticket appear): no job.
    expect(jobs).toEqual([]);
    // Opened by an agent for the customer: the requester's acknowledgement job.
    const byAgent = await during(async () => {
      const r = await agent.post('/api/v1/tickets', { subject: 'Called in: printer on fire', body: 'By phone.', requester_id: custId });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    });
    await expectJobsFor(byAgent.events, byAgent.jobs);
    expect(byAgent.jobs.map((j) => j.name)).toEqual(['email.notify']);
  });

  it('a reply, a note, a field change and a status change each record one event', async () => {
    const t = await open();
    const reply = await during(() => agent.post(`/api/v1/tickets/${t.id}/messages`, { body: 'On it.' }));
    expect(reply.events.map((e) => e.type)).toEqual(['message.added']);
    expect(reply.events[0].data).toMatchObject({ internal: false, author_role: 'staff', status: ['new', 'open'] });
    await expectJobsFor(reply.events, reply.jobs);

    const note = await during(() =>
      agent.post(`/api/v1/tickets/${t.id}/messages`, { body: 'Customer is on the Pro plan', internal: true }),
    );
    expect(note.events.map((e) => [e.type, e.data.internal])).toEqual([['message.added', true]]);
    await expectJobsFor(note.events, note.jobs);

    const field = await during(() => agent.patch(`/api/v1/tickets/${t.id}`, { priority: 'P1', add_tags: ['fire'] }));
    expect(field.events.map((e) => e.type)).toEqual(['ticket.updated']);
    expect(field.events[0].data.changes).toEqual({ priority: ['P3', 'P1'], tags: [[], ['fire']] });
    await expectJobsFor(field.events, field.jobs);

    const nothing = await during(() => agent.patch(`/api/v1/tickets/${t.id}`, { priority: 'P1' }));
    expect(nothing.events).toEqual([]);
    expect(nothing.jobs).toEqual([]);

    const solved = await during(() => agent.patch(`/api/v1/tickets/${t.id}`, { status: 'solved' }));
    expect(solved.events.map((e) => [e.type, e.data.changes])).toEqual([['ticket.updated', { status: ['open', 'solved'] }]]);
    await expectJobsFor(solved.events, solved.jobs);
    const row = (await agent.get(`/api/v1/tickets/${t.id}`)).body;
    expect(row.status).toBe('solved');
    expect(row.solved_at).toBeTruthy();

    // The status rules are the domain's, whichever use case asks: no way back to new.
    const back = await during(() => agent.patch(`/api/v1/tickets/${t.id}`, { status: 'new' }));
    expect(back.events).toEqual([]);
  });

  it('a refused change records nothing and enqueues nothing', async () => {
    const t = await open();
    await agent.patch(`/api/v1/tickets/${t.id}`, { status: 'closed' });
    const r = await during(async () => {
      expect((await cust.post(`/api/v1/tickets/${t.id}/messages`, { body: 'one more thing' })).status).toBe(409);
    });
    expect(r.events).toEqual([]);
    expect(r.jobs).toEqual([]);
  });

  it('a merge records ticket.merged on both tickets, once each', async () => {
    const a = await open('First report');
    const b = await open('Second report');
    const r = await during(() => agent.post(`/api/v1/tickets/${a.id}/merge`, { target_id: b.id }));
    expect(r.events.map((e) => [e.ticket_id, e.type, e.data])).toEqual([
      [b.id, 'ticket.merged', { from: a.id }],
      [a.id, 'ticket.merged', { into: b.id }],
    ]);
    await expectJobsFor(r.events, r.jobs);
    const src = (await agent.get(`/api/v1/tickets/${a.id}`)).body;
    expect(src.status).toBe('closed');
    expect(src.closed_at).toBeTruthy();
  });

  it('a wrong verification code records one security event; a paid incident charge records one', async () => {
    const t = await open();
    const v = await during(async () => {
      expect((await agent.post(`/api/v1/tickets/${t.id}/verify`, { code: '000000' })).status).toBe(422);
    });
    expect(v.events.map((e) => e.type)).toEqual(['security.verification_failed']);
    await expectJobsFor(v.events, v.jobs);

    const bought = await k.admin.post(`/api/v1/organizations/${orgId}/purchases`, {
      service: 'incident',
      quantity: 1,
      order_ref: 'ORDER-1',
      marketplace: 'aliyun',
    });
    expect(bought.status, JSON.stringify(bought.body)).toBe(201);
    const c = await during(async () => {
      expect((await agent.post(`/api/v1/tickets/${t.id}/consume-incident`)).status).toBe(200);
    });
    expect(c.events.map((e) => [e.type, e.data.reason, e.data.balance])).toEqual([['incident.consumed', 'charged_by_agent', 0]]);
    await expectJobsFor(c.events, c.jobs);
  });

  it('a delivery failure records email.failed through the same path', async () => {
    const t = await open();
    const [out] = await k.db.query<{ id: number }>(
      `insert into outbound_emails (dedupe_key, ticket_id, kind, from_addr, to_addrs, subject, text, html, rfc_message_id)
       values ('test:' || $1::text, $1::int8, 'agent_reply', 'help@kefu.test', '{han@acme.test}', 's', 'b', '<p>b</p>', '<t' || $1::text || '@kefu.test>') returning id`,
      [t.id],
    );
    const r = await during(() => k.db.tx((q) => recordDeliveryFailure(q, out.id, 'bounced', '550 no such user')));
    expect(r.events.map((e) => [e.ticket_id, e.type, e.data.status])).toEqual([[t.id, 'email.failed', 'bounced']]);
    await expectJobsFor(r.events, r.jobs);
  });

  it('an import records the history, marked imported, and enqueues nothing', async () => {
    const adminRow = (await k.admin.get('/api/v1/me')).body;
    const admin: Principal = { kind: 'person', personId: adminRow.id, role: 'admin', organizationId: null, locale: 'en', via: 'token' };
    let id = 0;
    const r = await during(async () => {
      const res = await importTicket(k.db, {
        actor: admin,
        line: {
          subject: 'Old ticket',
          requester_email: 'old@acme.test',
          status: 'solved',
          created_at: '2024-01-01T08:00:00Z',
          solved_at: '2024-01-02T08:00:00Z',
          messages: [
            { body: 'It broke', author_role: 'customer' },
            { body: 'Fixed', author_role: 'agent', created_at: '2024-01-01T09:00:00Z' },
          ],
        },
      });
      expect(res.ok, JSON.stringify(res)).toBe(true);
      id = (res as { id: number }).id;
    });
    expect(r.events.map((e) => [e.ticket_id, e.type])).toEqual([
      [id, 'ticket.created'],
      [id, 'message.added'],
      [id, 'ticket.updated'],
    ]);
    for (const e of r.events) expect(e.data.imported).toBe(true);
    expect(r.jobs).toEqual([]);
  });

  it('an agent opening a ticket for an assignee records one creation, with its jobs', async () => {
    const r = await during(() =>
      agent.post('/api/v1/tickets', {
        subject: 'Caller on the phone',
        body: 'Rang about billing',
        requester_email: 'han@acme.test',
        channel: 'phone',
        assignee_id: agentId,
      }),
    );
    expect(r.events.map((e) => [e.type, e.data.channel])).toEqual([['ticket.created', 'phone']]);
    await expectJobsFor(r.events, r.jobs);
  });
});
