import type { Queryable } from '../../db/client.ts';
import { kbRepository } from './kbRepository.ts';

/**
 * A published article for its public page; null for a draft or an unknown id, so a draft is
 * indistinguishable from nothing. `moved` when `slug` is not the article's (the page redirects);
 * otherwise the view is counted.
 */
export async function getHelpArticle(db: Queryable, o: { id: number; slug: string | null }) {
  const article = await kbRepository.publishedArticle(db, o.id);
  if (!article) return null;
  if (o.slug !== article.slug) return { article, category: null, moved: true };
  await kbRepository.count(db, o.id, { views: 1 });
  const category = article.category_id ? await kbRepository.category(db, article.category_id) : null;
  return { article, category, moved: false };
}
