import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { articlePath, parseArticleRef, type KbLocale } from '../../domain/kb/articles.ts';
import { normalizeLocale } from '../../i18n/index.ts';
import { getHelpArticle } from '../../modules/kb/getHelpArticle.ts';
import { getHelpCategory } from '../../modules/kb/getHelpCategory.ts';
import { getHelpHome } from '../../modules/kb/getHelpHome.ts';
import { HELP_CSS, helpArticleHtml, helpCategoryHtml, helpHomeHtml, helpNotFoundHtml } from '../../modules/kb/helpHtml.ts';
import type { AppContext } from '../context.ts';

/** No script may run on these pages: they have none, and an article body is sanitized HTML. */
const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  // The same for every reader (no sign-in is read); a minute keeps a busy page cheap.
  'cache-control': 'public, max-age=60',
  vary: 'Accept-Language',
};
const query = z.object({ lang: z.string().max(20).optional(), q: z.string().max(200).optional() });

function localeOf(req: { query: { lang?: string }; headers: FastifyRequest['headers'] }): KbLocale {
  const l = req.query.lang;
  if (l === 'en' || l === 'zh-CN') return l;
  return normalizeLocale(req.headers['accept-language']);
}

const html = (reply: FastifyReply, body: string, code = 200) =>
  // A 404 is not kept: a draft published a moment later must show at once.
  reply
    .code(code)
    .headers(HTML_HEADERS)
    .header('cache-control', code === 200 ? HTML_HEADERS['cache-control'] : 'no-cache')
    .send(body);

/**
 * The public help center, rendered on the server as plain HTML (docs/help-center.md): `/help`
 * (and `?q=` search), `/help/{category}`, `/help/articles/{id}-{slug}`. These routes are more
 * specific than the web app's catch-all (static.ts), so Fastify's router picks them first.
 * Only published articles; a draft is the same 404 page as an id that does not exist.
 */
export function helpPageRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const base = ctx.config.publicUrl;
  const opts = { config: { public: true }, schema: { hide: true, querystring: query } } as const;

  app.get('/help/help.css', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
    reply
      .headers({ 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' })
      .send(HELP_CSS),
  );
  // Searching reads the index: limited per address like the search API.
  app.get('/help', { ...opts, config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } } }, async (req, reply) => {
    const locale = localeOf(req);
    const q = req.query.q?.trim() || undefined;
    const home = await getHelpHome(ctx.db, { locale, q });
    return html(reply, helpHomeHtml({ locale, base, q, results: home.results, sections: home.sections }));
  });
  app.get(
    '/help/articles/:ref',
    { ...opts, schema: { ...opts.schema, params: z.object({ ref: z.string().max(200) }) } },
    async (req, reply) => {
      const locale = localeOf(req);
      const ref = parseArticleRef(req.params.ref);
      const found = ref && (await getHelpArticle(ctx.db, { id: ref.id, slug: ref.slug }));
      if (!found) return html(reply, helpNotFoundHtml({ locale, base, path: '/help' }), 404);
      // One address per article: an old or missing slug moves to the current one.
      if (found.moved) {
        const to = articlePath(found.article, req.query.lang === 'en' || req.query.lang === 'zh-CN' ? req.query.lang : undefined);
        return reply.code(301).header('location', to).send();
      }
      return html(reply, helpArticleHtml({ locale, base, article: found.article, category: found.category }));
    },
  );
  app.get(
    '/help/:category',
    { ...opts, schema: { ...opts.schema, params: z.object({ category: z.string().max(100) }) } },
    async (req, reply) => {
      const locale = localeOf(req);
      const found = req.params.category ? await getHelpCategory(ctx.db, { slug: req.params.category }) : null;
      if (!found) return html(reply, helpNotFoundHtml({ locale, base, path: '/help' }), 404);
      return html(reply, helpCategoryHtml({ locale, base, category: found.category, articles: found.articles }));
    },
  );
}
