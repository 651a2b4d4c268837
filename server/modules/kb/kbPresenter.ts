import { articlePath, type KbLocale } from '../../domain/kb/articles.ts';
import type { ArticleHead, ArticleRow, CategoryRow } from './kbRepository.ts';

export const presentCategory = (c: CategoryRow, locale: KbLocale) => ({
  id: c.id,
  slug: c.slug,
  name: locale === 'zh-CN' ? c.name_zh : c.name_en,
  name_en: c.name_en,
  name_zh: c.name_zh,
  position: c.position,
});

/** An article for staff: both languages, counters, the public address. */
export function presentArticleHead(a: ArticleHead) {
  return {
    id: a.id,
    category_id: a.category_id,
    slug: a.slug,
    title_en: a.title_en,
    title_zh: a.title_zh,
    status: a.status,
    published_at: a.published_at,
    created_at: a.created_at,
    updated_at: a.updated_at,
    author_id: a.author_id,
    updated_by: a.updated_by,
    views: a.views,
    helpful: a.helpful,
    unhelpful: a.unhelpful,
    deflections: a.deflections,
    url: articlePath(a),
  };
}

export const presentArticle = (a: ArticleRow) => ({
  ...presentArticleHead(a),
  body_md_en: a.body_md_en,
  body_md_zh: a.body_md_zh,
  body_html_en: a.body_html_en,
  body_html_zh: a.body_html_zh,
});
