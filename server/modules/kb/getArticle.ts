import type { Queryable } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { kbPolicy } from './kbPolicy.ts';
import { presentArticle } from './kbPresenter.ts';
import { kbRepository } from './kbRepository.ts';

/** One help article with both languages' Markdown and HTML, drafts included (staff: the console's preview). */
export async function getArticle(db: Queryable, o: { actor: Principal; id: number }) {
  kbPolicy.read(o.actor);
  const row = await kbRepository.article(db, o.id);
  if (!row) throw notFound('Help article', o.id);
  return presentArticle(row);
}
