import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type Page } from '../api/client.ts';
import { useMe } from '../api/session.ts';
import type { Ticket } from '../api/types.ts';

export const QUEUE_PAGE = 50;

/** The tickets of one view, in queue order, computed by the server (`GET /views/{id}/tickets`), a page at a time. */
export function useQueue(slug: string) {
  const me = useMe().data;
  return useInfiniteQuery({
    // 'queue' first: a live ticket event refreshes it (web/src/api/live.ts).
    queryKey: ['queue', slug, me?.id],
    refetchInterval: 30_000,
    // A view is always fetched when it is opened: switching views never shows the list as it was minutes ago.
    staleTime: 0,
    gcTime: 0,
    refetchOnMount: 'always',
    initialPageParam: null as string | null,
    getNextPageParam: (last: Page<Ticket>) => last.next_cursor,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Ticket>>(`/views/${encodeURIComponent(slug)}/tickets`, { limit: QUEUE_PAGE, cursor: pageParam }, signal),
  });
}

/** Every ticket id of a view, following the cursors (for "select all N matching"). */
export async function allViewTicketIds(slug: string): Promise<Array<{ id: number; number: number }>> {
  const out: Array<{ id: number; number: number }> = [];
  let cursor: string | null = null;
  do {
    const page: Page<Ticket> = await api.get<Page<Ticket>>(`/views/${encodeURIComponent(slug)}/tickets`, { limit: 100, cursor });
    out.push(...page.data.map((t) => ({ id: t.id, number: t.number })));
    cursor = page.next_cursor;
  } while (cursor && out.length < 10_000);
  return out;
}
