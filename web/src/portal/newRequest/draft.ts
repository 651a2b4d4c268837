import type { Asset, Organization, Priority } from '../../api/types.ts';

export const FREQUENCIES = ['once', 'intermittent', 'always'] as const;
export const TOOLS = ['dig', 'traceroute', 'mtr', 'curl'] as const;
export type Tool = (typeof TOOLS)[number];

export interface Draft {
  organization: Organization | null;
  asset: Asset | null;
  /** true once the customer said the request is not about one asset. */
  noAsset: boolean;
  summary: string;
  category: string;
  /** Whether the chosen category asks for the engineer's details (from the server's category list). */
  technical: boolean;
  priority: Priority | '';
  /** The full details of the question, in the customer's words (seed 000 step 10). */
  description: string;
  occurredAt: string; // "YYYY-MM-DDTHH:MM", UTC
  /** One of the organization's domains (never free text: support covers only domains tied to the account). */
  domain: string;
  frequency: string;
  steps: string;
  expected: string;
  actual: string;
  urls: string;
  errors: string;
  outputs: Array<{ tool: Tool; text: string }>;
  files: File[];
}

export const emptyDraft = (): Draft => ({
  organization: null,
  asset: null,
  noAsset: false,
  summary: '',
  category: '',
  technical: false,
  priority: '',
  description: '',
  occurredAt: '',
  domain: '',
  frequency: '',
  steps: '',
  expected: '',
  actual: '',
  urls: '',
  errors: '',
  outputs: [],
  files: [],
});

export type StepId = 'organization' | 'asset' | 'summary' | 'checking' | 'category' | 'priority' | 'details' | 'review';
export const STEPS: StepId[] = ['organization', 'asset', 'summary', 'checking', 'category', 'priority', 'details', 'review'];

/** What the step still needs before Next, as an i18n key; null when it may go on. */
export function missing(step: StepId, d: Draft): string | null {
  if (step === 'organization' && !d.organization) return 'new.err.organization';
  if (step === 'asset' && !d.asset && !d.noAsset) return 'new.err.asset';
  if (step === 'summary' && d.summary.trim().length < 5) return 'new.err.summary';
  if (step === 'category' && !d.category) return 'new.err.category';
  if (step === 'priority' && !d.priority) return 'new.err.priority';
  return null;
}

export const urlList = (s: string) =>
  s
    .split(/\s+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** The desk's sensitive settings (GET /ticket-form `sensitive`). */
export interface Sensitive {
  fields: string[];
  categories: string[];
}
export const NOTHING_SENSITIVE: Sensitive = { fields: [], categories: [] };

/**
 * Is this `fields` key shown to staff only after the requester is verified? Then it stays out of the
 * message body too: the server withholds sensitive fields, and a body copy would undo that.
 */
export function isWithheld(key: string, category: string, s: Sensitive): boolean {
  if (key === 'submitted_via') return false;
  return (!!category && s.categories.includes(category.toLowerCase())) || s.fields.includes(key);
}

/** Structured details as ticket `fields`; the engineer's details only for a technical category. */
export function toFields(d: Draft): Record<string, unknown> {
  const f: Record<string, unknown> = { submitted_via: 'portal_guided' };
  if (d.description.trim()) f.description = d.description.trim();
  if (d.occurredAt) f.occurred_at_utc = `${d.occurredAt}:00Z`;
  if (!d.technical) return f;
  if (d.domain) f.domain = d.domain;
  if (d.frequency) f.frequency = d.frequency;
  if (d.steps.trim()) f.steps_to_reproduce = d.steps.trim();
  if (d.expected.trim()) f.expected_result = d.expected.trim();
  if (d.actual.trim()) f.actual_result = d.actual.trim();
  if (urlList(d.urls).length) f.urls = urlList(d.urls);
  if (d.errors.trim()) f.error_messages = d.errors.trim();
  const outputs = d.outputs.filter((o) => o.text.trim());
  if (outputs.length) f.diagnostics = outputs.map((o) => ({ tool: o.tool, output: o.text }));
  return f;
}

/** The `fields` keys of this draft that staff see only after verification (for the review step). */
export const withheldKeys = (d: Draft, s: Sensitive) => Object.keys(toFields(d)).filter((k) => isWithheld(k, d.category, s));

type T = (k: string, o?: Record<string, unknown>) => string;

/**
 * A readable message body composed from the structured details, in the customer's language.
 * Sensitive fields are left out (they stay in `fields`, shown to staff after verification); a line
 * says so. Tool output is fenced (```) so the conversation shows it in a monospace block.
 */
export function composeBody(d: Draft, t: T, s: Sensitive = NOTHING_SENSITIVE): string {
  const f = toFields(d);
  const show = (key: string) => f[key] !== undefined && !isWithheld(key, d.category, s);
  const lines: string[] = [d.summary.trim(), ''];
  const kv = (label: string, v: string | undefined | null) => {
    if (v && v.trim()) lines.push(t('new.body.kv', { label, value: v.trim() }));
  };
  kv(t('new.review.organization'), d.organization?.name);
  kv(t('new.review.asset'), d.asset?.name);
  kv(t('new.review.category'), d.category ? t(`category.${d.category}.name`, { defaultValue: d.category }) : '');
  kv(t('new.review.priority'), d.priority ? `${d.priority} — ${t(`priority.${d.priority}.name`)}` : '');
  if (show('occurred_at_utc')) kv(t('new.details.occurred'), `${d.occurredAt.replace('T', ' ')} UTC`);
  if (show('domain')) kv(t('new.details.domain'), d.domain);
  if (show('frequency')) kv(t('new.details.frequency'), t(`new.frequency.${d.frequency}`));
  const block = (key: string, label: string, v: string) => {
    if (show(key)) lines.push('', t('new.body.block', { label }), v.trim());
  };
  block('description', t('new.details.description'), d.description);
  block('steps_to_reproduce', t('new.details.steps'), d.steps);
  block('expected_result', t('new.details.expected'), d.expected);
  block('actual_result', t('new.details.actual'), d.actual);
  if (show('urls')) lines.push('', t('new.body.block', { label: t('new.details.urls') }), ...urlList(d.urls).map((u) => `- ${u}`));
  block('error_messages', t('new.details.errors'), d.errors);
  if (show('diagnostics'))
    for (const o of d.outputs) if (o.text.trim()) lines.push('', `--- ${t(`new.tool.${o.tool}`)} ---`, '```', o.text.trimEnd(), '```');
  if (d.files.length) lines.push('', t('new.body.kv', { label: t('new.details.files'), value: d.files.map((x) => x.name).join(', ') }));
  if (withheldKeys(d, s).length) lines.push('', t('new.body.withheld'));
  return lines.join('\n').trim();
}
