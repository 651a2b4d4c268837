import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from './client.ts';
import type { Channel, Localized, PlanDetail, Service } from './types.ts';

export const useChannels = () => useQuery({ queryKey: ['channels'], queryFn: () => api.get<Page<Channel>>('/channels') });
export const usePlan = (id: number | null | undefined) =>
  useQuery({ queryKey: ['plan', id], enabled: !!id, queryFn: () => api.get<PlanDetail>(`/plans/${id}`) });
export const useServices = () => useQuery({ queryKey: ['services'], queryFn: () => api.get<Page<Service>>('/services') });

/** A `{en, 'zh-CN'}` text in the viewer's language, else English, else any. */
export function useLocalized() {
  const { i18n } = useTranslation();
  return (l: Localized | null | undefined): string => (l ? l[i18n.language] ?? l.en ?? Object.values(l).find(Boolean) ?? '' : '');
}
