/**
 * Macro text: which language a requester reads, and placeholders filled in one pass. Pure.
 *
 * Placeholders are `{{name}}` (spaces inside the braces allowed). A known name with no value (a
 * requester without an organization) becomes empty text; an unknown name stays as written, so the
 * agent sees it before sending, and is listed in `unknown`. Values are never expanded again: a
 * subject that contains `{{agent.name}}` is inserted as typed.
 */
export const MACRO_LANGUAGES = ['en', 'zh-CN'] as const;
export type MacroLanguage = (typeof MACRO_LANGUAGES)[number];
export type MacroBodies = Record<MacroLanguage, string>;

export const PLACEHOLDERS = [
  'requester.name',
  'requester.first_name',
  'requester.email',
  'ticket.number',
  'ticket.subject',
  'ticket.id',
  'agent.name',
  'agent.email',
  'organization.name',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string | number | null | undefined>>;

const PATTERN = /\{\{\s*([^{}\s]{1,100})\s*\}\}/g;
const KNOWN = new Set<string>(PLACEHOLDERS);

/** The macro language for a person's locale: any Chinese locale reads zh-CN, everything else en. */
export function languageFor(locale: string | null | undefined): MacroLanguage {
  return /^zh\b/i.test(locale ?? '') ? 'zh-CN' : 'en';
}

/** The body in the requester's language, or the other one when that is empty. */
export function pickBody(bodies: MacroBodies, locale: string | null | undefined): { language: MacroLanguage; template: string } {
  const want = languageFor(locale);
  const other: MacroLanguage = want === 'en' ? 'zh-CN' : 'en';
  if (bodies[want].trim()) return { language: want, template: bodies[want] };
  if (bodies[other].trim()) return { language: other, template: bodies[other] };
  return { language: want, template: '' };
}

/** Fills the placeholders of `template`. */
export function renderTemplate(template: string, values: PlaceholderValues): { text: string; unknown: string[] } {
  const unknown = new Set<string>();
  const text = template.replace(PATTERN, (whole, name: string) => {
    if (!KNOWN.has(name)) {
      unknown.add(name);
      return whole;
    }
    const v = values[name as Placeholder];
    return v == null ? '' : String(v);
  });
  return { text, unknown: [...unknown] };
}

/** The first word of a name (Latin script), or the whole name (Chinese names are not split). */
export function firstName(name: string | null | undefined): string {
  const n = (name ?? '').trim();
  if (!n) return '';
  return /\s/.test(n) ? n.split(/\s+/)[0] : n;
}

/** Renders a macro for a requester: the language picked, placeholders filled. */
export function renderMacro(bodies: MacroBodies, locale: string | null | undefined, values: PlaceholderValues) {
  const { language, template } = pickBody(bodies, locale);
  const { text, unknown } = renderTemplate(template, values);
  return { language, text, unknown };
}
