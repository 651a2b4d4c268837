/**
 * The view editor's form and the view filters it stands for (docs/views.md, "Filters"). Pure, so the
 * mapping both ways is tested without a browser. Keys the form does not edit (a date range set through
 * the API, custom fields) are kept as they were: editing a view never drops what it cannot show.
 */
export interface ViewForm {
  name: string;
  shared: boolean;
  status: string[];
  priority: string[];
  /** Group ids as strings, `mine`, `none`. */
  group: string[];
  /** `me`, `none`, and at most one other person's id. */
  assignee: string[];
  channel: string[];
  plan: string[];
  sla: string[];
  /** Comma- or space-separated. */
  tags: string;
  /** "Created in the last N days"; empty: any time. */
  createdDays: string;
  updatedDays: string;
}

const EDITED = ['status', 'priority', 'group', 'assignee', 'channel', 'plan', 'sla', 'tags'] as const;

export const emptyViewForm = (): ViewForm => ({
  name: '',
  shared: false,
  status: [],
  priority: [],
  group: [],
  assignee: [],
  channel: [],
  plan: [],
  sla: [],
  tags: '',
  createdDays: '',
  updatedDays: '',
});

const strings = (v: unknown): string[] => (v == null ? [] : (Array.isArray(v) ? v : [v]).map((x) => String(x)));
const lastDays = (v: unknown): string => {
  const d = (v as { last_days?: unknown } | null | undefined)?.last_days;
  return typeof d === 'number' ? String(d) : '';
};
/** The range keeps its other bounds when only last_days is edited in the form. */
const onlyLastDays = (v: unknown) => {
  if (!v || typeof v !== 'object') return true;
  return Object.keys(v).every((k) => k === 'last_days');
};

/** The form for an existing view (or a blank one). */
export function formFromView(v: { name: string; shared: boolean; filters: Record<string, unknown> } | null): ViewForm {
  if (!v) return emptyViewForm();
  const f = v.filters ?? {};
  return {
    name: v.name,
    shared: v.shared,
    status: strings(f.status),
    priority: strings(f.priority),
    group: strings(f.group),
    assignee: strings(f.assignee),
    channel: strings(f.channel),
    plan: strings(f.plan),
    sla: strings(f.sla),
    tags: strings(f.tags).join(', '),
    createdDays: lastDays(f.created),
    updatedDays: lastDays(f.updated),
  };
}

/** The filters to send: the form's keys (empty ones left out), and whatever else the view had. */
export function filtersFromForm(form: ViewForm, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(previous)) if (!(EDITED as readonly string[]).includes(k)) out[k] = v;
  const ids = (xs: string[]) => xs.map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  if (form.status.length) out.status = form.status;
  if (form.priority.length) out.priority = form.priority;
  if (form.group.length) out.group = ids(form.group);
  if (form.assignee.length) out.assignee = ids(form.assignee);
  if (form.channel.length) out.channel = form.channel;
  if (form.plan.length) out.plan = ids(form.plan);
  if (form.sla.length) out.sla = form.sla;
  const tags = form.tags
    .split(/[,，\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (tags.length) out.tags = tags;
  for (const [key, days] of [
    ['created', form.createdDays],
    ['updated', form.updatedDays],
  ] as const) {
    const n = Number(days);
    if (days.trim() && Number.isInteger(n) && n > 0) out[key] = { last_days: n };
    else if (onlyLastDays(previous[key])) delete out[key];
  }
  return out;
}

/** Adds or removes one value of a list field. */
export function toggled(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((x) => x !== value) : [...list, value];
}
