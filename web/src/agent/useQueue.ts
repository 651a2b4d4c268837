import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../api/client.ts';
import { useMe } from '../api/session.ts';
import type { Group, Ticket } from '../api/types.ts';
import { queueOrder, type QueueViewDef } from './views.ts';

/** The tickets of one queue view, in queue order. "My groups" asks once per group and merges. */
export function useQueue(view: QueueViewDef) {
  const me = useMe().data;
  return useQuery({
    queryKey: ['queue', view.id, me?.id],
    refetchInterval: 30_000,
    // A view is always fetched when it is opened: switching views never shows the list as it was minutes ago.
    staleTime: 0,
    gcTime: 0,
    refetchOnMount: 'always',
    queryFn: async ({ signal }) => {
      const get = (q: Record<string, string>) => api.get<Page<Ticket>>('/tickets', { sort: 'queue', limit: 100, ...q }, signal);
      if (view.id !== 'groups') {
        const page = await get(view.query);
        const now = Date.now();
        return { tickets: view.keep ? page.data.filter((t) => view.keep!(t, now)) : page.data, groups: null as Group[] | null };
      }
      const all = await api.get<Page<Group>>('/groups', { limit: 100 }, signal);
      const mine = all.data.filter((g) => me?.id != null && g.member_ids.includes(me.id));
      const pages = await Promise.all(mine.map((g) => get({ group_id: String(g.id) })));
      return { tickets: pages.flatMap((p) => p.data).sort(queueOrder), groups: mine };
    },
  });
}
