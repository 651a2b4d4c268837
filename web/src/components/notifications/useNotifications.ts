import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';

/** One line of the agent's inbox (GET /api/v1/notifications; docs/notifications.md). */
export interface AppNotification {
  id: number;
  kind: string;
  ticket_id: number;
  ticket_number: number | null;
  text: string;
  read_at: string | null;
  created_at: string;
}
interface NotificationPage {
  data: AppNotification[];
  next_cursor: string | null;
  unread_count?: number;
}

export const NOTIFICATION_KINDS = [
  'assigned',
  'new_in_group',
  'customer_replied',
  'sla_warning',
  'sla_breached',
  'mentioned',
  'low_satisfaction',
] as const;
export interface Preferences {
  data: Array<{ kind: string; in_app: boolean; email: boolean }>;
  quiet_hours?: boolean;
}

const PAGE = 20;

/**
 * The inbox, newest first, a page at a time; the first page also says how many are unread. The
 * texts come in the UI language (so the language is part of the key). The live socket refreshes it
 * (a new notification, or some marked read in another tab); a slow poll stays as a fallback.
 */
export function useNotificationList(enabled = true) {
  const { i18n } = useTranslation();
  return useInfiniteQuery({
    queryKey: ['notifications', 'list', i18n.language],
    queryFn: ({ pageParam }) => api.get<NotificationPage>('/notifications', { limit: PAGE, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    refetchInterval: 60_000,
    enabled,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: number[] } | { all: true }) => api.post<{ marked: number }>('/notifications/read', body),
    onSettled: () => qc.invalidateQueries({ queryKey: ['notifications', 'list'] }),
  });
}

export function usePreferences(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'preferences'],
    queryFn: () => api.get<Preferences>('/notifications/preferences'),
    enabled,
  });
}

type PreferencesPatch = { quiet_hours?: boolean } | Record<string, { in_app?: boolean; email?: boolean }>;

export function useSavePreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: PreferencesPatch) => api.patch<Preferences>('/notifications/preferences', patch),
    onSuccess: (data) => qc.setQueryData(['notifications', 'preferences'], data),
  });
}
