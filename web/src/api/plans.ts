import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from './client.ts';
import { localName } from '../components/sla.ts';
import type { Alternative, Channel, Localized, PlanDetail, Service } from './types.ts';

// Answers in the UI language (names, purposes, hours' wording): the language is part of the key, so
// switching it (or a link that carries one) fetches them again instead of keeping the other language.
export const useChannels = () => {
  const lang = useTranslation().i18n.language;
  return useQuery({ queryKey: ['channels', lang], queryFn: () => api.get<Page<Channel>>('/channels') });
};
export const usePlan = (id: number | null | undefined) =>
  useQuery({ queryKey: ['plan', id], enabled: !!id, queryFn: () => api.get<PlanDetail>(`/plans/${id}`) });
export const useServices = () => {
  const lang = useTranslation().i18n.language;
  return useQuery({ queryKey: ['services', lang], queryFn: () => api.get<Page<CatalogueService>>('/services') });
};

/** A service of the paid catalogue, with its price (GET /services). */
export interface CatalogueService extends Service {
  description: Localized;
  price_cents: number;
  currency: string;
}

/** GET /ticket-form: what the guided form offers on the organization's plan, and what it says before submitting. */
export interface TicketForm {
  organization_id: number | null;
  plan: { id: number; key: string | null; name: string } | null;
  categories: Array<{ key: string; technical: boolean }>;
  not_included: string[];
  community_url: string | null;
  alternatives: Alternative[];
  can_submit: boolean;
  refusal: { reason: string; message: string | null } | null;
  incident: { consumes: boolean; balance: number; offered: boolean };
  sensitive: { fields: string[]; categories: string[] };
}
export const useTicketForm = (organizationId: number | null | undefined) =>
  useQuery({
    queryKey: ['ticket-form', organizationId ?? null],
    queryFn: () => api.get<TicketForm>('/ticket-form', { organization_id: organizationId ?? undefined }),
  });

/** A `{en, 'zh-CN'}` text in the viewer's language, else English, else any. */
export function useLocalized() {
  const { i18n } = useTranslation();
  return (l: Localized | null | undefined): string => (l ? (l[i18n.language] ?? l.en ?? Object.values(l).find(Boolean) ?? '') : '');
}

/**
 * A plan's name in the reader's language. Plans are data: a plan may carry `settings.display_name`
 * (`{en, 'zh-CN'}`, as the presets store); without it, or without the reader's language, its `name`.
 * See docs/sla.md, "Names of plans, add-ons and channels".
 */
export function planDisplayName(
  plan: { name: string; settings?: Record<string, unknown> | null } | null | undefined,
  lang: string,
): string {
  if (!plan) return '';
  const d = plan.settings?.display_name;
  return localName({ name: plan.name, display_name: d && typeof d === 'object' ? (d as Record<string, string>) : null }, lang);
}
export function usePlanName() {
  const { i18n } = useTranslation();
  return (plan: Parameters<typeof planDisplayName>[0]) => planDisplayName(plan, i18n.language);
}

/** The desk's plans with their names by language (GET /plans, any signed-in person), cached a while. */
const usePlanNameList = () =>
  useQuery({
    queryKey: ['plan-names'],
    staleTime: 5 * 60_000,
    queryFn: () => api.get<Page<{ id: number; name: string; settings?: Record<string, unknown> }>>('/plans'),
  });

/** A plan's name as a report row carries it (`plan`, and `plan_id` where given) in the reader's language; null stays null. */
export function usePlanLabel() {
  const { i18n } = useTranslation();
  const plans = usePlanNameList();
  return (name: string | null | undefined, id?: number | null): string | null => {
    if (name == null) return null;
    const full = plans.data?.data.find((p) => (id != null ? String(p.id) === String(id) : p.name === name));
    return planDisplayName(full ?? { name }, i18n.language);
  };
}

/** The desk's plans (GET /plans, any signed-in person), to name a ticket's plan `{id, name}` in the reader's language. */
export function usePlanNames() {
  const { i18n } = useTranslation();
  const plans = usePlanNameList();
  return <P extends { id?: number; name: string }>(plan: P | null | undefined): P | null => {
    if (!plan) return null;
    const full = plans.data?.data.find((p) => String(p.id) === String(plan.id));
    return { ...plan, name: planDisplayName(full ?? plan, i18n.language) };
  };
}
