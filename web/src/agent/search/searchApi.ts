import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Ticket } from '../../api/types.ts';
import { highlightTerms } from './highlight.ts';

/**
 * GET /api/v1/search (docs/search.md). Written by hand until openapi.gen.ts is regenerated with the
 * route: a ticket of the list answer plus its snippet.
 */
export type SearchTicket = Ticket & { snippet: string | null; snippet_internal: boolean };
export interface PersonHit {
  id: number;
  name: string;
  email: string | null;
  role: string;
  organization: { id: number; name: string | null } | null;
}
export interface OrganizationHit {
  id: number;
  name: string;
  plan: { id: number; name: string | null } | null;
}
export interface SearchAnswer {
  tickets: { data: SearchTicket[]; next_cursor: string | null };
  people: PersonHit[];
  organizations: OrganizationHit[];
}

/** `#1000` or `1000`: the number of a ticket (the same rule as the server's). */
export function ticketNumberOf(q: string): number | null {
  const m = /^#?\s*(\d{1,15})$/.exec(q.trim());
  return m && Number.isSafeInteger(Number(m[1])) && Number(m[1]) > 0 ? Number(m[1]) : null;
}

/** The API refuses queries of punctuation only: do not send them. */
export const searchable = (q: string) =>
  q.trim().length > 0 && q.length <= 200 && (highlightTerms(q).length > 0 || ticketNumberOf(q) != null);

/** The header's dropdown: a few of each kind. */
export function useQuickSearch(q: string) {
  return useQuery({
    queryKey: ['search', 'quick', q],
    enabled: searchable(q),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    retry: false,
    queryFn: ({ signal }) => api.get<SearchAnswer>('/search', { q, limit: 5 }, signal),
  });
}

/** The results page: the API's query (filters included), one page after another. */
export function useSearchPages(query: Record<string, string>) {
  return useInfiniteQuery({
    queryKey: ['search', 'page', query],
    initialPageParam: null as string | null,
    retry: false,
    queryFn: ({ pageParam, signal }) => api.get<SearchAnswer>('/search', { ...query, limit: 25, cursor: pageParam ?? undefined }, signal),
    getNextPageParam: (last) => last.tickets.next_cursor,
  });
}
