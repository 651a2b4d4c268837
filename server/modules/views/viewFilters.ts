import { z } from 'zod';
import { CHANNELS, normalizeTags, PRIORITIES, STATUSES, UNSOLVED } from '../../domain/tickets/ticket.ts';
import { text, unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { validationMessage } from '../../http/validationMessages.ts';
import type { TicketFilter } from '../tickets/listTickets.ts';
import type { SortName } from '../tickets/ticketSorts.ts';
import { customFieldFilter } from '../../domain/customFields/customFields.ts';
import { fieldIssuesError } from '../fields/customFieldValues.ts';
import { asDefinition, currentTicketFields } from '../fields/ticketFieldCache.ts';

/** One value or a list of them; stored as a list. */
const some = <T extends z.ZodType>(item: T, max = 50) => z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(item).min(1).max(max));
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const RANGE_ALIASES: Record<string, string> = { after: 'from', since: 'from', gte: 'from', before: 'to', until: 'to', lt: 'to' };
const alias = (table: Record<string, string>, k: string) => (Object.hasOwn(table, k) ? table[k] : k);
const range = z.preprocess(
  (v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [alias(RANGE_ALIASES, k), x]))
      : v,
  z
    .object({
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      last_days: z.number().int().min(1).max(3650).optional().describe('the last N days, counted back from now'),
    })
    .strict()
    .refine((r) => r.from || r.to || r.last_days, { message: 'Give from, to or last_days' }),
);

/** Aliases people write from the ticket list's query parameters. */
const ALIASES: Record<string, string> = {
  assignee_id: 'assignee',
  group_id: 'group',
  plan_id: 'plan',
  tag: 'tags',
  statuses: 'status',
  priorities: 'priority',
  channels: 'channel',
};

/**
 * A view's filters (docs/views.md). Every key is optional; lists mean "any of" (tags: "all of").
 * Unknown keys are refused, so a typo never silently widens a view.
 */
export const viewFilters = z.preprocess(
  (v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const out = new Map<string, unknown>();
    for (const [k, x] of Object.entries(v)) {
      // created_after / updated_before … become created: {from}, updated: {to}.
      const flat = /^(created|updated)_(after|since|from|before|until|to)$/.exec(k);
      if (flat) {
        const r = (out.get(flat[1]) ?? {}) as Record<string, unknown>;
        r[alias(RANGE_ALIASES, flat[2])] = x;
        out.set(flat[1], r);
        continue;
      }
      out.set(alias(ALIASES, k), x);
    }
    return Object.fromEntries(out);
  },
  z
    .object({
      status: some(z.enum(STATUSES), STATUSES.length).optional(),
      priority: some(z.enum(PRIORITIES), PRIORITIES.length).optional(),
      plan: some(z.union([id, z.string().trim().min(1).max(100)]))
        .optional()
        .describe('plan ids or keys'),
      group: some(z.union([id, z.enum(['mine', 'none'])]))
        .optional()
        .describe('group ids, "mine" (the viewer\'s groups) or "none"'),
      assignee: some(z.union([id, z.enum(['me', 'none'])]))
        .optional()
        .describe('person ids, "me" or "none"'),
      tags: some(z.string().trim().min(1).max(64), 20).optional().describe('every one of these tags'),
      channel: some(z.enum(CHANNELS), CHANNELS.length).optional(),
      sla: some(z.enum(['at_risk', 'breached']), 2)
        .optional()
        .describe('breached: a running clock is past due; at_risk: due within the SLA warning time'),
      created: range.optional(),
      updated: range.optional(),
      custom_fields: z
        .record(z.string().max(100), z.unknown())
        .optional()
        .describe('custom field values: {key: value}; a list means any of them (multiselect: all of them)'),
    })
    .strict(),
);
export type ViewFilters = z.infer<typeof viewFilters>;

/** Validates filters from a request or the database: a 422 naming the first bad field (`filters.status`). */
export function parseViewFilters(input: unknown, locale = 'en'): ViewFilters {
  const r = viewFilters.safeParse(input ?? {});
  if (r.success) return { ...r.data, ...(r.data.tags ? { tags: normalizeTags(r.data.tags) } : {}) };
  const issues = r.error.issues.map((i) => {
    // The filter's name (filters.status, filters.created.from), without list positions.
    const unknown = i.code === 'unrecognized_keys' ? ((i as { keys?: string[] }).keys ?? []) : [];
    const path = [...i.path.filter((x) => typeof x === 'string'), ...unknown.slice(0, 1)].join('.');
    return {
      field: `filters${path ? `.${path}` : ''}`,
      message: unknown.length
        ? t(locale, 'views.errors.unknown_filter', { filters: unknown.join(', ') })
        : // zod's own words are English: "应为以下之一：new, open…" in Chinese.
          validationMessage(i as Parameters<typeof validationMessage>[0], i.message, locale),
    };
  });
  const [sep, and] = locale.toLowerCase().startsWith('zh') ? ['：', '；'] : [': ', '; '];
  throw unprocessable(text('views.errors.filters_invalid', { issues: issues.map((i) => `${i.field}${sep}${i.message}`).join(and) }), {
    field: issues[0].field,
    issues,
  });
}

/**
 * Filters a person saves: also checked against the custom field definitions (a known field, not a
 * sensitive one, values of its type): a 422 naming `filters.custom_fields.<key>`.
 */
export function parseSavedViewFilters(input: unknown, locale: string): ViewFilters {
  const f = parseViewFilters(input, locale);
  if (f.custom_fields) {
    const r = customFieldFilter(currentTicketFields().map(asDefinition), f.custom_fields, {
      customer: false,
      field: 'filters.custom_fields',
    });
    if (r.issues.length) throw fieldIssuesError(locale, r.issues);
  }
  return f;
}

/**
 * A stored view's custom field filter. Should it no longer pass the checks (a field made sensitive
 * since), its values are still required literally: a view never widens by itself.
 */
function storedCustomFieldMatch(raw: Record<string, unknown> | undefined) {
  if (!raw || !Object.keys(raw).length) return undefined;
  const r = customFieldFilter(currentTicketFields().map(asDefinition), raw, { customer: false });
  return r.issues.length ? [[raw]] : r.match;
}

/**
 * Unsolved views are listed in queue order (the queue index); a view that includes solved or closed
 * tickets has no queue position and is listed most recently updated first.
 */
export function viewSort(f: ViewFilters): SortName {
  return !f.status || f.status.every((s) => UNSOLVED.includes(s)) ? 'queue' : '-updated_at';
}

const DAY = 24 * 3600_000;
const since = (r: { from?: string; last_days?: number } | undefined, now: Date) => {
  const times = [r?.from ? new Date(r.from).getTime() : null, r?.last_days ? now.getTime() - r.last_days * DAY : null].filter(
    (x): x is number => x != null,
  );
  return times.length ? new Date(Math.max(...times)).toISOString() : undefined;
};

/** The ticket list's filter for a view (server/modules/tickets/listTickets.ts does the querying). */
export function toTicketFilter(f: ViewFilters, now: Date): Omit<TicketFilter, 'limit'> {
  return {
    status: f.status,
    priority: f.priority,
    plan: f.plan,
    group_id: f.group,
    assignee_id: f.assignee,
    tags: f.tags,
    channel: f.channel,
    sla: f.sla,
    created_from: since(f.created, now),
    created_to: f.created?.to,
    updated_from: since(f.updated, now),
    updated_to: f.updated?.to,
    custom_fields: storedCustomFieldMatch(f.custom_fields),
    sort: viewSort(f),
  };
}
