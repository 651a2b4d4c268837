import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, withQuery, type Page } from '../../api/client.ts';
import type { ApiResponse, Item, Priority, SlaMetric } from '../../api/types.ts';

/**
 * The report endpoints (docs/reports.md): every one takes the half-open period `from`/`to` (ISO instants)
 * and answers CSV with `format=csv`. Types from openapi.gen.ts (`npm run gen:api`); the few narrowed by
 * hand say why.
 */
export type SlaKind = 'sla' | 'slo';

type SlaJson = ApiResponse<'/api/v1/reports/sla', 'get'>;
export type ComplianceRow = Item<SlaJson>;
/** `meta.targets` narrowed by hand: the schema's meta names only from/to/now, the report adds the compliance targets. */
export type SlaReport = SlaJson & { meta: { targets: Record<SlaKind, number> } };
export type BreachedTicket = Item<ApiResponse<'/api/v1/reports/sla/tickets', 'get'>>;
export type ResponseTimeRow = Item<ApiResponse<'/api/v1/reports/response-times', 'get'>>;
export type VolumeRow = Item<ApiResponse<'/api/v1/reports/volume', 'get'>>;
export type AgentRow = Item<ApiResponse<'/api/v1/reports/agents', 'get'>>;
export type SatisfactionRow = Item<ApiResponse<'/api/v1/reports/satisfaction', 'get'>>;

export interface Range {
  from: string;
  to: string;
}

/** The filters of the breached-ticket list (the link behind a breached count). */
export interface DrillFilters {
  /** A plan id, 'none' for tickets without a plan, null for all. */
  plan_id?: number | 'none' | null;
  priority?: Priority | string | null;
  metric: SlaMetric;
  kind: SlaKind;
}

const query = <T>(path: string, range: Range, extra: Record<string, string | undefined> = {}) => ({
  queryKey: ['reports', path, range.from, range.to, extra],
  placeholderData: keepPreviousData,
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<T>(path, { ...range, ...extra }, signal),
});

export const useSlaReport = (r: Range) => useQuery(query<SlaReport>('/reports/sla', r, { group_by: 'plan,priority' }));
export const useResponseTimes = (r: Range) =>
  useQuery(query<{ data: ResponseTimeRow[] }>('/reports/response-times', r, { group_by: 'plan,priority,metric' }));
export const useVolume = (r: Range, interval: 'day' | 'week', tz: string) =>
  useQuery(query<{ data: VolumeRow[] }>('/reports/volume', r, { interval, tz }));
export const useAgents = (r: Range) => useQuery(query<{ data: AgentRow[] }>('/reports/agents', r));
export const useSatisfaction = (r: Range) => useQuery(query<{ data: SatisfactionRow[] }>('/reports/satisfaction', r));

export function useBreachedTickets(r: Range, f: DrillFilters) {
  const params = { ...r, ...drillQuery(f), outcome: 'breached' };
  return useInfiniteQuery({
    queryKey: ['reports', 'breached', params],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => api.get<Page<BreachedTicket>>('/reports/sla/tickets', { ...params, cursor: pageParam }, signal),
    getNextPageParam: (last) => last.next_cursor,
  });
}

export function drillQuery(f: DrillFilters): Record<string, string> {
  const q: Record<string, string> = { metric: f.metric, kind: f.kind };
  if (f.plan_id != null) q.plan_id = String(f.plan_id);
  if (f.priority) q.priority = f.priority;
  return q;
}

/** The CSV download of a report for the same period (a plain link: the session cookie goes with it). */
export const csvUrl = (path: string, range: Range, extra: Record<string, string> = {}) =>
  withQuery(`/api/v1${path}`, { ...range, ...extra, format: 'csv' });
