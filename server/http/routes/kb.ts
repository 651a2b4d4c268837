import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CATEGORY_SLUG, SLUG, type KbLocale } from '../../domain/kb/articles.ts';
import { normalizeLocale } from '../../i18n/index.ts';
import { createArticle } from '../../modules/kb/createArticle.ts';
import { deleteArticle } from '../../modules/kb/deleteArticle.ts';
import { deleteCategory } from '../../modules/kb/deleteCategory.ts';
import { getArticle } from '../../modules/kb/getArticle.ts';
import { listArticles } from '../../modules/kb/listArticles.ts';
import { listCategories } from '../../modules/kb/listCategories.ts';
import { previewMarkdown } from '../../modules/kb/previewMarkdown.ts';
import { recordFeedback } from '../../modules/kb/recordFeedback.ts';
import { saveCategory } from '../../modules/kb/saveCategory.ts';
import { searchArticles } from '../../modules/kb/searchArticles.ts';
import { updateArticle } from '../../modules/kb/updateArticle.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, id, noContent, page, timestamp } from '../responseSchemas.ts';
import { idParam, idRef, pageQuery, shortText } from '../schemas.ts';

const E = { '4xx': errorResponse };
const lang = z.enum(['en', 'zh-CN']);
const status = z.enum(['draft', 'published']);
const slug = z.string().regex(SLUG, 'A slug is 1 to 80 lowercase letters, digits or -, starting with a letter or digit');
const categorySlug = z
  .string()
  .regex(CATEGORY_SLUG, 'A category slug is 1 to 60 lowercase letters, digits or -, starting with a letter or digit')
  .refine((s) => s !== 'articles', 'The slug "articles" is taken by article pages');
const title = z.string().trim().max(200);
const markdown = z.string().max(100_000);
const articleHead = z.looseObject({
  id,
  category_id: id.nullable(),
  slug: z.string(),
  title_en: z.string(),
  title_zh: z.string(),
  status,
  published_at: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  views: z.number().int(),
  helpful: z.number().int(),
  unhelpful: z.number().int(),
  deflections: z.number().int(),
  url: z.string(),
});
const article = articleHead.extend({
  body_md_en: z.string(),
  body_md_zh: z.string(),
  body_html_en: z.string(),
  body_html_zh: z.string(),
});
const category = z.looseObject({
  id,
  slug: z.string(),
  name: z.string(),
  name_en: z.string(),
  name_zh: z.string(),
  position: z.number().int(),
});
const hit = z.looseObject({ id, title: z.string(), snippet: z.string(), url: z.string(), lang });
const articleBody = {
  category_id: idRef.nullable().optional(),
  slug: slug.optional(),
  title_en: title.optional(),
  title_zh: title.optional(),
  body_md_en: markdown.optional(),
  body_md_zh: markdown.optional(),
  status: status.optional(),
};
/** What the reader typed; the use case refuses one with nothing searchable (400). */
const searchQ = z.string().trim().min(1).max(200);

/** The help center's API (docs/help-center.md): public search and feedback, staff edit articles, admins publish and manage categories. */
export function kbRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['help center'];
  const localeOf = (req: { query: { lang?: KbLocale }; headers: Record<string, unknown> }): KbLocale =>
    req.query.lang ?? normalizeLocale(req.headers['accept-language'] as string | undefined);

  app.get(
    '/api/v1/kb/search',
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'Search published help articles (no sign-in): up to `limit` hits, best first, in the language asked (`lang`, else Accept-Language), the other language when that version is empty',
        querystring: z.object({ q: searchQ, lang: lang.optional(), limit: z.coerce.number().int().min(1).max(20).default(5) }),
        response: { 200: z.looseObject({ data: z.array(hit) }), ...E },
      },
    },
    async (req, reply) => {
      reply.header('Vary', 'Accept-Language');
      return { data: await searchArticles(ctx.db, { q: req.query.q, locale: localeOf(req), limit: req.query.limit }) };
    },
  );
  app.post(
    '/api/v1/kb/articles/:id/feedback',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'Answer "did this help?" on a published article (no sign-in; 20 a minute per address). `deflected`: it ended a ticket form without a ticket',
        params: idParam,
        body: z.strictObject({ helpful: z.boolean(), deflected: z.boolean().default(false) }),
        response: { 202: z.looseObject({ ok: z.literal(true) }), ...E },
      },
    },
    async (req, reply) => {
      await recordFeedback(ctx.db, { id: req.params.id, helpful: req.body.helpful, deflected: req.body.deflected });
      return reply.code(202).send({ ok: true as const });
    },
  );
  app.get(
    '/api/v1/kb/categories',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Help center categories in order (no sign-in)',
        querystring: z.object({ lang: lang.optional() }),
        response: { 200: z.looseObject({ data: z.array(category) }), ...E },
      },
    },
    async (req) => ({ data: await listCategories(ctx.db, { locale: localeOf(req) }) }),
  );
  app.post(
    '/api/v1/kb/categories',
    {
      schema: {
        tags,
        summary: 'Add a help center category (admins)',
        body: z.strictObject({
          slug: categorySlug,
          name_en: shortText(100),
          name_zh: shortText(100),
          position: z.number().int().min(0).max(100_000).optional(),
        }),
        response: { 201: category, ...E },
      },
    },
    async (req, reply) => reply.code(201).send(await saveCategory(ctx.db, { actor: who(req), input: req.body })),
  );
  app.patch(
    '/api/v1/kb/categories/:id',
    {
      schema: {
        tags,
        summary: 'Rename, move or re-slug a help center category (admins)',
        params: idParam,
        body: z.strictObject({
          slug: categorySlug.optional(),
          name_en: shortText(100).optional(),
          name_zh: shortText(100).optional(),
          position: z.number().int().min(0).max(100_000).optional(),
        }),
        response: { 200: category, ...E },
      },
    },
    async (req) => saveCategory(ctx.db, { actor: who(req), id: req.params.id, input: req.body }),
  );
  app.delete(
    '/api/v1/kb/categories/:id',
    {
      schema: {
        tags,
        summary: 'Delete a help center category (admins); its articles stay, without a category',
        params: idParam,
        response: { 204: noContent, ...E },
      },
    },
    async (req, reply) => {
      await deleteCategory(ctx.db, { actor: who(req), id: req.params.id });
      return reply.code(204).send();
    },
  );
  app.get(
    '/api/v1/kb/articles',
    {
      schema: {
        tags,
        summary: 'Help articles for staff, drafts included, newest change first, with views, helpful/unhelpful answers and deflections',
        querystring: z.object({
          status: status.optional(),
          category_id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
          q: z.string().max(200).optional(),
          ...pageQuery,
        }),
        response: { 200: page(articleHead), ...E },
      },
    },
    async (req) =>
      listArticles(ctx.db, {
        actor: who(req),
        status: req.query.status,
        categoryId: req.query.category_id,
        q: req.query.q,
        cursor: req.query.cursor,
        limit: req.query.limit,
      }),
  );
  app.post(
    '/api/v1/kb/articles',
    {
      schema: {
        tags,
        summary: 'Write a help article (staff): a draft; `status: published` is for admins. Markdown is rendered and sanitized on save',
        body: z.strictObject(articleBody),
        response: { 201: article, ...E },
      },
    },
    async (req, reply) => reply.code(201).send(await createArticle(ctx.db, { actor: who(req), input: req.body })),
  );
  app.get(
    '/api/v1/kb/articles/:id',
    {
      schema: {
        tags,
        summary: 'One help article with both versions as Markdown and as the sanitized HTML the public page shows (staff; drafts too)',
        params: idParam,
        response: { 200: article, ...E },
      },
    },
    async (req) => getArticle(ctx.db, { actor: who(req), id: req.params.id }),
  );
  app.patch(
    '/api/v1/kb/articles/:id',
    {
      schema: {
        tags,
        summary: 'Change a help article: agents change drafts; publishing, unpublishing and changing a published article are for admins',
        params: idParam,
        body: z.strictObject(articleBody),
        response: { 200: article, ...E },
      },
    },
    async (req) => updateArticle(ctx.db, { actor: who(req), id: req.params.id, input: req.body }),
  );
  app.delete(
    '/api/v1/kb/articles/:id',
    {
      schema: {
        tags,
        summary: 'Delete a help article: agents a draft, admins any',
        params: idParam,
        response: { 204: noContent, ...E },
      },
    },
    async (req, reply) => {
      await deleteArticle(ctx.db, { actor: who(req), id: req.params.id });
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/v1/kb/preview',
    {
      schema: {
        tags,
        summary: 'The sanitized HTML a help article page would show for this Markdown (staff; the editor preview, nothing stored)',
        body: z.strictObject({ markdown }),
        response: { 200: z.looseObject({ html: z.string() }), ...E },
      },
    },
    async (req) => previewMarkdown({ actor: who(req), markdown: req.body.markdown }),
  );
}
