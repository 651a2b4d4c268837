import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from '../api/client.ts';
import { useLiveMessages } from '../api/live.ts';
import { useMe } from '../api/session.ts';

/** The built-in views (rows the server seeded; docs/views.md). Their names and texts are in the `agent.view*` keys. */
export const BUILTIN_VIEWS = ['mine', 'unassigned', 'groups', 'open', 'at_risk', 'pending'] as const;
export type BuiltinKey = (typeof BUILTIN_VIEWS)[number];

/** A view as `GET /api/v1/views` answers it: computed on the server, with its ticket count (at most 1,000). */
export interface QueueView {
  id: number;
  key: BuiltinKey | null;
  name: string;
  renamed: boolean;
  filters: Record<string, unknown>;
  shared: boolean;
  owner_id: number | null;
  pinned: boolean;
  count: number;
  count_capped?: boolean;
}

/** The URL segment of a view: `/agent/queue/mine` for a built-in one, `/agent/queue/42` for others. */
export const viewSlug = (v: QueueView) => v.key ?? String(v.id);
/** The view a URL segment names, or undefined: an unknown view is shown as such, never silently as another one. */
export const viewBySlug = (views: QueueView[] | undefined, slug: string | undefined) => views?.find((v) => viewSlug(v) === slug);
/** A built-in view that was never renamed speaks the interface's language; others show their own name. */
export const viewName = (t: TFunction, v: QueueView) => (v.key && !v.renamed ? t(`agent.view.${v.key}`) : v.name);
/** "1000+" when the server stopped counting. */
export const countText = (v: Pick<QueueView, 'count' | 'count_capped'>) => (v.count_capped ? `${v.count}+` : String(v.count));

/** Waits this long after a ticket event before counting again: a burst of events costs one refetch. */
const DEBOUNCE_MS = 700;
// One timer for the tab: the sidebar and the page both listen, and still cause one refetch per burst.
let timer: ReturnType<typeof setTimeout> | null = null;
let waitingSince = 0;
const MAX_WAIT_MS = 3000;

/**
 * The agent's views with their counts. Counts stay current: each live ticket event schedules one
 * (debounced) refetch; the 30 s polling stays as a fallback.
 */
export function useViews() {
  const me = useMe().data;
  const qc = useQueryClient();
  useLiveMessages((m) => {
    if ((m.ticket_id == null && m.event !== 'ready') || m.event === 'presence') return;
    // A steady stream of events still refreshes at least every MAX_WAIT_MS.
    if (timer && Date.now() - waitingSince < MAX_WAIT_MS) clearTimeout(timer);
    else if (timer) return;
    else waitingSince = Date.now();
    timer = setTimeout(() => {
      timer = null;
      void qc.invalidateQueries({ queryKey: ['views'] });
    }, DEBOUNCE_MS);
  });
  return useQuery({
    queryKey: ['views', me?.id],
    enabled: me?.id != null,
    refetchInterval: 30_000,
    queryFn: ({ signal }) => api.get<{ data: QueueView[] }>('/views', undefined, signal).then((r) => r.data),
  });
}
