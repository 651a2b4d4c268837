import type { Ticket } from '../api/types.ts';

export type ViewId = 'mine' | 'unassigned' | 'groups' | 'open' | 'at_risk' | 'pending';
export interface QueueViewDef {
  id: ViewId;
  query: Record<string, string>;
  /** Filters the API cannot express yet, applied to the fetched page. */
  keep?: (t: Ticket, now: number) => boolean;
}

const AT_RISK_MS = 60 * 60_000;

export const VIEWS: QueueViewDef[] = [
  { id: 'mine', query: { assignee_id: 'me' } },
  { id: 'unassigned', query: { assignee_id: 'none' } },
  { id: 'groups', query: {} },
  { id: 'open', query: {} },
  {
    id: 'at_risk', query: {},
    keep: (t, now) => t.queue_reason?.key === 'queue.reason.overdue' || (!!t.sla_next_breach_at && new Date(t.sla_next_breach_at).getTime() - now <= AT_RISK_MS),
  },
  { id: 'pending', query: { status: 'pending' } },
];

/** The view with this id, or undefined: an unknown view is shown as such, never silently as another one. */
export const viewById = (id: string | undefined): QueueViewDef | undefined => VIEWS.find((v) => v.id === id);

const prioRank = (p: string) => Number(p.slice(1)) || 9;
/** The queue order: earliest breach first, then plan rank, priority and age (as the API's sort=queue). */
export function queueOrder(a: Ticket, b: Ticket): number {
  const da = a.sla_next_breach_at ? new Date(a.sla_next_breach_at).getTime() : Infinity;
  const db = b.sla_next_breach_at ? new Date(b.sla_next_breach_at).getTime() : Infinity;
  if (da !== db) return da - db;
  const ra = a.plan?.rank ?? 1000, rb = b.plan?.rank ?? 1000;
  if (ra !== rb) return ra - rb;
  if (a.priority !== b.priority) return prioRank(a.priority) - prioRank(b.priority);
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id;
}
