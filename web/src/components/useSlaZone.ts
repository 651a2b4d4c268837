import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../api/client.ts';
import { isStaff, useMe } from '../api/session.ts';
import type { CalendarRecord, Ticket } from '../api/types.ts';
import { slaZone } from './sla.ts';

/**
 * The time zone of the calendar a ticket's SLA counts in. The ticket names the calendar; its zone
 * comes from the calendars list, which agents and admins may read (customers see their own zone only).
 */
export function useSlaZone(t: Ticket): string | undefined {
  const me = useMe().data;
  const direct = slaZone(t);
  const calendarId = t.sla?.metrics?.find((m) => m.calendar_id !== undefined)?.calendar_id;
  const q = useQuery({
    queryKey: ['calendars'],
    enabled: !direct && calendarId !== undefined && isStaff(me),
    staleTime: 300_000,
    queryFn: () => api.get<Page<CalendarRecord>>('/calendars').then((r) => r.data),
  });
  if (direct) return direct;
  const cal = q.data?.find((c) => String(c.id) === String(calendarId));
  return cal?.timezone ?? cal?.spec?.timezone;
}
