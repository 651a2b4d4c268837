import type { Db } from '../../db/client.ts';
import { notFound, text, unprocessable } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { articleValues } from './articleValues.ts';
import { kbPolicy } from './kbPolicy.ts';
import { presentArticle } from './kbPresenter.ts';
import { kbRepository } from './kbRepository.ts';

export interface ArticleInput {
  category_id?: number | null;
  slug?: string;
  title_en?: string;
  title_zh?: string;
  body_md_en?: string;
  body_md_zh?: string;
  status?: 'draft' | 'published';
}

/** Writes a new help article: a draft by default; published only by an admin. */
export async function createArticle(db: Db, o: { actor: Principal; input: ArticleInput }) {
  const { actor, input } = o;
  kbPolicy.writeDraft(actor);
  const status = input.status ?? 'draft';
  if (status === 'published') kbPolicy.publish(actor);
  const a = {
    category_id: input.category_id ?? null,
    slug: input.slug,
    title_en: input.title_en ?? '',
    title_zh: input.title_zh ?? '',
    body_md_en: input.body_md_en ?? '',
    body_md_zh: input.body_md_zh ?? '',
    status,
  };
  if (!a.title_en && !a.title_zh) throw unprocessable(text('help.errors.title_required'), { field: 'title_en' });
  if (a.category_id !== null && !(await kbRepository.category(db, a.category_id))) throw notFound('Help center category', a.category_id);
  const row = await kbRepository.insert(db, { ...articleValues(a), author_id: actor.personId });
  return presentArticle(row);
}
