import type { Queryable } from '../../db/client.ts';
import { checkValues, customFieldFilter, type FieldIssue } from '../../domain/customFields/customFields.ts';
import { unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { asDefinition, currentTicketFields, loadTicketFields } from './ticketFieldCache.ts';
import type { TicketFieldRow } from './ticketFieldRepository.ts';

/**
 * A 422 naming the first bad field (`details.field: "custom_fields.plan_tier"`), every issue listed in
 * `details.issues`. The messages name a field by its label in the reader's language, as the forms show
 * it ("“区域 ID”必须是文本。"), and by its key only when it has none (an unknown key).
 */
export function fieldIssuesError(locale: string, issues: FieldIssue[], fields: readonly TicketFieldRow[] = currentTicketFields()) {
  const labels = new Map(fields.map((f) => [f.key, f.label]));
  const nameOf = (key: string) => {
    const l = labels.get(key);
    return (locale.startsWith('zh') ? l?.['zh-CN'] : l?.en) || l?.en || key;
  };
  // At most 20 are described: a body of thousands of bad keys gets a short answer.
  const described = issues.slice(0, 20).map((i) => ({
    field: i.field,
    reason: i.reason,
    message: t(locale, `fields.${i.reason}`, { name: nameOf(i.key), value: i.value }),
  }));
  return unprocessable(described.map((d) => d.message).join(' '), {
    field: described[0].field,
    reason: described[0].reason,
    issues: described,
  });
}

/**
 * Checks the custom field values a ticket write carries, against the definitions in the table
 * (never the cache). Answers the normalized values of defined fields (`null`: remove the key) and
 * the other `fields` keys, which pass through as before. An import is history: it is stored as given.
 */
export async function checkTicketValues(
  q: Queryable,
  o: {
    actor: Principal;
    category: string | null;
    custom?: Record<string, unknown>;
    legacy?: Record<string, unknown>;
    enforceRequired: boolean;
    /** False when the caller already knows no field is required (ticketRepository.creationContext): nothing to enforce. */
    requiredFieldsExist?: boolean;
  },
): Promise<{ values: Record<string, unknown>; rest: Record<string, unknown> }> {
  if (o.actor.via === 'import') return { values: {}, rest: { ...o.legacy, ...o.custom } };
  // Nothing to check (mail, splits, or no value given and no field required): no read at all.
  const given = (x?: Record<string, unknown>) => !!x && Object.keys(x).length > 0;
  if (!given(o.custom) && !given(o.legacy) && (!o.enforceRequired || o.requiredFieldsExist === false)) return { values: {}, rest: {} };
  const rows = await loadTicketFields(q);
  const defs = rows.map(asDefinition);
  if (!defs.length && !o.custom) return { values: {}, rest: { ...o.legacy } };
  const r = checkValues(
    defs,
    { custom: o.custom, legacy: o.legacy },
    { category: o.category, customer: !isStaff(o.actor), enforceRequired: o.enforceRequired },
  );
  if (r.issues.length) throw fieldIssuesError(o.actor.locale, r.issues, rows);
  return { values: r.values, rest: r.rest };
}

/** Applies checked values to a ticket's `fields`: `null` removes a key. */
export function withValues(fields: Record<string, unknown>, values: Record<string, unknown>) {
  const out = { ...fields };
  for (const [k, v] of Object.entries(values)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/**
 * A `custom_fields` filter (a JSON object, or its text from a query string) as containment
 * documents for the ticket list (`ticketConditions`). Checked against the cached definitions:
 * customers may filter only on fields shown to them, nobody on a sensitive one.
 */
export function customFieldMatch(
  actor: Principal,
  raw: unknown,
  field = 'custom_fields',
): Array<Array<Record<string, unknown>>> | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw unprocessable(t(actor.locale, 'fields.bad_filter'), { field });
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw unprocessable(t(actor.locale, 'fields.bad_filter'), { field });
  const r = customFieldFilter(currentTicketFields().map(asDefinition), value, { customer: !isStaff(actor), field });
  if (r.issues.length) throw fieldIssuesError(actor.locale, r.issues);
  return r.match.length ? r.match : undefined;
}
