import type { Db } from '../../db/client.ts';
import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import { ticketScopeSql } from '../tickets/ticketPolicy.ts';
import { activityRepository, type Arg, type CountRow, type Interval } from './activityRepository.ts';
import type { Period } from './reportPeriod.ts';
import { wholeHourOffsets } from './reportZone.ts';
import { assertCanReadReports } from './reportSettings.ts';

export const VOLUME_GROUPS = ['channel', 'category', 'plan', 'organization'] as const;
export type VolumeGroup = (typeof VOLUME_GROUPS)[number];

/** Organizations shown one by one; the others are one "other" row. */
export const TOP_ORGANIZATIONS = 20;
const OTHER = 'other';

export interface VolumeRow {
  period: string;
  key: string | number | null;
  label: string | null;
  created: number;
  solved: number;
  backlog: number;
}

/**
 * Tickets created, solved and still open (backlog) per day or ISO week in a time zone
 * (docs/exports.md): every bucket is present (zeros included), per group value when grouped. The
 * backlog at the end of a bucket is the backlog at `from` plus created minus solved so far, so the
 * three columns always add up. Staff only; a group-limited agent counts only their scope.
 */
export async function volumeReport(
  db: Db,
  o: { actor: Principal; period: Period; tz: string; interval: Interval; groupBy?: VolumeGroup },
): Promise<{ data: VolumeRow[]; meta: { from: string; to: string; interval: Interval; tz: string; group_by: VolumeGroup | null } }> {
  const { actor, period, tz, interval, groupBy } = o;
  assertCanReadReports(actor);
  const scope = (arg: Arg) => ticketScopeSql(actor, arg);
  const top =
    groupBy === 'organization' ? await activityRepository.topOrganizations(db, { ...period, scope, limit: TOP_ORGANIZATIONS }) : [];
  const key = (arg: Arg): string => {
    if (groupBy === 'channel') return 't.channel';
    if (groupBy === 'category') return 't.category';
    if (groupBy === 'plan') return 't.plan_id::text';
    if (groupBy === 'organization')
      return `case when t.organization_id is null then null when t.organization_id = any(${arg(top)}::bigint[]) then t.organization_id::text else '${OTHER}' end`;
    return 'null::text';
  };
  const periods = await activityRepository.buckets(db, { ...period, tz, interval });
  // Hourly roll-ups when they can answer (adr/0005-report-queries.md, addendum): no group limit, a
  // dimension they keep, and a zone a whole number of hours from UTC; else the tickets themselves.
  const rolled = !actor.ticketGroups && groupBy !== 'organization' && wholeHourOffsets(tz, period.from, period.to);
  const counts = rolled
    ? await activityRepository.rolledVolumeCounts(db, { ...period, tz, interval, dim: groupBy ?? '' })
    : await activityRepository.volumeCounts(db, { ...period, tz, interval, key, scope });

  // Keys: every group value seen (the single null key without grouping), in a stable order.
  const keys = new Set<string | null>(groupBy ? counts.map((c) => c.k) : [null]);
  const labels = await labelsFor(db, groupBy, [...keys], actor.locale);
  const order = orderKeys(groupBy, [...keys], labels, top);

  const at = (c: CountRow) => `${c.k ?? ''}\u0000${c.period ?? ''}`;
  const created = new Map<string, number>();
  const solved = new Map<string, number>();
  const start = new Map<string | null, number>();
  for (const c of counts) {
    if (c.kind === 'created') created.set(at(c), c.n);
    else if (c.kind === 'solved') solved.set(at(c), c.n);
    else start.set(c.k, (start.get(c.k) ?? 0) + c.n);
  }
  const data: VolumeRow[] = [];
  const backlog = new Map(order.map((k) => [k, start.get(k) ?? 0]));
  for (const p of periods)
    for (const k of order) {
      const id = `${k ?? ''}\u0000${p}`;
      const c = created.get(id) ?? 0;
      const s = solved.get(id) ?? 0;
      const b = backlog.get(k)! + c - s;
      backlog.set(k, b);
      const label = labels.get(k) ?? { key: k, label: k };
      data.push({ period: p, key: label.key, label: label.label, created: c, solved: s, backlog: b });
    }
  return {
    data,
    meta: { from: period.from.toISOString(), to: period.to.toISOString(), interval, tz, group_by: groupBy ?? null },
  };
}

type Label = { key: string | number | null; label: string | null; rank?: number };

/** What a group value is called: a plan by its key and name, an organization by its id and name. */
async function labelsFor(db: Db, groupBy: VolumeGroup | undefined, keys: Array<string | null>, locale: string) {
  const out = new Map<string | null, Label>();
  const ids = keys.filter((k): k is string => k != null && k !== OTHER).map(Number);
  if (groupBy === 'plan')
    for (const p of await activityRepository.plans(db, ids)) out.set(String(p.id), { key: p.key, label: p.name, rank: p.rank });
  if (groupBy === 'organization') {
    for (const org of await activityRepository.organizations(db, ids)) out.set(String(org.id), { key: Number(org.id), label: org.name });
    out.set(OTHER, { key: OTHER, label: t(locale, 'activity.other_organizations') });
  }
  return out;
}

/**
 * Plans by rank, organizations by tickets created (the top ones, then "other"), channels and
 * categories alphabetically; "no value" (null) last.
 */
function orderKeys(groupBy: VolumeGroup | undefined, keys: Array<string | null>, labels: Map<string | null, Label>, top: number[]) {
  const rank = (k: string | null): [number, string] => {
    if (k == null) return [Number.MAX_SAFE_INTEGER, ''];
    if (groupBy === 'organization') return [k === OTHER ? Number.MAX_SAFE_INTEGER - 1 : top.indexOf(Number(k)), ''];
    if (groupBy === 'plan') return [labels.get(k)?.rank ?? Number.MAX_SAFE_INTEGER - 1, labels.get(k)?.label ?? k];
    return [0, k];
  };
  return [...keys].sort((a, b) => {
    const [ra, na] = rank(a);
    const [rb, nb] = rank(b);
    return ra - rb || na.localeCompare(nb);
  });
}
