import type { Queryable } from '../../db/client.ts';

export interface CategoryRow {
  id: number;
  slug: string;
  name_en: string;
  name_zh: string;
  position: number;
  created_at: Date;
}

export interface ArticleRow {
  id: number;
  category_id: number | null;
  slug: string;
  title_en: string;
  title_zh: string;
  body_md_en: string;
  body_md_zh: string;
  body_html_en: string;
  body_html_zh: string;
  status: 'draft' | 'published';
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
  author_id: number | null;
  updated_by: number | null;
  preset_key: string | null;
  views: number;
  helpful: number;
  unhelpful: number;
  deflections: number;
}

/** An article's columns without its bodies: lists and search results. */
export type ArticleHead = Omit<ArticleRow, 'body_md_en' | 'body_md_zh' | 'body_html_en' | 'body_html_zh'>;

const HEAD = `id, category_id, slug, title_en, title_zh, status, published_at, created_at, updated_at, author_id, updated_by, preset_key,
  views, helpful, unhelpful, deflections`;
const FULL = `${HEAD}, body_md_en, body_md_zh, body_html_en, body_html_zh`;
const CATEGORY = `id, slug, name_en, name_zh, position, created_at`;

export interface ArticleValues {
  category_id: number | null;
  slug: string;
  title_en: string;
  title_zh: string;
  body_md_en: string;
  body_md_zh: string;
  body_html_en: string;
  body_html_zh: string;
  status: 'draft' | 'published';
  /** indexText of both languages' titles and bodies. */
  search: string;
}

/** The help center's SQL (docs/help-center.md). */
export const kbRepository = {
  categories: (q: Queryable) => q.query<CategoryRow>(`select ${CATEGORY} from kb_categories order by position, id`),

  async category(q: Queryable, id: number): Promise<CategoryRow | null> {
    return (await q.query<CategoryRow>(`select ${CATEGORY} from kb_categories where id = $1`, [id]))[0] ?? null;
  },

  async categoryBySlug(q: Queryable, slug: string): Promise<CategoryRow | null> {
    return (await q.query<CategoryRow>(`select ${CATEGORY} from kb_categories where slug = $1`, [slug]))[0] ?? null;
  },

  async insertCategory(q: Queryable, v: { slug: string; name_en: string; name_zh: string; position: number | null }) {
    const rows = await q.query<CategoryRow>(
      `insert into kb_categories (slug, name_en, name_zh, position)
       values ($1, $2, $3, coalesce($4, (select coalesce(max(position), 0) + 10 from kb_categories)))
       on conflict (slug) do nothing returning ${CATEGORY}`,
      [v.slug, v.name_en, v.name_zh, v.position],
    );
    return rows[0] ?? null;
  },

  async updateCategory(q: Queryable, id: number, v: { slug?: string; name_en?: string; name_zh?: string; position?: number }) {
    const rows = await q.query<CategoryRow>(
      `update kb_categories set slug = coalesce($2, slug), name_en = coalesce($3, name_en), name_zh = coalesce($4, name_zh),
         position = coalesce($5, position) where id = $1 returning ${CATEGORY}`,
      [id, v.slug ?? null, v.name_en ?? null, v.name_zh ?? null, v.position ?? null],
    );
    return rows[0] ?? null;
  },

  async deleteCategory(q: Queryable, id: number): Promise<boolean> {
    return (await q.query(`delete from kb_categories where id = $1 returning id`, [id])).length > 0;
  },

  async article(q: Queryable, id: number, o: { lock?: boolean } = {}): Promise<ArticleRow | null> {
    const rows = await q.query<ArticleRow>(`select ${FULL} from kb_articles where id = $1${o.lock ? ' for update' : ''}`, [id]);
    return rows[0] ?? null;
  },

  async publishedArticle(q: Queryable, id: number): Promise<ArticleRow | null> {
    const rows = await q.query<ArticleRow>(`select ${FULL} from kb_articles where id = $1 and status = 'published'`, [id]);
    return rows[0] ?? null;
  },

  /** Staff list: newest change first, keyset on (updated_at, id). */
  list: (
    q: Queryable,
    f: { status?: 'draft' | 'published'; categoryId?: number; tsquery?: string | null; after?: [string, number] | null; limit: number },
  ) =>
    q.query<ArticleHead & { updated_key: string }>(
      `select ${HEAD}, updated_at::text as updated_key from kb_articles
        where ($1::text is null or status = $1) and ($2::bigint is null or category_id = $2)
          and ($3::text is null or search @@ to_tsquery('simple', $3))
          and ($4::timestamptz is null or (updated_at, id) < ($4::timestamptz, $5::bigint))
        order by updated_at desc, id desc limit $6`,
      [f.status ?? null, f.categoryId ?? null, f.tsquery ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
    ),

  /** Published articles, in a category or all, newest first (the public pages). */
  published: (q: Queryable, f: { categoryId?: number | null; limit: number }) =>
    q.query<ArticleHead>(
      `select ${HEAD} from kb_articles where status = 'published' and ($1::bigint is null or category_id = $1)
        order by published_at desc, id desc limit $2`,
      [f.categoryId ?? null, f.limit],
    ),

  /** Published articles matching a to_tsquery string, best first (a small table: ranking is cheap). */
  searchPublished: (q: Queryable, tsquery: string, limit: number) =>
    q.query<ArticleRow>(
      `select ${FULL} from kb_articles where status = 'published' and search @@ to_tsquery('simple', $1)
        order by ts_rank(search, to_tsquery('simple', $1)) desc, published_at desc, id desc limit $2`,
      [tsquery, limit],
    ),

  async insert(q: Queryable, v: ArticleValues & { author_id: number | null }): Promise<ArticleRow> {
    const rows = await q.query<ArticleRow>(
      `insert into kb_articles (category_id, slug, title_en, title_zh, body_md_en, body_md_zh, body_html_en, body_html_zh, status,
         published_at, search, author_id, updated_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, case when $9 = 'published' then now() end, to_tsvector('simple', $10), $11, $11)
       returning ${FULL}`,
      [
        v.category_id,
        v.slug,
        v.title_en,
        v.title_zh,
        v.body_md_en,
        v.body_md_zh,
        v.body_html_en,
        v.body_html_zh,
        v.status,
        v.search,
        v.author_id,
      ],
    );
    return rows[0];
  },

  /**
   * A preset's article by its key: created published, or rewritten when nobody has edited it since
   * (updated_by is null); an article a person changed is left alone.
   */
  async upsertPresetArticle(q: Queryable, key: string, v: ArticleValues): Promise<void> {
    await q.query(
      `insert into kb_articles (category_id, slug, title_en, title_zh, body_md_en, body_md_zh, body_html_en, body_html_zh, status,
         published_at, search, preset_key)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, case when $9 = 'published' then now() end, to_tsvector('simple', $10), $11)
       on conflict (preset_key) do update set slug = excluded.slug, title_en = excluded.title_en, title_zh = excluded.title_zh,
         body_md_en = excluded.body_md_en, body_md_zh = excluded.body_md_zh, body_html_en = excluded.body_html_en,
         body_html_zh = excluded.body_html_zh, search = excluded.search, updated_at = now()
       where kb_articles.updated_by is null`,
      [v.category_id, v.slug, v.title_en, v.title_zh, v.body_md_en, v.body_md_zh, v.body_html_en, v.body_html_zh, v.status, v.search, key],
    );
  },

  async update(q: Queryable, id: number, v: ArticleValues & { updated_by: number | null }): Promise<ArticleRow> {
    const rows = await q.query<ArticleRow>(
      `update kb_articles set category_id = $2, slug = $3, title_en = $4, title_zh = $5, body_md_en = $6, body_md_zh = $7,
         body_html_en = $8, body_html_zh = $9, status = $10,
         published_at = case when $10 = 'draft' then null else coalesce(published_at, now()) end,
         search = to_tsvector('simple', $11), updated_by = $12, updated_at = now()
       where id = $1 returning ${FULL}`,
      [
        id,
        v.category_id,
        v.slug,
        v.title_en,
        v.title_zh,
        v.body_md_en,
        v.body_md_zh,
        v.body_html_en,
        v.body_html_zh,
        v.status,
        v.search,
        v.updated_by,
      ],
    );
    return rows[0];
  },

  async delete(q: Queryable, id: number): Promise<boolean> {
    return (await q.query(`delete from kb_articles where id = $1 returning id`, [id])).length > 0;
  },

  /** Counts one view or one piece of feedback on a published article; false when there is none. */
  async count(
    q: Queryable,
    id: number,
    c: { views?: number; helpful?: number; unhelpful?: number; deflections?: number },
  ): Promise<boolean> {
    const rows = await q.query(
      `update kb_articles set views = views + $2, helpful = helpful + $3, unhelpful = unhelpful + $4, deflections = deflections + $5
        where id = $1 and status = 'published' returning id`,
      [id, c.views ?? 0, c.helpful ?? 0, c.unhelpful ?? 0, c.deflections ?? 0],
    );
    return rows.length > 0;
  },
};
