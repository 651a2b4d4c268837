import type { Queryable } from '../../db/client.ts';
import { conflict, notFound, text } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { pgCode } from '../shared/cursor.ts';
import { kbPolicy } from './kbPolicy.ts';
import { presentCategory } from './kbPresenter.ts';
import { kbRepository } from './kbRepository.ts';

export interface CategoryInput {
  slug?: string;
  name_en?: string;
  name_zh?: string;
  position?: number;
}

const taken = (slug: string | undefined) => conflict(text('help.errors.category_slug_taken', { slug }), { field: 'slug' });

/** Creates (no id) or changes (id) a help center category (admins). */
export async function saveCategory(q: Queryable, o: { actor: Principal; id?: number; input: CategoryInput }) {
  kbPolicy.categories(o.actor);
  const { input } = o;
  if (o.id === undefined) {
    const row = await kbRepository.insertCategory(q, {
      slug: input.slug!,
      name_en: input.name_en!,
      name_zh: input.name_zh!,
      position: input.position ?? null,
    });
    if (!row) throw taken(input.slug);
    return presentCategory(row, o.actor.locale === 'zh-CN' ? 'zh-CN' : 'en');
  }
  try {
    const row = await kbRepository.updateCategory(q, o.id, input);
    if (!row) throw notFound('Help center category', o.id);
    return presentCategory(row, o.actor.locale === 'zh-CN' ? 'zh-CN' : 'en');
  } catch (e) {
    if (pgCode(e) === '23505') throw taken(input.slug);
    throw e;
  }
}
