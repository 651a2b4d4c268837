import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../api/client.ts';
import type { CalendarRecord, Plan, SlaPolicy } from '../api/types.ts';

/** Lists arrive as `{data: […]}` pages; a bare array is accepted too. */
export const listOf = <T>(r: Page<T> | T[] | undefined): T[] => (Array.isArray(r) ? r : (r?.data ?? []));

export const usePlans = () => useQuery({ queryKey: ['plans'], queryFn: () => api.get<Page<Plan>>('/plans').then(listOf) });
export const useCalendars = () =>
  useQuery({ queryKey: ['calendars'], queryFn: () => api.get<Page<CalendarRecord>>('/calendars', { limit: 100 }).then(listOf) });
export const useSlaPolicies = () =>
  useQuery({ queryKey: ['sla-policies'], queryFn: () => api.get<Page<SlaPolicy>>('/sla-policies', { limit: 100 }).then(listOf) });
