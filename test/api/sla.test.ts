import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

const shanghai = {
  timezone: 'Asia/Shanghai',
  weekly: {
    mon: [['08:00', '17:30']],
    tue: [['08:00', '17:30']],
    wed: [['08:00', '17:30']],
    thu: [['08:00', '17:30']],
    fri: [['08:00', '17:30']],
    sat: [['08:00', '17:30']],
    sun: [],
  },
  holidays: [{ date: '2026-10-01' }, { date: '2026-12-24', from: '12:00', to: '24:00' }],
  extra_workdays: [{ date: '2026-10-11', hours: [['08:00', '17:30']] }],
};

describe('calendar preview', () => {
  it('answers due, elapsed and next_open', async () => {
    // Friday 2026-11-20 17:20 Shanghai + 60 min → Saturday 08:50 (Mon–Sat hours).
    let r = await k.admin.post('/api/v1/calendars/preview', {
      calendar: shanghai,
      op: 'due',
      start: '2026-11-20T17:20:00+08:00',
      minutes: 60,
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ due: '2026-11-21T00:50:00.000Z' });
    // A budget that runs out exactly at closing time is due then.
    r = await k.admin.post('/api/v1/calendars/preview', { calendar: shanghai, op: 'due', start: '2026-11-20T17:00:00+08:00', minutes: 30 });
    expect(r.body.due).toBe('2026-11-20T09:30:00.000Z');
    // Saturday 17:20 → Monday 08:50.
    r = await k.admin.post('/api/v1/calendars/preview', { calendar: shanghai, op: 'due', start: '2026-11-21T17:20:00+08:00', minutes: 60 });
    expect(r.body.due).toBe('2026-11-23T00:50:00.000Z');
    r = await k.admin.post('/api/v1/calendars/preview', {
      calendar: shanghai,
      op: 'elapsed',
      start: '2026-11-20T17:00:00+08:00',
      end: '2026-11-21T09:00:00+08:00',
    });
    expect(r.body).toEqual({ minutes: 90 });
    r = await k.admin.post('/api/v1/calendars/preview', { calendar: shanghai, op: 'next_open', start: '2026-11-22T12:00:00+08:00' });
    expect(r.body).toEqual({ next_open: '2026-11-23T00:00:00.000Z' });
    // Fractions of a minute.
    r = await k.admin.post('/api/v1/calendars/preview', {
      calendar: shanghai,
      op: 'due',
      start: '2026-11-20T10:00:00+08:00',
      minutes: 0.5,
    });
    expect(r.body.due).toBe('2026-11-20T02:00:30.000Z');
  });

  it('a malformed calendar is a 422 naming the bad field', async () => {
    const bad = { ...shanghai, weekly: { ...shanghai.weekly, mon: [['08:00', '25:00']] } };
    const r = await k.admin.post('/api/v1/calendars/preview', { calendar: bad, op: 'due', start: '2026-11-20T10:00:00Z', minutes: 5 });
    expect(r.status).toBe(422);
    expect(r.body.error.details.field).toMatch(/^calendar\.weekly\.mon/);
    const tz = await k.admin.post('/api/v1/calendars/preview', {
      calendar: { ...shanghai, timezone: 'Mars/Olympus' },
      op: 'due',
      start: '2026-11-20T10:00:00Z',
      minutes: 5,
    });
    expect(tz.status).toBe(422);
    expect(tz.body.error.details.field).toBe('calendar.timezone');
  });
});

describe('tiered-support preset', () => {
  it('gives each plan and priority its first-response due time, none for Free, and orders the queue', async () => {
    const applied = await k.admin.post('/api/v1/presets/tiered-support/apply', {});
    expect(applied.status).toBe(200);
    const again = await k.admin.post('/api/v1/presets/tiered-support/apply', {});
    expect(again.body.plans).toEqual(applied.body.plans);
    const plans = (await k.admin.get('/api/v1/plans')).body.data as Array<{ id: number; name: string }>;
    expect(plans.map((p) => p.name)).toEqual(['Enterprise', 'Business', 'Pro', 'Free']);
    const plan = (n: string) => plans.find((p) => p.name === n)!.id;
    const org = async (name: string, planName: string, addons: string[] = []) =>
      (await k.admin.post('/api/v1/organizations', { name, plan_id: plan(planName), addons })).body.id as number;
    const ent = await org('Ent Co', 'Enterprise');
    const prem = await org('Prem Co', 'Enterprise', ['premium']);
    const biz = await org('Biz Co', 'Business');
    const pro = await org('Pro Co', 'Pro');
    const free = await org('Free Co', 'Free');
    const created = '2026-11-20T10:00:00.000Z';
    const ticket = async (orgId: number, priority: string, createdAt = created, email = `r${orgId}@x.test`) =>
      (
        await k.admin.post('/api/v1/tickets', {
          subject: `t ${orgId} ${priority}`,
          body: 'b',
          organization_id: orgId,
          requester_email: email,
          priority,
          created_at: createdAt,
          category: 'billing',
        })
      ).body;
    const h = (n: number) => new Date(Date.parse(created) + n * 3600_000).toISOString();
    const cases: Array<[number, string, string | null, string | null]> = [
      [prem, 'P1', h(1), 'sla'],
      [prem, 'P3', h(24), 'sla'],
      [ent, 'P1', h(2), 'sla'],
      [ent, 'P2', h(4), 'sla'],
      [ent, 'P3', h(48), 'sla'],
      [ent, 'P4', h(48), 'sla'],
      [biz, 'P1', h(8), 'slo'],
      [biz, 'P2', h(12), 'slo'],
      [biz, 'P4', h(72), 'slo'],
      [pro, 'P1', h(120), 'slo'],
      [pro, 'P4', h(120), 'slo'],
      [free, 'P1', null, null],
    ];
    for (const [o, p, due, kind] of cases) {
      const t = await ticket(o, p);
      expect({ o, p, due: t.first_response_due_at, kind: t.sla?.kind ?? null }).toEqual({ o, p, due, kind });
    }
  });

  it('lists the queue by breach time, then plan rank, priority and age; no-target tickets last, oldest first', async () => {
    const plans = (await k.admin.get('/api/v1/plans')).body.data as Array<{ id: number; name: string }>;
    const plan = (n: string) => plans.find((p) => p.name === n)!.id;
    const mk = async (name: string, planName: string) =>
      (await k.admin.post('/api/v1/organizations', { name, plan_id: plan(planName) })).body.id as number;
    const ent = await mk('Q Ent', 'Enterprise');
    const biz = await mk('Q Biz', 'Business');
    const free = await mk('Q Free', 'Free');
    // Solve everything from the previous test so only these remain unsolved.
    for (const t of (await k.admin.get('/api/v1/tickets?sort=queue&limit=100')).body.data)
      await k.admin.patch(`/api/v1/tickets/${t.id}`, { status: 'solved' });
    const at = (m: number) => new Date(Date.parse('2026-11-20T10:00:00Z') + m * 60_000).toISOString();
    const make = async (orgId: number, priority: string, createdAt: string, subject: string) =>
      (
        await k.admin.post('/api/v1/tickets', {
          subject,
          body: 'b',
          organization_id: orgId,
          requester_email: `q${orgId}@x.test`,
          priority,
          created_at: createdAt,
          category: 'billing',
        })
      ).body;
    await make(free, 'P1', at(0), 'free-old');
    await make(free, 'P4', at(-10), 'free-older');
    await make(biz, 'P1', at(0), 'biz-p1'); // due +8h
    await make(ent, 'P3', at(0), 'ent-p3'); // due +48h
    await make(ent, 'P1', at(0), 'ent-p1'); // due +2h
    await make(ent, 'P2', at(-120), 'ent-p2-early'); // due +2h as well (4h from two hours earlier): ties → plan rank, then priority
    await make(biz, 'P2', at(-240), 'biz-p2'); // due +8h (12h from 4h earlier): tie with biz-p1 → P1 first
    const q = await k.admin.get('/api/v1/tickets?sort=queue&limit=3');
    const page2 = await k.admin.get(`/api/v1/tickets?sort=queue&limit=10&cursor=${q.body.next_cursor}`);
    const order = [...q.body.data, ...page2.body.data].map((t: { subject: string }) => t.subject);
    expect(order).toEqual(['ent-p1', 'ent-p2-early', 'biz-p1', 'biz-p2', 'ent-p3', 'free-older', 'free-old']);
    const first = q.body.data[0];
    expect(first.queue_reason.key).toMatch(/^queue\.reason\.(due|overdue)$/);
    expect(first.queue_reason.params).toMatchObject({ plan: 'Enterprise', priority: 'P1', metric: 'first_response' });
    expect(page2.body.data.at(-1).queue_reason.key).toBe('queue.reason.no_target');
  });

  it('an agent reply meets the first-response target and pending pauses nothing that is met', async () => {
    const plans = (await k.admin.get('/api/v1/plans')).body.data as Array<{ id: number; name: string }>;
    const orgId = (await k.admin.post('/api/v1/organizations', { name: 'Reply Co', plan_id: plans[0].id })).body.id;
    const t = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'x',
        body: 'y',
        organization_id: orgId,
        requester_email: 'rr@x.test',
        priority: 'P1',
      })
    ).body;
    expect(t.sla_next_breach_at).toBe(t.first_response_due_at);
    await k.admin.post(`/api/v1/tickets/${t.id}/messages`, { body: 'on it' });
    const after = (await k.admin.get(`/api/v1/tickets/${t.id}`)).body;
    const fr = after.sla.metrics.find((m: { metric: string }) => m.metric === 'first_response');
    expect(fr.status).toBe('met');
    expect(after.sla_next_breach_at).toBeNull();
  });

  it('a reply sent with "solved" meets the first-response target (the solve follows its reply), and the report counts it met', async () => {
    const plans = (await k.admin.get('/api/v1/plans')).body.data as Array<{ id: number; name: string }>;
    const orgId = (await k.admin.post('/api/v1/organizations', { name: 'Solve Co', plan_id: plans[0].id })).body.id;
    const t = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'x',
        body: 'y',
        organization_id: orgId,
        requester_email: 'ss@x.test',
        priority: 'P1',
      })
    ).body;
    const r = await k.admin.post(`/api/v1/tickets/${t.id}/messages`, { body: 'fixed', status: 'solved' });
    expect(r.status).toBe(201);
    const after = (await k.admin.get(`/api/v1/tickets/${t.id}`)).body;
    expect(after.status).toBe('solved');
    expect(after.first_response_at).not.toBeNull();
    const fr = after.sla.metrics.find((m: { metric: string }) => m.metric === 'first_response');
    expect(fr).toMatchObject({ status: 'met', breached_at: null });
    expect(after.queue_reason.key).not.toBe('queue.reason.no_target');
  });
});
