import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../api/client.ts';
import type { ApiResponse, Item, Organization, Person, Ticket } from '../../api/types.ts';

export type PersonSession = Item<ApiResponse<'/api/v1/people/{id}/sessions', 'get'>>;
export type MergePreview = ApiResponse<'/api/v1/people/{id}/merge-preview', 'get'>;
export type MergeResult = ApiResponse<'/api/v1/people/{id}/merge', 'post'>;

export const TICKET_PAGE = 25;
export const UNSOLVED = 'new,open,pending,on_hold';

export const usePerson = (id: number) => useQuery({ queryKey: ['person', id], queryFn: () => api.get<Person>(`/people/${id}`) });
export const useOrganization = (id: number | null | undefined) =>
  useQuery({ queryKey: ['organization', id], enabled: !!id, queryFn: () => api.get<Organization>(`/organizations/${id}`) });
export const usePersonSessions = (id: number, enabled: boolean) =>
  useQuery({ queryKey: ['person-sessions', id], enabled, queryFn: () => api.get<Page<PersonSession>>(`/people/${id}/sessions`) });

/**
 * Tickets a page at a time, newest first (keyset: `GET /tickets` answers `next_cursor`). A person's
 * tickets walk tickets_requester_idx, an organization's open tickets tickets_org_unsolved_idx.
 */
export function useTicketPages(filter: Record<string, string | number>) {
  return useInfiniteQuery({
    queryKey: ['tickets', 'page', filter],
    initialPageParam: null as string | null,
    getNextPageParam: (last: Page<Ticket>) => last.next_cursor,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Ticket>>('/tickets', { ...filter, sort: '-created_at', limit: TICKET_PAGE, cursor: pageParam }, signal),
  });
}

/** An organization's people, a page at a time (by name). */
export function usePeoplePages(organizationId: number) {
  return useInfiniteQuery({
    queryKey: ['people', 'org', organizationId],
    initialPageParam: null as string | null,
    getNextPageParam: (last: Page<Person>) => last.next_cursor,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Person>>('/people', { organization_id: organizationId, limit: 25, cursor: pageParam }, signal),
  });
}

/** A browser's name and system from its user agent, for the sessions list ("Chrome on Linux"); the raw text is in the tooltip. */
export function deviceOf(ua: string | null | undefined): { browser: string | null; os: string | null } {
  if (!ua) return { browser: null, os: null };
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /(Chrome|Chromium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : /curl|node|undici|python/i.test(ua)
            ? 'API'
            : null;
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad/.test(ua)
        ? 'iOS'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  return { browser, os };
}
