import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';

/** The server's default lead time when the desk has not set one (`sla.warning_minutes`, docs/sla.md). */
const DEFAULT_WARNING_MINUTES = 15;

/**
 * How long before a due instant the desk warns (`GET /sla/settings`, staff): the same lead time the
 * "At risk or breached" view and the `sla.warning` notification use, so a countdown turns amber
 * exactly when its ticket joins that view.
 */
export function useSlaWarningMs(): number {
  const q = useQuery({
    queryKey: ['sla', 'settings'],
    queryFn: () => api.get<{ warning_minutes: number }>('/sla/settings'),
    staleTime: 300_000,
  });
  return (q.data?.warning_minutes ?? DEFAULT_WARNING_MINUTES) * 60_000;
}
