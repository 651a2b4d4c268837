import type { Queryable } from '../../db/client.ts';
import { articlePath, titleIn, versionFor, type KbLocale } from '../../domain/kb/articles.ts';
import { toTsQuery } from '../../domain/search/tokenize.ts';
import { invalid, text } from '../../errors.ts';
import { excerpt, snippetPatterns } from '../tickets/searchSnippets.ts';
import { kbRepository, type ArticleRow } from './kbRepository.ts';
import { plainText } from './renderMarkdown.ts';

const SNIPPET_CHARS = 160;

/** A type, not an interface: the route's loose response schema needs an index-signature-compatible shape. */
export type ArticleHit = {
  id: number;
  title: string;
  snippet: string;
  url: string;
  lang: KbLocale;
};

/** The hit for one article in the reader's language (or the other one when theirs is empty). */
export function articleHit(a: ArticleRow, locale: KbLocale, q: string): ArticleHit {
  const lang = versionFor(a, locale);
  const text = plainText(lang === 'zh-CN' ? a.body_html_zh : a.body_html_en);
  const found = excerpt(text, snippetPatterns(q));
  const snippet = found?.text ?? (Array.from(text).length > SNIPPET_CHARS ? `${Array.from(text).slice(0, SNIPPET_CHARS).join('')}…` : text);
  return { id: a.id, title: titleIn(a, lang), snippet, url: articlePath(a, lang), lang };
}

/**
 * Published help articles matching `q` (the same bigram index as tickets: 退款 finds 申请退款,
 * refund finds Refunds), best first. Anyone may search; drafts are never matched.
 */
export async function searchArticles(db: Queryable, o: { q: string; locale: KbLocale; limit: number }): Promise<ArticleHit[]> {
  const tsquery = toTsQuery(o.q);
  if (!tsquery) throw invalid(text('help.errors.search_empty'), { field: 'q' });
  const rows = await kbRepository.searchPublished(db, tsquery, o.limit);
  return rows.map((a) => articleHit(a, o.locale, o.q));
}
