import type { Queryable } from '../../db/client.ts';
import { kbRepository } from './kbRepository.ts';

/** A public category page (`/help/{slug}`): its published articles; null when there is no such category. */
export async function getHelpCategory(db: Queryable, o: { slug: string }) {
  const category = await kbRepository.categoryBySlug(db, o.slug);
  if (!category) return null;
  return { category, articles: await kbRepository.published(db, { categoryId: category.id, limit: 500 }) };
}
