import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../server/modules/auth/principal.ts';
import { activityRepository, type CountRow, type Interval } from '../../server/modules/reports/activityRepository.ts';
import { foldRollups } from '../../server/modules/reports/foldRollups.ts';
import { wholeHourOffsets } from '../../server/modules/reports/reportZone.ts';
import { addMessage } from '../../server/modules/tickets/addMessage.ts';
import { updateTicket } from '../../server/modules/tickets/updateTicket.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * The hourly roll-ups (migration 0033, adr/0005-report-queries.md addendum) answer exactly what the
 * tickets answer: a random history (created at any minute, solved, closed unsolved, reopened,
 * re-categorised, reassigned after solving, merged, with replies and first responses) is counted both
 * ways over periods that start and end inside an hour, in several time zones, before a fold, after it
 * and with deltas pending again.
 */
let k: TestKefu;
let admin: Principal;
const staff = (id: number): Principal => ({
  kind: 'person',
  personId: id,
  role: 'agent',
  organizationId: null,
  locale: 'en',
  via: 'token',
});
const HOUR = 3_600_000;
const base = Date.parse('2025-10-01T00:00:00Z');

// A small deterministic generator: the same history on every run and both databases.
let seed = 20251205;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;

const DIMS = ['', 'channel', 'category', 'plan'] as const;
const key = (dim: (typeof DIMS)[number]) => () => (dim === '' ? 'null::text' : dim === 'plan' ? 't.plan_id::text' : `t.${dim}`);
const sorted = (rows: CountRow[]) =>
  rows
    .filter((r) => r.n !== 0)
    .map((r) => `${r.kind}|${r.period ?? ''}|${r.k ?? ''}|${r.n}`)
    .sort();
/** The live rows as the rolled query gives them: backlog summed per key, zero rows left out (the report fills zeros in). */
const normalise = (rows: CountRow[]) => {
  const m = new Map<string, CountRow>();
  for (const r of rows) {
    const id = `${r.kind}|${r.period ?? ''}|${r.k ?? ''}`;
    const cur = m.get(id);
    m.set(id, cur ? { ...cur, n: cur.n + r.n } : { ...r });
  }
  return sorted([...m.values()]);
};

async function compareAll(label: string) {
  const periods: Array<[number, number]> = [
    [base + 17 * 60_000, base + 61 * 24 * HOUR - 7 * 60_000], // inside hours at both ends
    [base + 10 * 24 * HOUR, base + 40 * 24 * HOUR], // whole hours
    [base + 20 * 24 * HOUR + 5 * 60_000, base + 20 * 24 * HOUR + 50 * 60_000], // inside one hour
    [base + 30 * 24 * HOUR + 30 * 60_000, base + 31 * 24 * HOUR + 30 * 60_000],
  ];
  let compared = 0;
  for (const [from, to] of periods)
    for (const tz of ['UTC', 'Asia/Shanghai', 'America/New_York', 'Europe/London'])
      for (const interval of ['day', 'week'] as Interval[])
        for (const dim of DIMS) {
          const o = { from: new Date(from), to: new Date(to), tz, interval };
          expect(wholeHourOffsets(tz, o.from, o.to)).toBe(true);
          const live = await activityRepository.volumeCounts(k.db, { ...o, key: key(dim), scope: () => null });
          const rolled = await activityRepository.rolledVolumeCounts(k.db, { ...o, dim });
          expect(sorted(rolled), `${label}: ${new Date(from).toISOString()} ${tz} ${interval} ${dim || 'all'}`).toEqual(normalise(live));
          compared++;
        }
  // Solved per assignee (the agents report): rolled (no group limit) against a limit that keeps every ticket.
  const ids = (await k.db.query<{ id: number }>(`select id from people where role in ('agent', 'admin')`)).map((r) => Number(r.id));
  for (const [from, to] of periods) {
    const o = { from: new Date(from), to: new Date(to), ids };
    const rolled = await activityRepository.agentFigures(k.db, { ...o, scope: () => null });
    const live = await activityRepository.agentFigures(k.db, { ...o, scope: () => 'true' });
    const figures = (rows: typeof live) =>
      rows.map((r) => [r.id, r.solved, r.replies, r.median_first_response_minutes]).sort((x, y) => Number(x[0]) - Number(y[0]));
    expect(figures(rolled), `${label}: agents ${new Date(from).toISOString()}`).toEqual(figures(live));
    // Replies and first responses as they were found before messages carried the figure: joined to
    // the ticket, a reply being the first response when it is at the ticket's first_response_at.
    const joined = await k.db.query<{ id: number; replies: number; median: number | null }>(
      `select m.author_id as id, count(*)::int as replies,
              percentile_cont(0.5) within group (order by extract(epoch from (m.created_at - t.created_at))::float8 / 60)
                filter (where t.first_response_at = m.created_at) as median
         from messages m join tickets t on t.id = m.ticket_id
        where not m.internal and m.author_id = any($3::bigint[]) and m.created_at >= $1 and m.created_at < $2
          and m.author_id <> t.requester_id
        group by m.author_id`,
      [o.from, o.to, ids],
    );
    for (const j of joined) {
      const f = rolled.find((r) => r.id === Number(j.id));
      expect([f?.replies, f?.median_first_response_minutes], `${label}: replies of ${j.id}`).toEqual([
        Number(j.replies),
        j.median == null ? null : Math.round(Number(j.median) * 10) / 10,
      ]);
    }
  }
  return compared;
}

beforeAll(async () => {
  k = await testKefu();
  const agents: number[] = [];
  for (const name of ['Ada', 'Ben']) {
    const r = await k.admin.post('/api/v1/people', {
      name,
      email: `${name.toLowerCase()}@kefu.test`,
      role: 'agent',
      password: 'Rollup-pass-123',
    });
    agents.push(r.body.id);
  }
  admin = { kind: 'person', personId: agents[0], role: 'admin', organizationId: null, locale: 'en', via: 'token' };
  // An agent's own ticket: their messages on it are not replies; a colleague's answer is its first response.
  const own = await k.admin.post('/api/v1/tickets', {
    subject: 'My laptop',
    body: 'It broke',
    requester_id: agents[0],
    channel: 'web',
    created_at: new Date(base + 3 * 24 * HOUR + 7 * 60_000).toISOString(),
  });
  expect(own.status, JSON.stringify(own.body)).toBe(201);
  await addMessage(k.db, {
    actor: staff(agents[0]),
    ticketId: own.body.id,
    input: { body: 'Still broken' },
    now: new Date(base + 3 * 24 * HOUR + HOUR),
  });
  await addMessage(k.db, {
    actor: staff(agents[1]),
    ticketId: own.body.id,
    input: { body: 'Fixed' },
    now: new Date(base + 3 * 24 * HOUR + 2 * HOUR),
  });
  const plan = (await k.admin.post('/api/v1/plans', { key: 'gold', name: 'Gold', rank: 1 })).body.id;
  const orgs = [(await k.admin.post('/api/v1/organizations', { name: 'Acme', plan_id: plan })).body.id, null];

  const ids: number[] = [];
  for (let i = 0; i < 70; i++) {
    const created = minute(base + rand() * 60 * 24 * HOUR);
    const r = await k.admin.post('/api/v1/tickets', {
      subject: `Rolled ${i}`,
      body: 'Help',
      requester_email: `r${i}@cust.test`,
      channel: pick(['web', 'email', 'phone'] as const),
      ...(rand() < 0.5 ? { category: pick(['billing', 'account']) } : {}),
      ...(rand() < 0.6 ? { organization_id: pick(orgs) } : {}),
      ...(rand() < 0.5 ? { assignee_id: pick(agents) } : {}),
      created_at: new Date(created).toISOString(),
      override_entitlement: true,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids.push(r.body.id);
    const later = (h: number) => new Date(minute(created + rand() * h * HOUR));
    // Replies: a first response, sometimes a second reply or an internal note, never after the ticket's status changes below.
    if (rand() < 0.7) {
      const first = later(30);
      await addMessage(k.db, { actor: staff(pick(agents)), ticketId: r.body.id, input: { body: 'On it' }, now: first });
      if (rand() < 0.4) {
        const next = new Date(first.getTime() + minute(rand() * 20 * HOUR));
        await addMessage(k.db, {
          actor: staff(pick(agents)),
          ticketId: r.body.id,
          input: { body: 'More', internal: rand() < 0.3 },
          now: next,
        });
      }
    }
    const roll = rand();
    if (roll < 0.45) {
      await updateTicket(k.db, { actor: admin, id: r.body.id, input: { status: 'solved' }, now: later(72) });
      const then = rand();
      if (then < 0.3) await updateTicket(k.db, { actor: admin, id: r.body.id, input: { status: 'open' }, now: later(200) });
      else if (then < 0.55)
        await updateTicket(k.db, { actor: admin, id: r.body.id, input: { assignee_id: pick(agents) }, now: later(100) });
    } else if (roll < 0.6) await updateTicket(k.db, { actor: admin, id: r.body.id, input: { status: 'closed' }, now: later(300) });
    else if (roll < 0.7) await updateTicket(k.db, { actor: admin, id: r.body.id, input: { category: 'abuse' }, now: later(5) });
  }
  // Merges: a merged ticket counts nowhere, in either way of counting.
  // Acme's tickets, into ones that are not closed (a closed ticket takes no merge); tickets without
  // replies, as a merged reply keeps counting as the first response it was (docs/exports.md) while
  // the join below would judge it against its new ticket.
  const open = await k.db.query<{ id: number }>(
    `select t.id from tickets t
      where t.status <> 'closed' and t.organization_id = $1
        and not exists (select 1 from messages m where m.ticket_id = t.id and m.author_id <> t.requester_id)
      order by t.id limit 6`,
    [orgs[0]],
  );
  for (let i = 0; i < 6; i += 2) {
    const r = await k.admin.post(`/api/v1/tickets/${open[i].id}/merge`, { target_id: Number(open[i + 1].id) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
});
afterAll(async () => {
  await k?.stop();
});

describe('hourly report roll-ups', () => {
  it('count exactly what the tickets count, before a fold, after it, and with new deltas pending', async () => {
    expect(await compareAll('pending')).toBe(128);
    const pending = Number((await k.db.query<{ n: number }>(`select count(*)::int as n from report_deltas`))[0].n);
    expect(pending).toBeGreaterThan(70);
    expect(await foldRollups(k.db)).toBe(pending);
    expect((await k.db.query<{ n: number }>(`select count(*)::int as n from report_deltas`))[0].n).toBe(0);
    // dim '' holds every ticket once: 70 random ones and the agent's own, less the 3 merged.
    const all = await k.db.query<{ n: number }>(`select sum(n)::int as n from report_hourly where dim = '' and kind = 'created'`);
    expect(Number(all[0].n)).toBe(68);
    await compareAll('folded');

    // More history after the fold: a reopen, a solve, a re-categorisation of a solved ticket.
    const some = await k.db.query<{ id: number; status: string }>(
      `select id, status from tickets where merged_into_id is null order by id limit 12`,
    );
    for (const t of some) {
      const now = new Date(base + 50 * 24 * HOUR + 13 * 60_000);
      if (t.status === 'solved') await updateTicket(k.db, { actor: admin, id: Number(t.id), input: { category: 'billing' }, now });
      else if (t.status !== 'closed') await updateTicket(k.db, { actor: admin, id: Number(t.id), input: { status: 'solved' }, now });
    }
    expect(Number((await k.db.query<{ n: number }>(`select count(*)::int as n from report_deltas`))[0].n)).toBeGreaterThan(0);
    await compareAll('folded, then more pending');
  });

  it('two folds at once fold each delta once', async () => {
    await k.admin.post('/api/v1/tickets', { subject: 'One more', body: 'x', requester_email: 'late@cust.test', channel: 'web' });
    const before = await k.db.query<{ n: number }>(
      `select coalesce(sum(n), 0)::int as n from report_hourly where dim = '' and kind = 'created'`,
    );
    const results = await Promise.all([foldRollups(k.db), foldRollups(k.db), foldRollups(k.db)]);
    const after = await k.db.query<{ n: number }>(`select sum(n)::int as n from report_hourly where dim = '' and kind = 'created'`);
    expect(Number(after[0].n)).toBe(Number(before[0].n) + 1);
    expect(results.reduce<number>((s, n) => s + (n ?? 0), 0)).toBeGreaterThan(0);
    await compareAll('after concurrent folds');
  });

  it('a ticket deleted by hand (an operator cleaning up) leaves the counts as well', async () => {
    const [person] = await k.db.query<{ id: number }>(`select id from people where role = 'customer' order by id limit 1`);
    const [row] = await k.db.query<{ id: number }>(
      `insert into tickets (subject, status, priority, channel, requester_id, created_at, solved_at, search)
       values ('By hand', 'solved', 'P3', 'email', $1, $2, $3, to_tsvector('simple', 'hand')) returning id`,
      [person.id, new Date(base + 12 * 24 * HOUR + 25 * 60_000), new Date(base + 14 * 24 * HOUR + 40 * 60_000)],
    );
    await compareAll('inserted by hand');
    await foldRollups(k.db);
    await k.db.query(`delete from tickets where id = $1`, [row.id]);
    await compareAll('deleted by hand');
  });

  it('half-hour time zones are counted from the tickets (the roll-ups are by UTC hour)', () => {
    const from = new Date(base);
    const to = new Date(base + 30 * 24 * HOUR);
    expect(wholeHourOffsets('Asia/Kolkata', from, to)).toBe(false);
    expect(wholeHourOffsets('Asia/Kathmandu', from, to)).toBe(false);
    expect(wholeHourOffsets('Australia/Lord_Howe', new Date('2025-03-01T00:00:00Z'), new Date('2025-05-01T00:00:00Z'))).toBe(false);
    expect(wholeHourOffsets('Europe/Berlin', from, to)).toBe(true);
  });
});
