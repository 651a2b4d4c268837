import { z } from 'zod';
import { FIELD_KEY, FIELD_TYPES, RESERVED_KEYS, type FieldType } from '../../domain/customFields/customFields.ts';
import { unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import type { TicketFieldRow, TicketFieldValues } from './ticketFieldRepository.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
/** Both languages; a missing Chinese label falls back to the English one (the admin screen asks for both). */
export const fieldLabel = z
  .object({ en: text(200), 'zh-CN': text(200).optional() })
  .strict()
  .transform((l) => ({ en: l.en, 'zh-CN': l['zh-CN'] ?? l.en }));
const option = text(200).refine((s) => !s.includes('\u0000'));

export const ticketFieldInput = z.object({
  key: z.string().regex(FIELD_KEY, 'lower-case letters, digits and _, starting with a letter (at most 63)'),
  label: fieldLabel,
  type: z.enum(FIELD_TYPES),
  options: z.array(option).max(200).optional().describe('select / multiselect: the values offered'),
  option_labels: z.record(option, fieldLabel).optional().describe('optional names of options in both languages'),
  categories: z.array(text(100)).max(50).optional().describe('categories whose tickets ask for the field; empty: every ticket'),
  required: z.boolean().optional().describe('required on tickets of those categories'),
  visible_to_customers: z.boolean().optional().describe('default false: staff only'),
  sensitive: z.boolean().optional().describe('withheld from staff until the requester is verified'),
  active: z.boolean().optional().describe('false: no longer asked for or written; old values stay'),
  position: z.number().int().min(0).max(1_000_000).optional(),
});
export type TicketFieldInput = z.input<typeof ticketFieldInput>;
export const ticketFieldPatch = ticketFieldInput.partial();
export type TicketFieldPatch = z.output<typeof ticketFieldPatch>;
type Parsed = z.output<typeof ticketFieldInput>;

const unique = (xs: string[]) => [...new Set(xs)];
const CHOICE_TYPES: FieldType[] = ['select', 'multiselect'];

/** The stored values of a definition: defaults, then the current row (on PATCH), then the input; checked as a whole. */
export function definitionValues(locale: string, input: Partial<Parsed>, cur: TicketFieldRow | null): TicketFieldValues {
  const type = (input.type ?? cur?.type)!;
  const options = unique(input.options ?? cur?.options ?? []);
  const labels = input.option_labels ?? cur?.option_labels ?? {};
  if (CHOICE_TYPES.includes(type) && !options.length) throw unprocessable(t(locale, 'fields.options_needed'), { field: 'options' });
  if (!CHOICE_TYPES.includes(type) && input.options?.length) throw unprocessable(t(locale, 'fields.options_unused'), { field: 'options' });
  // Labels of options removed since are dropped with them; a label for something that never was an option is a mistake.
  for (const k of Object.keys(input.option_labels ?? {}))
    if (!options.includes(k)) throw unprocessable(t(locale, 'fields.option_labels_unknown', { value: k }), { field: 'option_labels' });
  return {
    label: input.label ?? cur!.label,
    type,
    options: CHOICE_TYPES.includes(type) ? options : [],
    option_labels: Object.fromEntries(Object.entries(labels).filter(([k]) => options.includes(k))),
    categories: unique((input.categories ?? cur?.categories ?? []).map((c) => c.toLowerCase())),
    required: input.required ?? cur?.required ?? false,
    visible_to_customers: input.visible_to_customers ?? cur?.visible_to_customers ?? false,
    sensitive: input.sensitive ?? cur?.sensitive ?? false,
    active: input.active ?? cur?.active ?? true,
    position: input.position ?? cur?.position ?? 1000,
  };
}

export function assertKeyFree(locale: string, key: string) {
  if ((RESERVED_KEYS as readonly string[]).includes(key)) throw unprocessable(t(locale, 'fields.key_reserved', { key }), { field: 'key' });
}
