import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from './client.ts';
import type { ApiResponse } from './types.ts';

export type StatusPage = ApiResponse<'/api/v1/status', 'get'>;
export type StatusComponent = StatusPage['components'][number];
export type StatusIncident = StatusPage['incidents'][number];

/** The public status page (docs/status.md); refreshed every minute while a screen shows it. */
export function useStatusPage() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  return useQuery({
    queryKey: ['status', lang],
    queryFn: () => api.get<StatusPage>(`/status?lang=${lang}`),
    refetchInterval: 60_000,
    staleTime: 15_000,
  });
}

export const openIncidents = (p: StatusPage | undefined) => (p?.incidents ?? []).filter((i) => i.status !== 'resolved');

/** Component names of an incident, in the page's language. */
export const componentNames = (p: StatusPage | undefined, keys: string[]) =>
  keys.map((k) => p?.components.find((c) => c.key === k)?.name ?? k);
