/**
 * Reports at scale (docs/reports.md, adr/0005-report-queries.md): `npm run bench -- --parts reports`.
 *
 * The seed inserts tickets without computing their SLA clocks (bench/seed.ts), so this part first
 * derives each seeded ticket's first-response and resolution outcomes from its own timestamps, with
 * the targets of the table below on a 24×7 calendar, straight into `sla_outcomes` — the rows the
 * ticket pipeline's trigger would have written — and a satisfaction rating for one solved ticket in
 * five, and the agent reply that gave each first response. Then it times every report over the
 * seeded year (and 30 days) through the HTTP API, and a CSV export of every ticket with the server's
 * memory sampled while it streams.
 */
import { readFileSync } from 'node:fs';
import type { Db } from '../server/db/client.ts';
import { exportBench } from './exportBench.ts';
import { nodeHttpClient, runLoad, type LoadResult } from './http.ts';

export interface Row {
  metric: string;
  value: string;
  target?: string;
  ok?: boolean | null;
}

/** Target minutes by priority: first response and resolution (calendar time). */
const TARGETS = { P1: [60, 1440], P2: [120, 2880], P3: [480, 4320], P4: [1440, 7200] } as const;

export async function seedReportData(db: Db): Promise<{ outcomes: number; ratings: number; seconds: number }> {
  const t0 = performance.now();
  const targets = `(values ${Object.entries(TARGETS)
    .map(([p, [fr, res]]) => `('${p}', ${fr}, ${res})`)
    .join(', ')}) as tg(priority, first_min, resolution_min)`;
  // One statement per metric; a ticket without a plan has no policy (no outcome), as in the product.
  const common = `t.plan_id, t.priority, t.group_id, t.assignee_id, t.channel, t.category, t.organization_id`;
  const kind = `case when pl.rank <= 10 then 'sla' else 'slo' end`;
  await db.query(`insert into sla_outcomes (ticket_id, metric, kind, plan_id, priority, group_id, assignee_id, channel, category,
                    organization_id, status, due_at, started_at, stopped_at, business_ms, target_minutes)
    select t.id, 'first_response', ${kind}, ${common},
           case when t.first_response_at is not null then case when t.first_response_at <= d.due then 'met' else 'breached' end
                when t.status in ('solved', 'closed') then 'cancelled'
                when d.due <= now() then 'breached_running' else 'running' end,
           case when t.first_response_at is null and t.status in ('solved', 'closed') then null else d.due end,
           t.created_at, t.first_response_at,
           (extract(epoch from (coalesce(t.first_response_at, now()) - t.created_at)) * 1000)::bigint, tg.first_min
      from tickets t join plans pl on pl.id = t.plan_id join ${targets} on tg.priority = t.priority
      cross join lateral (select t.created_at + make_interval(mins => tg.first_min) as due) d`);
  await db.query(`insert into sla_outcomes (ticket_id, metric, kind, plan_id, priority, group_id, assignee_id, channel, category,
                    organization_id, status, due_at, started_at, stopped_at, business_ms, target_minutes)
    select t.id, 'resolution', ${kind}, ${common},
           case when t.solved_at is not null then case when t.solved_at <= d.due then 'met' else 'breached' end
                when d.due <= now() then 'breached_running' else 'running' end,
           d.due, t.created_at, t.solved_at,
           (extract(epoch from (coalesce(t.solved_at, now()) - t.created_at)) * 1000)::bigint, tg.resolution_min
      from tickets t join plans pl on pl.id = t.plan_id join ${targets} on tg.priority = t.priority
      cross join lateral (select t.created_at + make_interval(mins => tg.resolution_min) as due) d`);
  await db.query(`insert into satisfaction_ratings (ticket_id, person_id, score, comment, rated_at, assignee_id, group_id, plan_id, priority, channel)
    select t.id, t.requester_id, 1 + ((t.id * 7) % 5)::smallint, null, t.solved_at + interval '1 hour',
           t.assignee_id, t.group_id, t.plan_id, t.priority, t.channel
      from tickets t where t.solved_at is not null and t.id % 5 = 0`);
  // The first response itself: a public reply at first_response_at by the assignee (else one of the
  // agents), so the agents report counts replies and first responses as it would on a real desk.
  await db.query(`insert into messages (ticket_id, author_id, internal, channel, body_text, body_html, created_at, first_response_seconds)
    select t.id, coalesce(t.assignee_id, a.ids[1 + (t.id % array_length(a.ids, 1))::int]), false, t.channel,
           'Thanks, we are looking into it.', '<p>Thanks, we are looking into it.</p>', t.first_response_at,
           extract(epoch from (t.first_response_at - t.created_at))::float8
      from tickets t cross join (select array_agg(id order by id) as ids from people where role in ('agent', 'admin') and active) a
     where t.first_response_at is not null and array_length(a.ids, 1) > 0`);
  await db.query('vacuum analyze messages');
  await db.query('vacuum analyze sla_outcomes');
  await db.query('vacuum analyze satisfaction_ratings');
  const [o] = await db.query<{ n: number }>('select count(*)::int as n from sla_outcomes');
  const [r] = await db.query<{ n: number }>('select count(*)::int as n from satisfaction_ratings');
  return { outcomes: o.n, ratings: r.n, seconds: (performance.now() - t0) / 1000 };
}

function rssKb(pid: number | null): number | null {
  if (!pid) return null;
  try {
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) || null;
  } catch {
    return null;
  }
}

const fmt = (n: number) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(1) : Math.round(n)} ms` : 'n/a');

/** Times each report (sequentially, after a warm-up) and the full CSV export. */
export async function reportsPart(o: {
  url: string;
  token: string;
  serverPid: number | null;
  requests: number;
  log: (s: string) => void;
}): Promise<{ rows: Row[]; non2xx: number }> {
  const client = nodeHttpClient(o.url, { authorization: `Bearer ${o.token}` });
  const rows: Row[] = [];
  let non2xx = 0;
  const day = 86_400_000;
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const year = `from=${encodeURIComponent(iso(now - 365 * day))}&to=${encodeURIComponent(iso(now + day))}`;
  const month = `from=${encodeURIComponent(iso(now - 30 * day))}&to=${encodeURIComponent(iso(now + day))}`;
  const reports: Array<[string, string]> = [
    ['SLA compliance, a year, plan × priority', `/api/v1/reports/sla?${year}`],
    ['SLA compliance, a year, group × channel', `/api/v1/reports/sla?${year}&group_by=group,channel`],
    ['SLA breached tickets, first page', `/api/v1/reports/sla/tickets?${year}&outcome=breached&metric=first_response&priority=P3`],
    ['response times p50/p90/p99, a year', `/api/v1/reports/response-times?${year}`],
    ['response times, a year, group × channel', `/api/v1/reports/response-times?${year}&group_by=group,channel`],
    ['response times p50/p90/p99, 30 days', `/api/v1/reports/response-times?${month}`],
    ['volume and backlog by week, a year', `/api/v1/reports/volume?${year}&interval=week`],
    ['volume by day and channel, 30 days', `/api/v1/reports/volume?${month}&interval=day&group_by=channel`],
    ['agents, a year', `/api/v1/reports/agents?${year}`],
    ['agents, 30 days', `/api/v1/reports/agents?${month}`],
    ['satisfaction by agent, a year', `/api/v1/reports/satisfaction?${year}&group_by=agent`],
  ];
  const time = async (path: string): Promise<LoadResult> => {
    await runLoad(client, { requests: 2, concurrency: 1, make: () => ({ method: 'GET', path }) });
    const r = await runLoad(client, { requests: o.requests, concurrency: 1, make: () => ({ method: 'GET', path }) });
    non2xx += r.non2xx + r.errors;
    if (r.firstFailure) o.log(`non-2xx: ${r.firstFailure}`);
    return r;
  };
  try {
    for (const [name, path] of reports) {
      o.log(`reports: ${name}`);
      const r = await time(path);
      rows.push({
        metric: `report: ${name}: p50 / p99`,
        value: `${fmt(r.p50)} / ${fmt(r.p99)}`,
        target: 'p99 < 1,000 ms',
        ok: r.p99 < 1000,
      });
    }
    o.log('reports: CSV export of every ticket');
    // The server's resident memory every 250 ms while it streams: flat means it does not grow with the rows sent.
    const samples: number[] = [];
    const sample = () => {
      const kb = rssKb(o.serverPid);
      if (kb != null) samples.push(kb);
    };
    sample();
    const timer = setInterval(sample, 250);
    let e: Awaited<ReturnType<typeof exportBench>>;
    try {
      e = await exportBench(o.url, o.token, o.serverPid ?? undefined);
    } finally {
      clearInterval(timer);
    }
    sample();
    const mb = (kb: number | null) => (kb == null ? 'n/a' : `${Math.round(kb / 1024)} MiB`);
    const at = (q: number) => (samples.length ? samples[Math.min(samples.length - 1, Math.floor(q * (samples.length - 1)))] : null);
    rows.push(
      {
        metric: 'export tickets.csv: rows, rows/s',
        value: `${e.rows.toLocaleString('en-US')}, ${Math.round(e.rowsPerSecond).toLocaleString('en-US')}/s`,
      },
      { metric: 'export tickets.csv: first byte, total', value: `${Math.round(e.firstByteMs)} ms, ${e.seconds.toFixed(1)} s` },
      {
        metric: 'export tickets.csv: server RSS at 0 / 25 / 50 / 75 / 100 % of the time',
        value: [0, 0.25, 0.5, 0.75, 1].map((q) => mb(at(q))).join(' / '),
      },
      { metric: 'export tickets.csv: server RSS, highest sample', value: mb(samples.length ? Math.max(...samples) : null) },
    );
  } finally {
    await client.close();
  }
  return { rows, non2xx };
}
