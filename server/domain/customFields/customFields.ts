/**
 * Custom ticket fields (docs/custom-fields.md): what an admin defines, and the one check every
 * entry point applies to the values a ticket carries. Pure: definitions and values in, normalized
 * values or issues out. Messages are the caller's (issues carry a reason code and the field's key).
 */

export const FIELD_TYPES = ['text', 'number', 'date', 'select', 'multiselect', 'checkbox'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A key: lower-case letters, digits and `_`, starting with a letter (it is a JSON key in every ticket). */
export const FIELD_KEY = /^[a-z][a-z0-9_]{0,62}$/;
/** Keys Kefu itself writes into a ticket's `fields` (the guided form, email intake): never definable. */
export const RESERVED_KEYS = ['submitted_via', 'cc', 'follow_up_of'] as const;

export const MAX_TEXT = 10_000;
export const MAX_CHOICES = 100;

export interface FieldDefinition {
  key: string;
  type: FieldType;
  /** select / multiselect: the values offered now. Values removed later stay on old tickets. */
  options: string[];
  /** Categories whose tickets ask for the field; empty: every ticket. */
  categories: string[];
  required: boolean;
  visible_to_customers: boolean;
  sensitive: boolean;
  /** An inactive field is no longer asked for or written; old values stay. */
  active: boolean;
}

export type FieldIssueReason =
  | 'unknown'
  | 'not_text'
  | 'too_long'
  | 'not_number'
  | 'not_date'
  | 'not_option'
  | 'not_list'
  | 'not_boolean'
  | 'required'
  | 'sensitive_filter'
  | 'too_many';

export interface FieldIssue {
  /** Where the value came from and its key: `custom_fields.plan_tier`, `fields.domain`. */
  field: string;
  key: string;
  reason: FieldIssueReason;
  /** The offending option, for `not_option`. */
  value?: string;
}

/** Does the field belong on a ticket of this category? */
export function appliesTo(def: Pick<FieldDefinition, 'categories'>, category: string | null | undefined): boolean {
  if (!def.categories.length) return true;
  const c = category?.toLowerCase();
  return c != null && def.categories.some((x) => x.toLowerCase() === c);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1 && dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

type Checked = { ok: true; value: unknown } | { ok: false; reason: FieldIssueReason; value?: string };

/**
 * One value of one field, normalized: text trimmed, multiselect choices deduplicated in the order
 * given. `null` (and an empty text, choice or list) means "no value": the key is removed.
 */
export function checkValue(def: FieldDefinition, v: unknown): Checked {
  if (v === null) return { ok: true, value: null };
  switch (def.type) {
    case 'text': {
      if (typeof v !== 'string') return { ok: false, reason: 'not_text' };
      const s = v.trim();
      if (s.length > MAX_TEXT) return { ok: false, reason: 'too_long' };
      return { ok: true, value: s || null };
    }
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? { ok: true, value: v } : { ok: false, reason: 'not_number' };
    case 'date':
      return typeof v === 'string' && isCalendarDate(v.trim()) ? { ok: true, value: v.trim() } : { ok: false, reason: 'not_date' };
    case 'checkbox':
      return typeof v === 'boolean' ? { ok: true, value: v } : { ok: false, reason: 'not_boolean' };
    case 'select':
      if (v === '') return { ok: true, value: null };
      if (typeof v !== 'string') return { ok: false, reason: 'not_option', value: String(v).slice(0, 100) };
      return def.options.includes(v) ? { ok: true, value: v } : { ok: false, reason: 'not_option', value: v.slice(0, 100) };
    case 'multiselect': {
      if (!Array.isArray(v)) return { ok: false, reason: 'not_list' };
      if (v.length > MAX_CHOICES) return { ok: false, reason: 'too_many' };
      const out: string[] = [];
      for (const x of v) {
        if (typeof x !== 'string' || !def.options.includes(x)) return { ok: false, reason: 'not_option', value: String(x).slice(0, 100) };
        if (!out.includes(x)) out.push(x);
      }
      return { ok: true, value: out.length ? out : null };
    }
  }
}

export interface ValuesContext {
  /** The ticket's category (after this change). */
  category: string | null;
  /** A customer writes: only fields visible to customers exist for them. */
  customer: boolean;
  /** Creating a ticket through the API or the portal: required fields of the category must be given. */
  enforceRequired: boolean;
}

/**
 * Checks the values a request writes. `custom` holds `custom_fields` (every key must be a defined,
 * active field the writer may see); `legacy` holds the older `fields` object, whose keys that name
 * a defined field are checked the same way (so `fields` is no way around the rules) while other
 * keys pass through as before (`rest`). Answers the normalized values by key (`null`: remove) and every issue.
 */
export function checkValues(
  defs: readonly FieldDefinition[],
  input: { custom?: Record<string, unknown>; legacy?: Record<string, unknown> },
  ctx: ValuesContext,
): { values: Record<string, unknown>; rest: Record<string, unknown>; issues: FieldIssue[] } {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const rest: Record<string, unknown> = {};
  const usable = (d: FieldDefinition | undefined): d is FieldDefinition => !!d && d.active && (!ctx.customer || d.visible_to_customers);
  const values: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  const seen = (source: 'custom_fields' | 'fields', key: string, v: unknown) => {
    const def = byKey.get(key);
    if (!usable(def)) {
      // A field hidden from customers does not exist for them: the same answer as an unknown key.
      if (source === 'custom_fields' || def) issues.push({ field: `${source}.${key}`, key, reason: 'unknown' });
      else rest[key] = v;
      return;
    }
    const r = checkValue(def, v);
    if (!r.ok) issues.push({ field: `${source}.${key}`, key, reason: r.reason, ...(r.value !== undefined ? { value: r.value } : {}) });
    else values[key] = r.value;
  };
  for (const [k, v] of Object.entries(input.legacy ?? {})) if (!Object.hasOwn(input.custom ?? {}, k)) seen('fields', k, v);
  for (const [k, v] of Object.entries(input.custom ?? {})) seen('custom_fields', k, v);
  for (const d of defs) {
    if (!d.required || !usable(d) || !appliesTo(d, ctx.category)) continue;
    const given = Object.hasOwn(values, d.key);
    const cleared = given && values[d.key] === null;
    if ((ctx.enforceRequired && !given) || cleared) {
      if (!issues.some((i) => i.key === d.key)) issues.push({ field: `custom_fields.${d.key}`, key: d.key, reason: 'required' });
    }
  }
  return { values, rest, issues };
}

/** The defined keys in a ticket's `fields`: its `custom_fields`. Customers see only those visible to them. */
export function customFieldsOf(defs: readonly FieldDefinition[], fields: Record<string, unknown> | null | undefined, customer: boolean) {
  const out: Record<string, unknown> = {};
  const hidden: string[] = [];
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const [k, v] of Object.entries(fields ?? {})) {
    const d = byKey.get(k);
    if (!d) continue;
    if (customer && !d.visible_to_customers) hidden.push(k);
    else out[k] = v;
  }
  return { custom: out, hidden };
}

/**
 * A filter on custom fields, `{key: value}` (all must hold). A list means any of those values,
 * except for a multiselect, where the ticket must have every listed choice. Answers containment
 * documents for `fields @> doc` (one GIN lookup each): groups that are all AND-ed, the documents
 * inside a group OR-ed; single values share one document.
 */
export function customFieldFilter(
  defs: readonly FieldDefinition[],
  raw: unknown,
  ctx: { customer: boolean; field?: string },
): { match: Array<Array<Record<string, unknown>>>; issues: FieldIssue[] } {
  const base = ctx.field ?? 'custom_fields';
  const issues: FieldIssue[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { match: [], issues: [{ field: base, key: '', reason: 'unknown' }] };
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > 20) return { match: [], issues: [{ field: base, key: '', reason: 'too_many' }] };
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const single: Record<string, unknown> = {};
  const groups: Array<Array<Record<string, unknown>>> = [];
  for (const [key, v] of entries) {
    const field = `${base}.${key}`;
    const d = byKey.get(key);
    if (!d || (ctx.customer && !d.visible_to_customers)) {
      issues.push({ field, key, reason: 'unknown' });
      continue;
    }
    // Filtering would reveal what verification withholds (does ticket 12 have card_last4 4242?).
    if (d.sensitive) {
      issues.push({ field, key, reason: 'sensitive_filter' });
      continue;
    }
    const list = Array.isArray(v) ? v : [v];
    if (!list.length || list.length > 20) {
      issues.push({ field, key, reason: list.length ? 'too_many' : 'not_list' });
      continue;
    }
    // Old tickets may keep an option removed since: filtering on it is fine, so options are not checked.
    const loose: FieldDefinition = { ...d, options: list.map(String), type: d.type === 'multiselect' ? 'text' : d.type };
    const checked = list.map((x) => checkValue(loose, x));
    const bad = checked.find((c) => !c.ok || c.value === null);
    if (bad) {
      issues.push({ field, key, reason: bad.ok ? 'not_text' : bad.reason });
      continue;
    }
    const vals = checked.map((c) => (c as { value: unknown }).value);
    if (d.type === 'multiselect') single[key] = [...new Set(vals)];
    else if (vals.length === 1) single[key] = vals[0];
    else groups.push(vals.map((x) => ({ [key]: x })));
  }
  const match = Object.keys(single).length ? [[single], ...groups] : groups;
  return { match: issues.length ? [] : match, issues };
}
