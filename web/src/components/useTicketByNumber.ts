import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../api/client.ts';
import type { Ticket } from '../api/types.ts';

/** A ticket as the API presents it, with the number of the ticket it was merged into. */
export type TicketView = Ticket & { merged_into_number?: number | null };

/** The ticket number in a URL (/requests/1000, /agent/tickets/1000), or null when it is not one. */
export function ticketNumberParam(raw: string | undefined): number | null {
  if (!raw || !/^[1-9]\d{0,15}$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * Finds the id of ticket #number (the API keeps ids; people and URLs use numbers). Answers null when
 * there is no such ticket the viewer may see. The mapping never changes, so it is asked once.
 */
export function useTicketIdByNumber(number: number | null) {
  return useQuery({
    queryKey: ['ticket-number', number],
    enabled: number !== null,
    staleTime: Infinity,
    queryFn: async ({ signal }) => (await api.get<Page<Ticket>>('/tickets', { number: number!, limit: 1 }, signal)).data[0]?.id ?? null,
  });
}
