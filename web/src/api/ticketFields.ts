import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from './client.ts';
import type { ApiResponse, Item } from './types.ts';

/** A custom ticket field as GET /ticket-fields answers it (docs/custom-fields.md). */
export type TicketField = Item<ApiResponse<'/api/v1/ticket-fields', 'get'>>;
export type FieldType = TicketField['type'];
export const FIELD_TYPES: FieldType[] = ['text', 'number', 'date', 'select', 'multiselect', 'checkbox'];

/** The fields the reader may see (customers: the active ones shown to customers); with a category, those its tickets ask for. */
export const useTicketFields = (category?: string | null, enabled = true) =>
  useQuery({
    queryKey: ['ticket-fields', category ?? null],
    enabled,
    queryFn: () => api.get<Page<TicketField>>('/ticket-fields', category ? { category } : undefined),
  });

type Labelled = Pick<TicketField, 'key' | 'label' | 'option_labels'>;

/** A field's label and its options' names in a language (else English, else the key or value itself). */
export function fieldText(lang: string) {
  const pick = (l: { en?: string; 'zh-CN'?: string } | undefined) => (lang.startsWith('zh') ? l?.['zh-CN'] : l?.en) || l?.en;
  return {
    label: (f: Labelled) => pick(f.label) || f.key,
    option: (f: Labelled, value: string) => pick(f.option_labels?.[value]) || value,
  };
}
export function useFieldText() {
  const { i18n } = useTranslation();
  return fieldText(i18n.language);
}

/** A value as a person reads it: option names, yes/no for a checkbox. */
export function readValue(f: TicketField | undefined, v: unknown, text: ReturnType<typeof fieldText>, yesNo: (b: boolean) => string) {
  if (v === null || v === undefined) return '';
  if (f && typeof v === 'boolean') return yesNo(v);
  if (f && Array.isArray(v)) return v.map((x) => text.option(f, String(x))).join(', ');
  if (f && (f.type === 'select' || f.type === 'multiselect')) return text.option(f, String(v));
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
