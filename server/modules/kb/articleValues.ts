import { slugify, type Bilingual } from '../../domain/kb/articles.ts';
import { indexText } from '../../domain/search/tokenize.ts';
import { renderMarkdown } from './renderMarkdown.ts';
import type { ArticleValues } from './kbRepository.ts';

/** What is stored for an article's text: both versions rendered and sanitized, and the search text of both. */
export function articleValues(
  a: Bilingual & { category_id: number | null; slug?: string | null; status: 'draft' | 'published' },
): ArticleValues {
  const body_html_en = renderMarkdown(a.body_md_en);
  const body_html_zh = renderMarkdown(a.body_md_zh);
  return {
    category_id: a.category_id,
    slug: a.slug || slugify(a.title_en),
    title_en: a.title_en,
    title_zh: a.title_zh,
    body_md_en: a.body_md_en,
    body_md_zh: a.body_md_zh,
    body_html_en,
    body_html_zh,
    status: a.status,
    // Markdown source is indexed (not HTML): link targets and markup would only add noise.
    search: articleSearchText(a),
  };
}

/** The search text of an article: both languages' titles and Markdown sources. */
export const articleSearchText = (a: Bilingual) => indexText([a.title_en, a.title_zh, a.body_md_en, a.body_md_zh].join('\n'));
