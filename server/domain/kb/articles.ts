/**
 * Help center articles (docs/help-center.md): pure rules on language versions, slugs and URLs.
 * An article has an English and a Chinese version; either may be empty while it is written.
 */
export type KbLocale = 'en' | 'zh-CN';

export interface Bilingual {
  title_en: string;
  title_zh: string;
  body_md_en: string;
  body_md_zh: string;
}

/**
 * The version to show a reader of `locale`: theirs when it has a title, otherwise the other one
 * (an article written in one language only is still useful). Returns the language shown.
 */
export function versionFor(a: Bilingual, locale: KbLocale): KbLocale {
  const own = locale === 'zh-CN' ? a.title_zh : a.title_en;
  if (own.trim()) return locale;
  return locale === 'zh-CN' ? 'en' : 'zh-CN';
}

export const titleIn = (a: Pick<Bilingual, 'title_en' | 'title_zh'>, l: KbLocale) => (l === 'zh-CN' ? a.title_zh : a.title_en);
export const bodyIn = (a: Pick<Bilingual, 'body_md_en' | 'body_md_zh'>, l: KbLocale) => (l === 'zh-CN' ? a.body_md_zh : a.body_md_en);

/**
 * A URL slug from a title: lower-case ASCII letters and digits joined by '-', at most 80
 * characters. A title with none (a Chinese title) gives `fallback` (e.g. "article").
 */
export function slugify(title: string, fallback = 'article'): string {
  const s = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return s || fallback;
}

export const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
export const CATEGORY_SLUG = /^[a-z0-9][a-z0-9-]{0,59}$/;

/** The public page of an article, relative to the desk's address; `?lang=` names the language shown. */
export function articlePath(a: { id: number; slug: string }, locale?: KbLocale): string {
  return `/help/articles/${a.id}-${a.slug}${locale ? `?lang=${locale}` : ''}`;
}

/** `12-refunds` or `12` → its id and slug; null when it does not start with an id. */
export function parseArticleRef(ref: string): { id: number; slug: string | null } | null {
  const m = /^([1-9][0-9]{0,15})(?:-(.*))?$/.exec(ref);
  if (!m) return null;
  const id = Number(m[1]);
  if (!Number.isSafeInteger(id)) return null;
  return { id, slug: m[2] ?? null };
}
