import type { Queryable } from '../../db/client.ts';
import type { KbLocale } from '../../domain/kb/articles.ts';
import { presentCategory } from './kbPresenter.ts';
import { kbRepository } from './kbRepository.ts';

/** The help center's categories in their order (public: their names are on the public pages). */
export async function listCategories(db: Queryable, o: { locale: KbLocale }) {
  return (await kbRepository.categories(db)).map((c) => presentCategory(c, o.locale));
}
