import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../server/modules/auth/principal.ts';
import { csvLine, toCsv } from '../../server/modules/reports/csv.ts';
import { slaOutcomesRepository, type GroupKey } from '../../server/modules/reports/slaOutcomesRepository.ts';
import { importTicket } from '../../server/modules/transfer/importTickets.ts';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

/**
 * SLA reports (docs/reports.md): compliance per plan and priority, the drill-down, response-time
 * percentiles, settings and the status page's measured compliance. Histories are imported at chosen
 * instants, so every figure is known by construction.
 */
let k: TestKefu;
let admin: Principal;
let agent: Caller;
let limited: Caller;
let customer: Caller;
let plan: (name: string) => number;
let ent: number;
let biz: number;
let billing: number;
let network: number;
const ids: Record<string, number> = {};

const MIN = 60_000;
/** The imported histories' anchor: replies around 2026-06-01 12:00 UTC. */
const T = Date.parse('2026-06-01T12:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();
const PERIOD = 'from=2026-06-01&to=2026-06-10';

async function imp(name: string, line: Record<string, unknown>) {
  const r = await importTicket(k.db, { actor: admin, line: { subject: name, requester_email: `${name}@report.test`, ...line } });
  expect(r.ok, JSON.stringify(r)).toBe(true);
  ids[name] = (r as { id: number }).id;
  return ids[name];
}
const customerMsg = (ms: number, body = 'help') => ({ body, author_role: 'customer', created_at: at(ms) });
const agentMsg = (ms: number, body = 'answer') => ({ body, author_role: 'agent', created_at: at(ms) });
type Row = Record<string, any>;
const pick = (rows: Row[], keys: string[]) => rows.map((r) => Object.fromEntries(keys.map((x) => [x, r[x]])));

beforeAll(async () => {
  k = await testKefu();
  expect((await k.admin.post('/api/v1/presets/tiered-support/apply', {})).status).toBe(200);
  const plans = (await k.admin.get('/api/v1/plans')).body.data as Array<{ id: number; name: string }>;
  plan = (n) => plans.find((p) => p.name === n)!.id;
  ent = (await k.admin.post('/api/v1/organizations', { name: 'Ent Co', plan_id: plan('Enterprise') })).body.id;
  biz = (await k.admin.post('/api/v1/organizations', { name: 'Biz Co', plan_id: plan('Business') })).body.id;
  const adminRow = (await k.db.query<{ id: number }>(`select id from people where role = 'admin' order by id limit 1`))[0];
  admin = { kind: 'person', personId: adminRow.id, role: 'admin', organizationId: null, locale: 'en', via: 'token' };

  const person = async (email: string, role: string, organization_id?: number) => {
    const r = await k.admin.post('/api/v1/people', {
      name: email.split('@')[0],
      email,
      role,
      organization_id,
      password: 'Report-pass-123',
    });
    expect(r.status).toBe(201);
    return { id: r.body.id as number, c: await k.signIn(email, 'Report-pass-123') };
  };
  agent = (await person('ada@kefu.test', 'agent')).c;
  const lim = await person('lin@kefu.test', 'agent');
  limited = lim.c;
  customer = (await person('cy@ent.test', 'customer', ent)).c;
  billing = (await k.admin.post('/api/v1/groups', { name: 'Billing', member_ids: [lim.id] })).body.id;
  network = (await k.admin.post('/api/v1/groups', { name: 'Network', member_ids: [] })).body.id;
  expect((await k.admin.patch(`/api/v1/people/${lim.id}`, { ticket_access: 'groups' })).status).toBe(200);

  // Enterprise P1 (first and next response 2 h): A answered after 1 h, then a next response after 15 min; B after 5 h.
  await imp('a', {
    organization_id: ent,
    priority: 'P1',
    created_at: at(T - 60 * MIN),
    messages: [customerMsg(T - 60 * MIN), agentMsg(T), customerMsg(T + 30 * MIN, 'still broken'), agentMsg(T + 45 * MIN)],
  });
  await imp('b', {
    organization_id: ent,
    priority: 'P1',
    created_at: at(T - 300 * MIN),
    messages: [customerMsg(T - 300 * MIN), agentMsg(T)],
  });
  // Enterprise P2 (4 h): C answered after 30 min; E never (breached, still running).
  await imp('c', { organization_id: ent, priority: 'P2', created_at: at(T), messages: [customerMsg(T), agentMsg(T + 30 * MIN)] });
  await imp('e', { organization_id: ent, priority: 'P2', created_at: at(T + 60 * MIN), messages: [customerMsg(T + 60 * MIN)] });
  // Business P3 (SLO 72 h): D answered after 2 h.
  await imp('d', { organization_id: biz, priority: 'P3', created_at: at(T), messages: [customerMsg(T), agentMsg(T + 120 * MIN)] });
  // Groups set after the fact: the outcome rows follow the ticket (the trigger on tickets).
  for (const [n, g] of [
    ['a', billing],
    ['b', billing],
    ['c', network],
    ['d', network],
    ['e', network],
  ] as const)
    expect((await k.admin.patch(`/api/v1/tickets/${ids[n]}`, { group_id: g })).status).toBe(200);
});
afterAll(async () => {
  await k?.stop();
});

const KEYS = ['plan', 'priority', 'metric', 'kind', 'tickets', 'met', 'breached', 'open', 'compliance', 'target_compliance'];

describe('SLA compliance', () => {
  it('per plan and priority, split by metric and kind, sorted by plan rank, priority and metric', async () => {
    const r = await agent.get(`/api/v1/reports/sla?${PERIOD}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(pick(r.body.data, KEYS)).toEqual([
      {
        plan: 'Enterprise',
        priority: 'P1',
        metric: 'first_response',
        kind: 'sla',
        tickets: 2,
        met: 1,
        breached: 1,
        open: 0,
        compliance: 0.5,
        target_compliance: 0.95,
      },
      {
        plan: 'Enterprise',
        priority: 'P1',
        metric: 'next_response',
        kind: 'sla',
        tickets: 1,
        met: 1,
        breached: 0,
        open: 0,
        compliance: 1,
        target_compliance: 0.95,
      },
      {
        plan: 'Enterprise',
        priority: 'P2',
        metric: 'first_response',
        kind: 'sla',
        tickets: 2,
        met: 1,
        breached: 1,
        open: 0,
        compliance: 0.5,
        target_compliance: 0.95,
      },
      {
        plan: 'Business',
        priority: 'P3',
        metric: 'first_response',
        kind: 'slo',
        tickets: 1,
        met: 1,
        breached: 0,
        open: 0,
        compliance: 1,
        target_compliance: 0.9,
      },
    ]);
    const first = r.body.data[0];
    expect(first).toMatchObject({ plan_id: plan('Enterprise'), plan_key: 'enterprise', group_id: null, group: null, channel: null });
    expect(r.body.meta).toMatchObject({
      from: '2026-06-01T00:00:00.000Z',
      to: '2026-06-10T00:00:00.000Z',
      targets: { sla: 0.95, slo: 0.9 },
    });
  });

  it('a period holds the targets that fell due in it: [from, to)', async () => {
    // B fell due at 09:00, A at 13:00, C at 16:00, E at 17:00 (A's next response at 14:30), D three days later.
    const r = await agent.get(`/api/v1/reports/sla?from=2026-06-01T09:00:00Z&to=2026-06-01T16:00:00Z`);
    expect(pick(r.body.data, ['priority', 'metric', 'met', 'breached'])).toEqual([
      { priority: 'P1', metric: 'first_response', met: 1, breached: 1 },
      { priority: 'P1', metric: 'next_response', met: 1, breached: 0 },
    ]);
  });

  it('groups by group and channel on request; keys not asked for are null', async () => {
    const r = await agent.get(`/api/v1/reports/sla?${PERIOD}&group_by=group,metric`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(pick(r.body.data, ['plan', 'priority', 'group', 'group_id', 'metric', 'kind', 'met', 'breached'])).toEqual(
      [
        { plan: null, priority: null, group: 'Billing', group_id: billing, metric: 'first_response', kind: 'sla', met: 1, breached: 1 },
        { plan: null, priority: null, group: 'Network', group_id: network, metric: 'first_response', kind: 'sla', met: 1, breached: 1 },
        { plan: null, priority: null, group: 'Billing', group_id: billing, metric: 'next_response', kind: 'sla', met: 1, breached: 0 },
        { plan: null, priority: null, group: 'Network', group_id: network, metric: 'first_response', kind: 'slo', met: 1, breached: 0 },
      ].sort((x, y) => (x.metric + x.kind).localeCompare(y.metric + y.kind) || x.group.localeCompare(y.group)),
    );
    const ch = await agent.get(`/api/v1/reports/sla?${PERIOD}&group_by=channel`);
    expect(new Set(ch.body.data.map((x: Row) => x.channel))).toEqual(new Set(['api']));
  });

  it('downloads the same rows as CSV', async () => {
    const r = await k.kefu.app.inject({
      method: 'GET',
      url: `/api/v1/reports/sla?${PERIOD}&format=csv`,
      headers: { authorization: await token() },
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.headers['content-disposition']).toBe('attachment; filename="sla-report-2026-06-01-2026-06-10.csv"');
    expect(r.body.split('\r\n')).toEqual([
      '\uFEFFplan,plan_key,priority,group,channel,metric,kind,tickets,met,breached,open,compliance,target_compliance',
      'Enterprise,enterprise,P1,,,first_response,sla,2,1,1,0,0.5,0.95',
      'Enterprise,enterprise,P1,,,next_response,sla,1,1,0,0,1,0.95',
      'Enterprise,enterprise,P2,,,first_response,sla,2,1,1,0,0.5,0.95',
      'Business,business,P3,,,first_response,slo,1,1,0,0,1,0.9',
      '',
    ]);
  });
});

let adminToken: string | null = null;
async function token() {
  adminToken ??= `Bearer ${(await agent.post('/api/v1/tokens', { name: 'csv' })).body.token}`;
  return adminToken;
}

describe('the drill-down', () => {
  it("a row's breached_tickets link lists its breached targets with their minutes", async () => {
    const rows = (await agent.get(`/api/v1/reports/sla?${PERIOD}`)).body.data as Row[];
    const link = rows[0].breached_tickets as string;
    expect(link).toContain(`plan_id=${plan('Enterprise')}`);
    const r = await agent.get(link);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data).toEqual([
      expect.objectContaining({
        ticket_id: ids.b,
        subject: 'b',
        plan: 'Enterprise',
        priority: 'P1',
        metric: 'first_response',
        kind: 'sla',
        due_at: at(T - 180 * MIN),
        stopped_at: at(T),
        outcome: 'breached',
        business_minutes: 300,
        calendar_minutes: 300,
        overdue_minutes: 180,
      }),
    ]);
    expect(r.body.next_cursor).toBeNull();
    // A breached target whose clock still runs: E, due at 17:00.
    const e = await agent.get(rows[2].breached_tickets);
    expect(e.body.data.map((x: Row) => [x.ticket_id, x.due_at, x.stopped_at, x.outcome])).toEqual([
      [ids.e, at(T + 300 * MIN), null, 'breached'],
    ]);
  });

  it('walks met targets in due order, one keyset page at a time', async () => {
    const seen: Array<[string, string]> = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const r: { status: number; body: any } = await agent.get(
        `/api/v1/reports/sla/tickets?${PERIOD}&outcome=met&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      seen.push(...r.body.data.map((x: Row) => [x.subject, x.metric] as [string, string]));
      cursor = r.body.next_cursor;
    }
    expect(seen).toEqual([
      ['a', 'first_response'],
      ['a', 'next_response'],
      ['c', 'first_response'],
      ['d', 'first_response'],
    ]);
    const none = await agent.get(`/api/v1/reports/sla/tickets?${PERIOD}&outcome=met&plan_id=none`);
    expect(none.body.data).toEqual([]);
    expect((await agent.get(`/api/v1/reports/sla/tickets?${PERIOD}&cursor=bm9wZQ`)).status).toBe(400);
  });
});

describe('response times', () => {
  it('gives the same figures whichever way they are computed: plan × priority from its index, other groupings per group', async () => {
    const keys = ['plan_key', 'priority', 'metric', 'kind', 'count', 'business', 'calendar'];
    const byPlanPriority = pick((await agent.get(`/api/v1/reports/response-times?${PERIOD}`)).body.data, keys);
    const withMetric = await agent.get(`/api/v1/reports/response-times?${PERIOD}&group_by=plan,priority,metric`);
    expect(pick(withMetric.body.data, keys)).toEqual(byPlanPriority);
    // Each plan × priority here has tickets of one channel: adding it splits nothing.
    const withChannel = await agent.get(`/api/v1/reports/response-times?${PERIOD}&group_by=plan,priority,channel`);
    expect(withChannel.status).toBe(200);
    expect(withChannel.body.data.every((r: { channel: string | null }) => r.channel != null)).toBe(true);
    expect(pick(withChannel.body.data, keys)).toEqual(byPlanPriority);
  });

  it('group × channel: the same percentiles read in its index order as gathered per group', async () => {
    for (const measure of ['business', 'calendar'] as const) {
      const o = {
        from: new Date(0),
        to: new Date(Date.now() + 86_400_000),
        groupBy: ['group', 'channel'] as GroupKey[],
        actor: admin,
        measure,
      };
      const ordered = await slaOutcomesRepository.responseTimes(k.db, { ...o, inGroupOrder: true });
      const gathered = await slaOutcomesRepository.responseTimes(k.db, { ...o, inGroupOrder: false });
      expect(ordered.length).toBeGreaterThan(1);
      expect(ordered).toEqual(gathered);
    }
  });

  it('p50, p90 and p99 minutes of the clocks that stopped in the period, business and calendar', async () => {
    const r = await agent.get(`/api/v1/reports/response-times?${PERIOD}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const p = (p50: number, p90: number, p99: number) => ({ p50, p90, p99 });
    expect(pick(r.body.data, ['plan', 'plan_key', 'priority', 'metric', 'count', 'business', 'calendar'])).toEqual([
      // 60 and 300 minutes: percentile_cont interpolates.
      {
        plan: 'Enterprise',
        plan_key: 'enterprise',
        priority: 'P1',
        metric: 'first_response',
        count: 2,
        business: p(180, 276, 297.6),
        calendar: p(180, 276, 297.6),
      },
      {
        plan: 'Enterprise',
        plan_key: 'enterprise',
        priority: 'P1',
        metric: 'next_response',
        count: 1,
        business: p(15, 15, 15),
        calendar: p(15, 15, 15),
      },
      {
        plan: 'Enterprise',
        plan_key: 'enterprise',
        priority: 'P2',
        metric: 'first_response',
        count: 1,
        business: p(30, 30, 30),
        calendar: p(30, 30, 30),
      },
      {
        plan: 'Business',
        plan_key: 'business',
        priority: 'P3',
        metric: 'first_response',
        count: 1,
        business: p(120, 120, 120),
        calendar: p(120, 120, 120),
      },
    ]);
    const csv = await k.kefu.app.inject({
      method: 'GET',
      url: `/api/v1/reports/response-times?${PERIOD}&format=csv`,
      headers: { authorization: await token() },
    });
    expect(csv.headers['content-disposition']).toBe('attachment; filename="response-times-2026-06-01-2026-06-10.csv"');
    expect(csv.body.split('\r\n')[1]).toBe('Enterprise,enterprise,P1,,,first_response,sla,2,180,276,297.6,180,276,297.6');
  });
});

describe('who sees reports', () => {
  it('a customer is refused every report', async () => {
    for (const u of [
      `/api/v1/reports/sla?${PERIOD}`,
      `/api/v1/reports/sla/tickets?${PERIOD}`,
      `/api/v1/reports/response-times?${PERIOD}`,
      '/api/v1/reports/settings',
    ])
      expect((await customer.get(u)).status, u).toBe(403);
  });

  it('a customer is refused before the query is looked at, with one message for every report, in their language', async () => {
    // Nonsense a validator would answer with a 400 naming the field: a customer learns nothing from it.
    const urls = [
      '/api/v1/reports/sla?from=garbage',
      '/api/v1/reports/sla/tickets?outcome=nonsense',
      '/api/v1/reports/response-times?group_by=nothing',
      '/api/v1/reports/volume?interval=century',
      '/api/v1/reports/agents?from=x',
      '/api/v1/reports/satisfaction?to=y',
      '/api/v1/reports/settings',
    ];
    const r = await k.admin.post('/api/v1/people', {
      name: '王芳',
      email: 'wang@ent.test',
      role: 'customer',
      organization_id: ent,
      locale: 'zh-CN',
      password: 'Report-pass-123',
    });
    expect(r.status).toBe(201);
    const zh = await k.signIn('wang@ent.test', 'Report-pass-123');
    for (const [who, message] of [
      [customer, 'Reports are for agents and admins.'],
      [zh, '报表仅供客服和管理员查看。'],
    ] as const) {
      for (const u of urls) {
        const res = await who.get(u);
        expect([res.status, res.body.error?.message], u).toEqual([403, message]);
      }
      const put = await who.put('/api/v1/reports/settings', { nonsense: true });
      expect([put.status, put.body.error?.message]).toEqual([403, message]);
    }
    // Exports too: refused as such, whatever the filters say.
    const exp = await customer.get('/api/v1/exports/tickets.csv?status=nonsense');
    expect([exp.status, exp.body.error?.message]).toEqual([403, 'Ticket exports are for agents and admins']);
    // Staff asking the same nonsense are told what is wrong with it.
    expect((await agent.get('/api/v1/reports/sla?from=garbage')).status).toBe(400);
  });

  it("an agent limited to groups sees only their groups' figures and tickets", async () => {
    const r = await limited.get(`/api/v1/reports/sla?${PERIOD}`);
    expect(pick(r.body.data, ['plan', 'priority', 'metric', 'met', 'breached', 'open'])).toEqual([
      { plan: 'Enterprise', priority: 'P1', metric: 'first_response', met: 1, breached: 1, open: 0 },
      { plan: 'Enterprise', priority: 'P1', metric: 'next_response', met: 1, breached: 0, open: 0 },
    ]);
    const t = await limited.get(`/api/v1/reports/sla/tickets?${PERIOD}`);
    expect(t.body.data.map((x: Row) => x.ticket_id)).toEqual([ids.b]);
    const rt = await limited.get(`/api/v1/reports/response-times?${PERIOD}`);
    expect(rt.body.data.map((x: Row) => [x.priority, x.metric, x.count])).toEqual([
      ['P1', 'first_response', 2],
      ['P1', 'next_response', 1],
    ]);
  });

  it('bad periods are a 400', async () => {
    expect((await agent.get('/api/v1/reports/sla?from=2026-06-10&to=2026-06-01')).body.error).toMatchObject({
      message: '`to` must come after `from`.',
      details: { field: 'to' },
    });
    for (const q of [
      'from=2026-06-10&to=2026-06-01',
      'from=2026-06-01&to=2026-06-01',
      'from=yesterday',
      'to=2026-13-45',
      'from=2025-01-01&to=2026-06-01',
      'group_by=planet',
    ])
      for (const path of ['/api/v1/reports/sla', '/api/v1/reports/sla/tickets', '/api/v1/reports/response-times']) {
        const r = await agent.get(`${path}?${q}`);
        expect([q, path, r.status, r.body.error?.code]).toEqual([
          q,
          path,
          path.endsWith('tickets') && q.startsWith('group_by') ? 200 : 400,
          path.endsWith('tickets') && q.startsWith('group_by') ? undefined : 'invalid_request',
        ]);
      }
  });
});

describe('settings and the status page', () => {
  it('targets and the status page flag: staff read, admins change', async () => {
    expect((await agent.get('/api/v1/reports/settings')).body).toEqual({
      compliance_targets: { sla: 0.95, slo: 0.9 },
      status_page_compliance: false,
    });
    expect((await agent.put('/api/v1/reports/settings', { status_page_compliance: true })).status).toBe(403);
    expect((await k.admin.put('/api/v1/reports/settings', { compliance_targets: { sla: 1.5 } })).status).toBe(400);
    const r = await k.admin.put('/api/v1/reports/settings', { compliance_targets: { slo: 0.8 } });
    expect(r.body).toEqual({ compliance_targets: { sla: 0.95, slo: 0.8 }, status_page_compliance: false });
    const rows = (await agent.get(`/api/v1/reports/sla?${PERIOD}`)).body.data as Row[];
    expect(rows.map((x) => x.target_compliance)).toEqual([0.95, 0.95, 0.95, 0.8]);
    await k.admin.put('/api/v1/reports/settings', { compliance_targets: { slo: 0.9 } });
  });

  it('the public status page shows first-response compliance per plan over 30 days only when turned on', async () => {
    const now = Date.now();
    // Due in the last 30 days: Enterprise met (30 min of 2 h) and breached (3 h), Business met (1 h of 8 h).
    await imp('s1', {
      organization_id: ent,
      priority: 'P1',
      created_at: at(now - 3 * 1440 * MIN),
      messages: [customerMsg(now - 3 * 1440 * MIN), agentMsg(now - 3 * 1440 * MIN + 30 * MIN)],
    });
    await imp('s2', {
      organization_id: ent,
      priority: 'P1',
      created_at: at(now - 2 * 1440 * MIN),
      messages: [customerMsg(now - 2 * 1440 * MIN), agentMsg(now - 2 * 1440 * MIN + 180 * MIN)],
    });
    await imp('s3', {
      organization_id: biz,
      priority: 'P1',
      created_at: at(now - 5 * 1440 * MIN),
      messages: [customerMsg(now - 5 * 1440 * MIN), agentMsg(now - 5 * 1440 * MIN + 60 * MIN)],
    });
    const off = await k.anon.get('/api/v1/status');
    expect(off.status).toBe(200);
    expect(off.body).not.toHaveProperty('compliance');
    expect((await k.admin.put('/api/v1/reports/settings', { status_page_compliance: true })).body.status_page_compliance).toBe(true);
    const en = (await k.anon.get('/api/v1/status?lang=en')).body.compliance;
    expect(en).toMatchObject({ metric: 'first_response', period_days: 30 });
    expect(en.plans).toEqual([
      { key: 'enterprise', name: 'Enterprise', name_en: 'Enterprise', name_zh: '企业', met: 1, breached: 1, compliance: 0.5 },
      { key: 'business', name: 'Business', name_en: 'Business', name_zh: 'Business', met: 1, breached: 0, compliance: 1 },
    ]);
    const zh = (await k.anon.get('/api/v1/status?lang=zh-CN')).body.compliance;
    expect(zh.plans.map((p: Row) => p.name)).toEqual(['企业', 'Business']);
    await k.admin.put('/api/v1/reports/settings', { status_page_compliance: false });
    expect((await k.anon.get('/api/v1/status')).body).not.toHaveProperty('compliance');
  });
});

describe('live tickets, judged at now', () => {
  it('first response is met when the reply came before the due time and breached otherwise, with an explicit past created_at', async () => {
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Live Ent', plan_id: plan('Enterprise') })).body.id;
    const mk = async (subject: string, priority: string, minutesAgo: number) => {
      const r = await k.admin.post('/api/v1/tickets', {
        subject,
        body: 'b',
        organization_id: org,
        requester_email: `${subject}@live.test`,
        priority,
        created_at: at(Date.now() - minutesAgo * MIN),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as number;
    };
    // Enterprise P1 (2 h): created 1 h and 5 h before the reply.
    for (const id of [await mk('one-hour', 'P1', 60), await mk('five-hours', 'P1', 300)])
      expect((await k.admin.post(`/api/v1/tickets/${id}/messages`, { body: 'on it' })).status).toBe(201);
    // Enterprise P2 (4 h), no reply yet: 30 min old is open, 5 h old is breached.
    await mk('waiting', 'P2', 30);
    await mk('late', 'P2', 300);
    const period = `from=${at(Date.now() - 1440 * MIN)}&to=${at(Date.now() + 1440 * MIN)}`;
    const r = await agent.get(`/api/v1/reports/sla?${period.replace(/\+/g, '%2B')}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(pick(r.body.data, KEYS)).toEqual([
      {
        plan: 'Enterprise',
        priority: 'P1',
        metric: 'first_response',
        kind: 'sla',
        tickets: 2,
        met: 1,
        breached: 1,
        open: 0,
        compliance: 0.5,
        target_compliance: 0.95,
      },
      {
        plan: 'Enterprise',
        priority: 'P2',
        metric: 'first_response',
        kind: 'sla',
        tickets: 2,
        met: 0,
        breached: 1,
        open: 1,
        compliance: 0,
        target_compliance: 0.95,
      },
    ]);
    const open = await agent.get(`/api/v1/reports/sla/tickets?${period}&outcome=open`);
    expect(open.body.data.map((x: Row) => [x.subject, x.outcome, x.overdue_minutes])).toEqual([['waiting', 'open', 0]]);
  });
});

describe('the outcome rows', () => {
  it('follow every write of the ticket: a priority change, a metric gone, the state gone', async () => {
    const rows = () =>
      k.db.query<{ metric: string; priority: string; status: string }>(
        `select metric, priority, status from sla_outcomes where ticket_id = $1 order by metric`,
        [ids.a],
      );
    expect(await rows()).toEqual([
      { metric: 'first_response', priority: 'P1', status: 'met' },
      { metric: 'next_response', priority: 'P1', status: 'met' },
    ]);
    expect((await k.admin.patch(`/api/v1/tickets/${ids.a}`, { priority: 'P2' })).status).toBe(200);
    expect((await rows()).map((r) => r.priority)).toEqual(['P2', 'P2']);
    // A state without next_response (written by any writer, here plain SQL) removes that row.
    await k.db.query(
      `update tickets set sla_state = jsonb_set(sla_state, '{metrics}', (select jsonb_agg(m) from jsonb_array_elements(sla_state -> 'metrics') m where m ->> 'metric' <> 'next_response')) where id = $1`,
      [ids.a],
    );
    expect((await rows()).map((r) => r.metric)).toEqual(['first_response']);
    await k.db.query(`update tickets set sla_state = null where id = $1`, [ids.a]);
    expect(await rows()).toEqual([]);
  });
});

describe('the CSV writer', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', null, undefined, 3, -4, true])).toBe(
      'a,"b,c","say ""hi""","two\nlines",,,3,-4,true\r\n',
    );
    expect(csvLine(['=SUM(A1)', '+1', '-2', '@x', '\tt', '\rr'])).toBe(`'=SUM(A1),'+1,'-2,'@x,'\tt,"'\rr"\r\n`);
    expect(toCsv(['h'], [['x'], ['=1,2']])).toBe(`h\r\nx\r\n"'=1,2"\r\n`);
  });
});
