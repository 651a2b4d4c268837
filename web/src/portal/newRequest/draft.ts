import type { Asset, Organization, Priority } from '../../api/types.ts';
import { readValue, type fieldText, type TicketField } from '../../api/ticketFields.ts';

export interface Draft {
  organization: Organization | null;
  asset: Asset | null;
  /** true once the customer said the request is not about one asset. */
  noAsset: boolean;
  summary: string;
  category: string;
  priority: Priority | '';
  /** The full details of the question, in the customer's words (seed 000 step 10). */
  description: string;
  occurredAt: string; // "YYYY-MM-DDTHH:MM", UTC
  /**
   * Values of the custom ticket fields, by key. The details step asks the fields of the chosen
   * category (GET /ticket-fields?category=); only those are sent, so answers left over from
   * another category are not.
   */
  custom: Record<string, unknown>;
  files: File[];
}

export const emptyDraft = (): Draft => ({
  organization: null,
  asset: null,
  noAsset: false,
  summary: '',
  category: '',
  priority: '',
  description: '',
  occurredAt: '',
  custom: {},
  files: [],
});

export type StepId = 'organization' | 'asset' | 'summary' | 'checking' | 'category' | 'priority' | 'details' | 'review';
export const STEPS: StepId[] = ['organization', 'asset', 'summary', 'checking', 'category', 'priority', 'details', 'review'];

/** What the form knows about the customer's accounts and the chosen account's assets (undefined: still loading). */
export interface StepContext {
  /** How many organizations the customer belongs to. */
  organizations?: number;
  /** The chosen organization's assets, by kind. */
  assets?: { kind: string }[];
}

/**
 * The steps this customer walks, in order (docs/forms.md, "Steps that do not apply are left out"):
 * no account and no asset step without an organization, no asset step when the account owns
 * nothing, and the checks only for a domain (chosen, or, before the choice, one the account owns).
 * While something is loading, the step stays, so the progress never jumps forward.
 */
export function stepsFor(d: Pick<Draft, 'asset' | 'noAsset'>, ctx: StepContext): StepId[] {
  const noOrganization = ctx.organizations === 0;
  const noAssets = noOrganization || ctx.assets?.length === 0;
  const domainPossible = d.asset ? d.asset.kind === 'domain' : !d.noAsset && (!ctx.assets || ctx.assets.some((a) => a.kind === 'domain'));
  return STEPS.filter((s) => {
    if (s === 'organization') return !noOrganization;
    if (s === 'asset') return !noAssets;
    if (s === 'checking') return !noAssets && domainPossible;
    return true;
  });
}

const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** What the step still needs before Next, as an i18n key (with the field's label); null when it may go on. */
export function missing(step: StepId, d: Draft, fields: TicketField[] = []): string | null {
  if (step === 'organization' && !d.organization) return 'new.err.organization';
  if (step === 'asset' && !d.asset && !d.noAsset) return 'new.err.asset';
  if (step === 'summary' && d.summary.trim().length < 5) return 'new.err.summary';
  if (step === 'category' && !d.category) return 'new.err.category';
  if (step === 'priority' && !d.priority) return 'new.err.priority';
  if (step === 'details' && fields.some((f) => f.required && empty(d.custom[f.key]))) return 'new.err.required';
  return null;
}

/** The desk's sensitive settings (GET /ticket-form `sensitive`: the setting's keys and the custom fields defined as sensitive). */
export interface Sensitive {
  fields: string[];
  categories: string[];
}
export const NOTHING_SENSITIVE: Sensitive = { fields: [], categories: [] };

/**
 * Is this key shown to staff only after the requester is verified? Then it stays out of the
 * message body too: the server withholds sensitive fields, and a body copy would undo that.
 */
export function isWithheld(key: string, category: string, s: Sensitive): boolean {
  if (key === 'submitted_via') return false;
  return (!!category && s.categories.includes(category.toLowerCase())) || s.fields.includes(key);
}

/** What the portal itself asks of every ticket, as ticket `fields`. */
export function toFields(d: Draft): Record<string, unknown> {
  const f: Record<string, unknown> = { submitted_via: 'portal_guided' };
  if (d.description.trim()) f.description = d.description.trim();
  if (d.occurredAt) f.occurred_at_utc = `${d.occurredAt}:00Z`;
  return f;
}

/** The answers to the category's custom fields, as `custom_fields` (empty answers left out). */
export function toCustomFields(d: Draft, fields: TicketField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = d.custom[f.key];
    if (typeof v === 'string' ? !v.trim() : empty(v)) continue;
    out[f.key] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/** The keys of this draft that staff see only after verification (for the review step). */
export const withheldKeys = (d: Draft, s: Sensitive, fields: TicketField[] = []) =>
  [...Object.keys(toFields(d)), ...Object.keys(toCustomFields(d, fields))].filter((k) => isWithheld(k, d.category, s));

type T = (k: string, o?: Record<string, unknown>) => string;
type Text = ReturnType<typeof fieldText>;
/** Machine output: fenced in the body (```), so the conversation shows it in a monospace block. */
const FENCED = new Set(['tool_output']);

/**
 * A readable message body composed from the structured details, in the customer's language.
 * Sensitive fields are left out (they stay in `fields`, shown to staff after verification); a line
 * says so.
 */
export function composeBody(d: Draft, t: T, s: Sensitive = NOTHING_SENSITIVE, fields: TicketField[] = [], text?: Text): string {
  const f = toFields(d);
  const custom = toCustomFields(d, fields);
  const show = (key: string) => (f[key] !== undefined || custom[key] !== undefined) && !isWithheld(key, d.category, s);
  const lines: string[] = [d.summary.trim(), ''];
  const kv = (label: string, v: string | undefined | null) => {
    if (v && v.trim()) lines.push(t('new.body.kv', { label, value: v.trim() }));
  };
  kv(t('new.review.organization'), d.organization?.name);
  kv(t('new.review.asset'), d.asset?.name);
  kv(t('new.review.category'), d.category ? t(`category.${d.category}.name`, { defaultValue: d.category }) : '');
  kv(t('new.review.priority'), d.priority ? `${d.priority} — ${t(`priority.${d.priority}.name`)}` : '');
  if (show('occurred_at_utc')) kv(t('new.details.occurred'), `${d.occurredAt.replace('T', ' ')} UTC`);
  const label = (x: TicketField) => (text ? text.label(x) : x.key);
  const yesNo = (b: boolean) => t(b ? 'common.yes' : 'common.no');
  const blocks: string[] = [];
  // Short answers as "Label: value" lines, longer text as blocks after the description.
  for (const x of fields) {
    if (!show(x.key)) continue;
    const v = custom[x.key];
    if (FENCED.has(x.key)) blocks.push('', t('new.body.block', { label: label(x) }), '```', String(v).trimEnd(), '```');
    else if (x.type === 'text' && String(v).includes('\n')) blocks.push('', t('new.body.block', { label: label(x) }), String(v));
    else kv(label(x), text ? readValue(x, v, text, yesNo) : String(v));
  }
  if (show('description')) lines.push('', t('new.body.block', { label: t('new.details.description') }), d.description.trim());
  lines.push(...blocks);
  if (d.files.length) lines.push('', t('new.body.kv', { label: t('new.details.files'), value: d.files.map((x) => x.name).join(', ') }));
  if (withheldKeys(d, s, fields).length) lines.push('', t('new.body.withheld'));
  return lines.join('\n').trim();
}
