import type { Asset, Organization, Priority } from '../../api/types.ts';

export const CATEGORIES = ['availability', 'dns', 'ssl', 'performance', 'security', 'configuration', 'account', 'billing', 'other'] as const;
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
  priority: Priority | '';
  occurredAt: string; // "YYYY-MM-DDTHH:MM", UTC
  zone: string;
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
  organization: null, asset: null, noAsset: false, summary: '', category: '', priority: '', occurredAt: '', zone: '', frequency: '',
  steps: '', expected: '', actual: '', urls: '', errors: '', outputs: [], files: [],
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

export const urlList = (s: string) => s.split(/\s+/).map((x) => x.trim()).filter(Boolean);

/** Structured details as ticket `fields`, kept for reports and later automation. */
export function toFields(d: Draft): Record<string, unknown> {
  const f: Record<string, unknown> = { submitted_via: 'portal_guided' };
  if (d.occurredAt) f.occurred_at_utc = `${d.occurredAt}:00Z`;
  if (d.zone.trim()) f.zone = d.zone.trim();
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

/** A readable message body composed from the structured details, in the customer's language. */
export function composeBody(d: Draft, t: (k: string, o?: Record<string, unknown>) => string): string {
  const lines: string[] = [d.summary.trim(), ''];
  const kv = (label: string, v: string | undefined | null) => { if (v && v.trim()) lines.push(t('new.body.kv', { label, value: v.trim() })); };
  kv(t('new.review.organization'), d.organization?.name);
  kv(t('new.review.asset'), d.asset?.name);
  kv(t('new.review.category'), d.category ? t(`category.${d.category}.name`) : '');
  kv(t('new.review.priority'), d.priority ? `${d.priority} — ${t(`priority.${d.priority}.name`)}` : '');
  kv(t('new.details.occurred'), d.occurredAt ? `${d.occurredAt.replace('T', ' ')} UTC` : '');
  kv(t('new.details.zone'), d.zone);
  kv(t('new.details.frequency'), d.frequency ? t(`new.frequency.${d.frequency}`) : '');
  const block = (label: string, v: string) => { if (v.trim()) lines.push('', t('new.body.block', { label }), v.trim()); };
  block(t('new.details.steps'), d.steps);
  block(t('new.details.expected'), d.expected);
  block(t('new.details.actual'), d.actual);
  const urls = urlList(d.urls);
  if (urls.length) lines.push('', t('new.body.block', { label: t('new.details.urls') }), ...urls.map((u) => `- ${u}`));
  block(t('new.details.errors'), d.errors);
  for (const o of d.outputs) if (o.text.trim()) lines.push('', `--- ${t(`new.tool.${o.tool}`)} ---`, '```', o.text.trimEnd(), '```');
  if (d.files.length) lines.push('', t('new.body.kv', { label: t('new.details.files'), value: d.files.map((f) => f.name).join(', ') }));
  return lines.join('\n').trim();
}
