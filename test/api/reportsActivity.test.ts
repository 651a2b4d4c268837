import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../server/modules/auth/principal.ts';
import { addMessage } from '../../server/modules/tickets/addMessage.ts';
import { updateTicket } from '../../server/modules/tickets/updateTicket.ts';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

/**
 * The volume and agents reports (docs/exports.md) over a history built at chosen instants:
 * created, solved, closed without solving, reopened and merged tickets, replies and first responses.
 *
 *   T1 2025-10-30 10:00 Acme   email billing  Billing  Alice   Bob replies 10-30 12:00 (first), Alice 11-01 10:00; solved 11-02 09:00
 *   T2 2025-10-31 10:00 Globex web                     Bob     Bob replies 11-01 10:00 (first: 1440 min); open
 *   T3 2025-10-20 10:00 Globex web                             solved 10-25 10:00
 *   T4 2025-10-28 10:00 Globex web                     Alice   solved 10-29 10:00; the customer writes 11-03 12:00: reopened
 *   T5 2025-11-01 08:00 Acme   email billing  Billing  Alice   Alice replies 09:00 (first: 60 min), a note 09:30; solved 12:00
 *   T6 2025-11-02 09:00 Globex web            Billing  Bob     Alice replies 10:30 (first: 90 min); closed 11-04 10:00
 *   T7 2025-11-03 23:30 —      web                             Bob replies 11-04 00:30 (first: 60 min); open
 *   T8 2025-11-05 10:00 Acme   web                             merged into T9
 *   T9 2025-11-07 10:00 Acme   web                     Lin     Lin replies 12:00 (first: 120 min); open
 *   T10 2025-11-09 10:00 Acme  web                             after the period
 */
let k: TestKefu;
let lin: Caller; // agent limited to the Billing group
let customer: Caller;
const people: Record<'alice' | 'bob' | 'lin', { id: number; principal: Principal }> = {} as never;
const T: Record<string, { id: number; requester_id: number; organization_id: number | null }> = {};
let plans: { gold: number; basic: number };
let orgs: { acme: number; globex: number };

const staffPrincipal = (id: number): Principal => ({
  kind: 'person',
  personId: id,
  role: 'agent',
  organizationId: null,
  locale: 'en',
  via: 'token',
});
const at = (s: string) => new Date(`2025-${s}:00Z`);

async function ticket(name: string, o: Record<string, unknown>) {
  const r = await k.admin.post('/api/v1/tickets', {
    subject: `Ticket ${name}`,
    body: 'Help',
    requester_email: `${name.toLowerCase()}@cust.test`,
    channel: 'web',
    override_entitlement: true,
    ...o,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  T[name] = r.body;
  return r.body.id as number;
}
const reply = (who: 'alice' | 'bob' | 'lin', name: string, when: string, internal = false) =>
  addMessage(k.db, { actor: people[who].principal, ticketId: T[name].id, input: { body: 'On it', internal }, now: at(when) });
const setStatus = (name: string, status: 'solved' | 'closed', when: string) =>
  updateTicket(k.db, { actor: people.alice.principal, id: T[name].id, input: { status }, now: at(when) });

beforeAll(async () => {
  k = await testKefu();
  for (const [key, name] of [
    ['alice', 'Alice'],
    ['bob', 'Bob'],
    ['lin', 'Lin'],
  ] as const) {
    const r = await k.admin.post('/api/v1/people', { name, email: `${key}@kefu.test`, role: 'agent', password: 'Report-pass-123' });
    expect(r.status).toBe(201);
    people[key] = { id: r.body.id, principal: staffPrincipal(r.body.id) };
  }
  const billing = (await k.admin.post('/api/v1/groups', { name: 'Billing', member_ids: [people.alice.id, people.lin.id] })).body.id;
  await k.admin.post('/api/v1/groups', { name: 'Network', member_ids: [people.bob.id] });
  plans = {
    gold: (await k.admin.post('/api/v1/plans', { key: 'gold', name: 'Gold', rank: 1 })).body.id,
    basic: (await k.admin.post('/api/v1/plans', { key: 'basic', name: 'Basic', rank: 2 })).body.id,
  };
  orgs = {
    acme: (await k.admin.post('/api/v1/organizations', { name: 'Acme', plan_id: plans.gold })).body.id,
    globex: (await k.admin.post('/api/v1/organizations', { name: 'Globex', plan_id: plans.basic })).body.id,
  };
  const { alice, bob, lin: l } = people;
  await ticket('T1', {
    created_at: at('10-30T10:00'),
    organization_id: orgs.acme,
    channel: 'email',
    category: 'billing',
    group_id: billing,
    assignee_id: alice.id,
  });
  await ticket('T2', { created_at: at('10-31T10:00'), organization_id: orgs.globex, assignee_id: bob.id });
  await ticket('T3', { created_at: at('10-20T10:00'), organization_id: orgs.globex });
  await ticket('T4', { created_at: at('10-28T10:00'), organization_id: orgs.globex, assignee_id: alice.id });
  await ticket('T5', {
    created_at: at('11-01T08:00'),
    organization_id: orgs.acme,
    channel: 'email',
    category: 'billing',
    group_id: billing,
    assignee_id: alice.id,
  });
  await ticket('T6', { created_at: at('11-02T09:00'), organization_id: orgs.globex, group_id: billing, assignee_id: bob.id });
  await ticket('T7', { created_at: at('11-03T23:30') });
  await ticket('T8', { created_at: at('11-05T10:00'), organization_id: orgs.acme });
  await ticket('T9', { created_at: at('11-07T10:00'), organization_id: orgs.acme, assignee_id: l.id });
  await ticket('T10', { created_at: at('11-09T10:00'), organization_id: orgs.acme });

  await reply('bob', 'T1', '10-30T12:00');
  await reply('alice', 'T1', '11-01T10:00');
  await setStatus('T1', 'solved', '11-02T09:00');
  await reply('bob', 'T2', '11-01T10:00');
  await setStatus('T3', 'solved', '10-25T10:00');
  await setStatus('T4', 'solved', '10-29T10:00');
  const requester: Principal = {
    kind: 'person',
    personId: T.T4.requester_id,
    role: 'customer',
    organizationId: orgs.globex,
    locale: 'en',
    via: 'token',
  };
  await addMessage(k.db, { actor: requester, ticketId: T.T4.id, input: { body: 'Still broken' }, now: at('11-03T12:00') });
  await reply('alice', 'T5', '11-01T09:00');
  await reply('alice', 'T5', '11-01T09:30', true);
  await setStatus('T5', 'solved', '11-01T12:00');
  await reply('alice', 'T6', '11-02T10:30');
  await setStatus('T6', 'closed', '11-04T10:00');
  await reply('bob', 'T7', '11-04T00:30');
  await reply('lin', 'T9', '11-07T12:00');
  expect((await k.admin.post(`/api/v1/tickets/${T.T8.id}/merge`, { target_id: T.T9.id })).status).toBe(200);

  expect((await k.admin.patch(`/api/v1/people/${people.lin.id}`, { ticket_access: 'groups' })).status).toBe(200);
  lin = await k.signIn('lin@kefu.test', 'Report-pass-123');
  await k.admin.post('/api/v1/people', {
    name: 'Cora',
    email: 'cora@globex.test',
    role: 'customer',
    organization_id: orgs.globex,
    password: 'Report-pass-123',
  });
  customer = await k.signIn('cora@globex.test', 'Report-pass-123');
});
afterAll(async () => {
  await k?.stop();
});

type Row = { period: string; key: unknown; label: unknown; created: number; solved: number; backlog: number };
const triples = (rows: Row[]) => rows.map((r) => [r.period, r.created, r.solved, r.backlog]);
const NOV = 'from=2025-11-01&to=2025-11-08';

describe('GET /api/v1/reports/volume', () => {
  it('counts created, solved and the backlog per day, every day present; merged tickets not at all', async () => {
    const r = await k.admin.get(`/api/v1/reports/volume?${NOV}&tz=UTC`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.meta).toEqual({
      from: '2025-11-01T00:00:00.000Z',
      to: '2025-11-08T00:00:00.000Z',
      interval: 'day',
      tz: 'UTC',
      group_by: null,
    });
    // Backlog at the start: T1, T2 and T4 (reopened: its old solve no longer counts).
    expect(triples(r.body.data)).toEqual([
      ['2025-11-01', 1, 1, 3],
      ['2025-11-02', 1, 1, 3],
      ['2025-11-03', 1, 0, 4],
      ['2025-11-04', 0, 1, 3],
      ['2025-11-05', 0, 0, 3],
      ['2025-11-06', 0, 0, 3],
      ['2025-11-07', 1, 0, 4],
    ]);
    expect(r.body.data.every((x: Row) => x.key === null && x.label === null)).toBe(true);
  });

  it('buckets by local day in a time zone, dates being midnights there', async () => {
    const r = await k.admin.get(`/api/v1/reports/volume?${NOV}&tz=Asia/Shanghai`);
    expect(r.status).toBe(200);
    expect(r.body.meta).toMatchObject({ from: '2025-10-31T16:00:00.000Z', to: '2025-11-07T16:00:00.000Z', tz: 'Asia/Shanghai' });
    // T7 (23:30 UTC on the 3rd) is the 4th in Shanghai.
    expect(triples(r.body.data)).toEqual([
      ['2025-11-01', 1, 1, 3],
      ['2025-11-02', 1, 1, 3],
      ['2025-11-03', 0, 0, 3],
      ['2025-11-04', 1, 1, 3],
      ['2025-11-05', 0, 0, 3],
      ['2025-11-06', 0, 0, 3],
      ['2025-11-07', 1, 0, 4],
    ]);
  });

  it('follows daylight saving time: New York days are 23, 24 or 25 hours long', async () => {
    const r = await k.admin.get(`/api/v1/reports/volume?${NOV}&tz=America/New_York`);
    expect(r.status).toBe(200);
    // 1 November is a summer-time midnight (UTC−4), 8 November a winter-time one (UTC−5).
    expect(r.body.meta).toMatchObject({ from: '2025-11-01T04:00:00.000Z', to: '2025-11-08T05:00:00.000Z', tz: 'America/New_York' });
    expect(triples(r.body.data)).toEqual([
      ['2025-11-01', 1, 1, 3],
      ['2025-11-02', 1, 1, 3],
      ['2025-11-03', 1, 0, 4],
      ['2025-11-04', 0, 1, 3],
      ['2025-11-05', 0, 0, 3],
      ['2025-11-06', 0, 0, 3],
      ['2025-11-07', 1, 0, 4],
    ]);
  });

  it('buckets by ISO week (Monday), the first and last clipped to the period', async () => {
    const r = await k.admin.get(`/api/v1/reports/volume?${NOV}&tz=UTC&interval=week`);
    expect(triples(r.body.data)).toEqual([
      ['2025-10-27', 2, 2, 3],
      ['2025-11-03', 2, 1, 4],
    ]);
  });

  it('groups by plan (by rank; no plan last) with keys and names', async () => {
    const r = await k.admin.get(`/api/v1/reports/volume?${NOV}&tz=UTC&interval=week&group_by=plan`);
    expect(r.body.data.map((x: Row) => [x.period, x.key, x.label, x.created, x.solved, x.backlog])).toEqual([
      ['2025-10-27', 'gold', 'Gold', 1, 2, 0],
      ['2025-10-27', 'basic', 'Basic', 1, 0, 3],
      ['2025-10-27', null, null, 0, 0, 0],
      ['2025-11-03', 'gold', 'Gold', 1, 0, 1],
      ['2025-11-03', 'basic', 'Basic', 0, 1, 2],
      ['2025-11-03', null, null, 1, 0, 1],
    ]);
  });

  it('groups by channel', async () => {
    const r = await k.admin.get(`/api/v1/reports/volume?${NOV}&tz=UTC&interval=week&group_by=channel`);
    expect(r.body.data.map((x: Row) => [x.period, x.key, x.label, x.created, x.solved, x.backlog])).toEqual([
      ['2025-10-27', 'email', 'email', 1, 2, 0],
      ['2025-10-27', 'web', 'web', 1, 0, 3],
      ['2025-11-03', 'email', 'email', 0, 0, 0],
      ['2025-11-03', 'web', 'web', 2, 1, 4],
    ]);
  });

  it('groups by organization: the top 20 by tickets created, then one "other" row', async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 22; i++) {
      const id = (await k.admin.post('/api/v1/organizations', { name: `Org ${String(i).padStart(2, '0')}` })).body.id as number;
      ids.push(id);
      await ticket(`S${i}`, { created_at: at('09-02T10:00'), organization_id: id });
      await setStatus(`S${i}`, 'solved', '09-03T10:00');
    }
    // One more for Org 22: it ranks first; Org 01…Org 19 follow (ties by id), Org 20 and 21 are "other".
    await ticket('S23', { created_at: at('09-04T10:00'), organization_id: ids[21] });
    await setStatus('S23', 'solved', '09-05T10:00');
    const r = await k.admin.get('/api/v1/reports/volume?from=2025-09-01&to=2025-09-08&tz=UTC&interval=week&group_by=organization');
    expect(r.status).toBe(200);
    const rows = r.body.data.map((x: Row) => [x.key, x.label, x.created, x.solved, x.backlog]);
    expect(rows).toEqual([
      [ids[21], 'Org 22', 2, 2, 0],
      ...ids.slice(0, 19).map((id, i) => [id, `Org ${String(i + 1).padStart(2, '0')}`, 1, 1, 0]),
      ['other', 'Other organizations', 2, 2, 0],
    ]);
  });

  it("defaults to the desk's time zone (its standard-hours calendar, else email.time_zone), else UTC", async () => {
    expect((await k.admin.get(`/api/v1/reports/volume?${NOV}`)).body.meta.tz).toBe('UTC');
    await k.db.query(`insert into settings (key, value) values ('email.time_zone', '"Asia/Shanghai"')`);
    try {
      const r = await k.admin.get(`/api/v1/reports/volume?${NOV}`);
      expect(r.body.meta.tz).toBe('Asia/Shanghai');
      expect(r.body.data[3]).toMatchObject({ period: '2025-11-04', created: 1, solved: 1, backlog: 3 });
    } finally {
      await k.db.query(`delete from settings where key = 'email.time_zone'`);
    }
  });

  it("a group-limited agent counts only their groups' tickets and those assigned to them", async () => {
    // Billing: T1, T5, T6; assigned to Lin: T9.
    const r = await lin.get(`/api/v1/reports/volume?${NOV}&tz=UTC`);
    expect(r.status).toBe(200);
    expect(triples(r.body.data)).toEqual([
      ['2025-11-01', 1, 1, 1],
      ['2025-11-02', 1, 1, 1],
      ['2025-11-03', 0, 0, 1],
      ['2025-11-04', 0, 1, 0],
      ['2025-11-05', 0, 0, 0],
      ['2025-11-06', 0, 0, 0],
      ['2025-11-07', 1, 0, 1],
    ]);
  });

  it('downloads the same rows as CSV (UTF-8 with a byte order mark)', async () => {
    const r = await k.admin.get(`/api/v1/reports/volume?${NOV}&tz=UTC&interval=week&group_by=plan&format=csv`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="volume-report-2025-11-01-2025-11-08.csv"');
    expect(r.body).toBe(
      '\uFEFFperiod,key,label,created,solved,backlog\r\n' +
        '2025-10-27,gold,Gold,1,2,0\r\n2025-10-27,basic,Basic,1,0,3\r\n2025-10-27,,,0,0,0\r\n' +
        '2025-11-03,gold,Gold,1,0,1\r\n2025-11-03,basic,Basic,0,1,2\r\n2025-11-03,,,1,0,1\r\n',
    );
  });

  it('refuses customers (403) and bad input (400)', async () => {
    expect((await customer.get(`/api/v1/reports/volume?${NOV}`)).status).toBe(403);
    for (const q of [
      'tz=Nowhere/Land',
      'interval=month',
      'group_by=priority',
      'from=2025-11-08&to=2025-11-01',
      'from=yesterday',
      'from=2024-01-01&to=2025-11-01',
      'from=2025-02-30',
      'format=xml',
    ])
      expect((await k.admin.get(`/api/v1/reports/volume?${q}`)).status, q).toBe(400);
  });
});

describe('GET /api/v1/reports/agents', () => {
  const figures = (rows: Array<Record<string, unknown>>) =>
    rows.map((r) => [r.name, r.replies, r.solved, r.median_first_response_minutes, r.open_now]);

  it('per agent: public replies, solved, median first response (calendar minutes), open now; most replies first', async () => {
    const r = await k.admin.get(`/api/v1/reports/agents?${NOV}&tz=UTC`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(figures(r.body.data)).toEqual([
      ['Alice', 3, 2, 75, 1],
      ['Bob', 2, 1, 750, 1],
      ['Lin', 1, 0, 120, 1],
      ['Admin', 0, 0, null, 0],
    ]);
    expect(r.body.data[0].agent_id).toBe(people.alice.id);
  });

  it("a group-limited agent sees their groups' members, counted over their scope only", async () => {
    const r = await lin.get(`/api/v1/reports/agents?${NOV}&tz=UTC`);
    expect(r.status).toBe(200);
    // Alice's open T4 (no group) and Bob (not in Billing) are outside Lin's scope.
    expect(figures(r.body.data)).toEqual([
      ['Alice', 3, 2, 75, 0],
      ['Lin', 1, 0, 120, 1],
    ]);
  });

  it('downloads CSV; refuses customers and bad periods', async () => {
    const r = await k.admin.get(`/api/v1/reports/agents?${NOV}&tz=UTC&format=csv`);
    expect(r.status).toBe(200);
    expect(r.body.split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFagent_id,name,replies,solved,median_first_response_minutes,open_now',
      `${people.alice.id},Alice,3,2,75,1`,
      `${people.bob.id},Bob,2,1,750,1`,
    ]);
    expect((await customer.get(`/api/v1/reports/agents?${NOV}`)).status).toBe(403);
    expect((await k.admin.get('/api/v1/reports/agents?from=2025-11-08&to=2025-11-01')).status).toBe(400);
    expect((await k.admin.get('/api/v1/reports/agents?tz=Mars/Olympus')).status).toBe(400);
  });
});
