import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';

export type SlaSettings = { warning_minutes: number };

/** `GET /sla/settings` (staff): one query, read by the countdowns and the admin's form alike. */
export const slaSettingsQuery = { queryKey: ['sla', 'settings'], queryFn: () => api.get<SlaSettings>('/sla/settings') };

/** The server's default lead time when the desk has not set one (`sla.warning_minutes`, docs/sla.md). */
const DEFAULT_WARNING_MINUTES = 15;

/**
 * How long before a due instant the desk warns (`GET /sla/settings`, staff): the same lead time the
 * "At risk or breached" view and the `sla.warning` notification use. A countdown turns amber when the
 * business time left is within it, which for a running clock is when its ticket joins that view; a clock
 * paused outside business hours can be amber earlier (docs/sla.md, "The countdown").
 */
export function useSlaWarningMs(): number {
  const q = useQuery({ ...slaSettingsQuery, staleTime: 300_000 });
  return (q.data?.warning_minutes ?? DEFAULT_WARNING_MINUTES) * 60_000;
}
