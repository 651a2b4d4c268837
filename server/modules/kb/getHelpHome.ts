import type { Queryable } from '../../db/client.ts';
import type { KbLocale } from '../../domain/kb/articles.ts';
import { toTsQuery } from '../../domain/search/tokenize.ts';
import { kbRepository } from './kbRepository.ts';
import { searchArticles } from './searchArticles.ts';

/** Articles listed per category on the public home page. */
const PER_CATEGORY = 10;

/**
 * The public help center home (`/help`): categories with their newest published articles and the
 * published articles without a category; with `q`, the search results instead (none for a query
 * with nothing searchable in it: a page answers, it does not refuse).
 */
export async function getHelpHome(db: Queryable, o: { locale: KbLocale; q?: string }) {
  const categories = await kbRepository.categories(db);
  if (o.q?.trim()) {
    const results = toTsQuery(o.q) ? await searchArticles(db, { q: o.q, locale: o.locale, limit: 20 }) : [];
    return { categories, results, sections: [] };
  }
  const articles = await kbRepository.published(db, { limit: 500 });
  const sections = [...categories.map((c) => ({ category: c as typeof c | null })), { category: null }]
    .map((s) => ({ ...s, articles: articles.filter((a) => a.category_id === (s.category?.id ?? null)).slice(0, PER_CATEGORY) }))
    .filter((s) => s.articles.length > 0);
  return { categories, results: null, sections };
}
