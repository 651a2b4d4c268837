import type { Db } from '../../db/client.ts';
import { notFound, text, unprocessable } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { articleValues } from './articleValues.ts';
import type { ArticleInput } from './createArticle.ts';
import { kbPolicy } from './kbPolicy.ts';
import { presentArticle } from './kbPresenter.ts';
import { kbRepository } from './kbRepository.ts';

/**
 * Changes a help article. Agents change drafts; publishing, unpublishing and any change to a
 * published article (what the public reads) are an admin's.
 */
export async function updateArticle(db: Db, o: { actor: Principal; id: number; input: ArticleInput }) {
  const { actor, input } = o;
  kbPolicy.writeDraft(actor);
  return db.tx(async (q) => {
    const cur = await kbRepository.article(q, o.id, { lock: true });
    if (!cur) throw notFound('Help article', o.id);
    const status = input.status ?? cur.status;
    if (cur.status === 'published' || status === 'published') kbPolicy.publish(actor);
    const a = {
      category_id: input.category_id === undefined ? cur.category_id : input.category_id,
      slug: input.slug ?? cur.slug,
      title_en: input.title_en ?? cur.title_en,
      title_zh: input.title_zh ?? cur.title_zh,
      body_md_en: input.body_md_en ?? cur.body_md_en,
      body_md_zh: input.body_md_zh ?? cur.body_md_zh,
      status,
    };
    if (!a.title_en && !a.title_zh) throw unprocessable(text('help.errors.title_required'), { field: 'title_en' });
    if (a.category_id !== null && a.category_id !== cur.category_id && !(await kbRepository.category(q, a.category_id)))
      throw notFound('Help center category', a.category_id);
    return presentArticle(await kbRepository.update(q, o.id, { ...articleValues(a), updated_by: actor.personId }));
  });
}
