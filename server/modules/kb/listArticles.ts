import type { Queryable } from '../../db/client.ts';
import { toTsQuery } from '../../domain/search/tokenize.ts';
import { invalid, text } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { decodeCursor, page } from '../shared/cursor.ts';
import { kbPolicy } from './kbPolicy.ts';
import { presentArticleHead } from './kbPresenter.ts';
import { kbRepository } from './kbRepository.ts';

/** Staff list of help articles, drafts included, newest change first, with their counters. */
export async function listArticles(
  db: Queryable,
  o: { actor: Principal; status?: 'draft' | 'published'; categoryId?: number; q?: string; cursor?: string; limit: number },
) {
  kbPolicy.read(o.actor);
  let tsquery: string | null = null;
  if (o.q?.trim()) {
    tsquery = toTsQuery(o.q);
    if (!tsquery) throw invalid(text('help.errors.search_empty'), { field: 'q' });
  }
  const c = decodeCursor(o.cursor, 2);
  if (o.cursor && (!c || typeof c[0] !== 'string' || typeof c[1] !== 'number'))
    throw invalid(text('help.errors.bad_cursor'), { field: 'cursor' });
  const rows = await kbRepository.list(db, {
    status: o.status,
    categoryId: o.categoryId,
    tsquery,
    after: c ? [c[0] as string, c[1] as number] : null,
    limit: o.limit + 1,
  });
  const p = page(rows, o.limit, (r) => [r.updated_key, r.id]);
  return { data: p.data.map(({ updated_key: _k, ...r }) => presentArticleHead(r)), next_cursor: p.next_cursor };
}
