import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../api/client.ts';
import type { Group, Person } from '../../api/types.ts';

/** Agents and admins, for the assignee picker and for naming people in the history. */
export function useStaff() {
  return useQuery({
    queryKey: ['staff'],
    staleTime: 300_000,
    queryFn: async () => {
      const [agents, admins] = await Promise.all([
        api.get<Page<Person>>('/people', { role: 'agent', limit: 100 }),
        api.get<Page<Person>>('/people', { role: 'admin', limit: 100 }),
      ]);
      return [...agents.data, ...admins.data].filter((p) => p.active !== false).sort((a, b) => a.name.localeCompare(b.name));
    },
  });
}

/** A colleague's name in an assignee list: one who has not accepted their invitation yet is marked so. */
export const staffOptionLabel = (t: (k: string) => string, p: Person) =>
  (p as { status?: string }).status === 'invited' ? `${p.name} (${t('agent.invited')})` : p.name;

export function useGroups() {
  return useQuery({
    queryKey: ['groups'],
    staleTime: 300_000,
    queryFn: () => api.get<Page<Group>>('/groups', { limit: 100 }).then((p) => p.data),
  });
}
