import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { normalizeLocale, t } from '../../i18n/index.ts';
import { periodQuery } from '../../modules/reports/reportPeriod.ts';
import { reportPeriod } from '../../modules/reports/reportZone.ts';
import { toCsv, UTF8_BOM } from '../../modules/reports/csv.ts';
import { rateByToken, readRatingByToken } from '../../modules/satisfaction/rateByToken.ts';
import { rateTicket } from '../../modules/satisfaction/rateTicket.ts';
import { REPORT_CSV_HEADER, reportCsvRow, satisfactionReport } from '../../modules/satisfaction/satisfactionReport.ts';
import { REPORT_KEYS } from '../../modules/satisfaction/satisfactionRepository.ts';
import { getSatisfactionSettings, updateSatisfactionSettings } from '../../modules/satisfaction/satisfactionSettings.ts';
import { ratingFormHtml, ratingProblemHtml, ratingThanksHtml, SATISFACTION_CSS } from '../../modules/satisfaction/satisfactionPage.ts';
import { who, type AppContext } from '../context.ts';
import { asRecord, errorResponse, fileResponse, timestamp } from '../responseSchemas.ts';
import { csv, idParam } from '../schemas.ts';

const E = { '4xx': errorResponse };
const tags = ['satisfaction'];
const score = z.number().int().min(1).max(5);
const comment = z
  .string()
  .max(2000)
  .refine((c) => !c.includes('\u0000'), 'A comment cannot contain NUL characters')
  .nullable()
  .optional();
const ratingBody = z.strictObject({ score, comment });
const rating = z.looseObject({ score: z.number().int(), comment: z.string().nullable(), rated_at: timestamp });
const tokenParam = z.object({ token: z.string().min(1).max(200) });
const settings = asRecord(z.looseObject({ enabled: z.boolean(), notify_below: z.number().int() }));
const reportRow = z.looseObject({
  count: z.number().int(),
  average: z.number().nullable(),
  satisfied_share: z.number().nullable(),
  distribution: z.looseObject({ '1': z.number(), '2': z.number(), '3': z.number(), '4': z.number(), '5': z.number() }),
});
const reportAnswer = z.looseObject({ data: z.array(reportRow), meta: z.looseObject({ from: z.string(), to: z.string() }) });

/** The rating page records nothing on GET and must not leak its token: no caching, no referrer, no frames, no script. */
const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex',
  'content-security-policy': "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'cache-control': 'no-store',
};
type Locale = 'en' | 'zh-CN';
const langOf = (v: unknown): Locale | null => (v === 'en' || v === 'zh-CN' ? v : null);
const html = (reply: FastifyReply, body: string, code = 200) => reply.code(code).headers(HTML_HEADERS).send(body);
const headerLocale = (req: FastifyRequest) => normalizeLocale(req.headers['accept-language']);

/** Customer satisfaction (docs/satisfaction.md): rating a solved ticket, the mailed link's page, the report, the settings. */
export function satisfactionRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/v1/tickets/:id/satisfaction',
    {
      schema: {
        tags,
        summary: 'The requester rates their solved or closed ticket 1–5 with an optional comment; a second rating replaces the first',
        params: idParam,
        body: ratingBody,
        response: { 200: rating, ...E },
      },
    },
    async (req) => rateTicket(ctx.db, { actor: who(req), ticketId: req.params.id, input: req.body }),
  );

  const publicLimit = { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } };
  app.get(
    '/api/v1/public/satisfaction/:token',
    {
      config: publicLimit,
      schema: {
        tags,
        summary: "What a rating link is for: the ticket's number and subject and the rating given so far (records nothing)",
        params: tokenParam,
        response: {
          200: z.looseObject({
            ticket: z.looseObject({ number: z.number().int(), subject: z.string() }),
            rating: z.looseObject({ score: z.number().int(), comment: z.string().nullable() }).nullable(),
          }),
          ...E,
        },
      },
    },
    async (req, reply) => {
      const r = await readRatingByToken(ctx.db, { token: req.params.token });
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return { ticket: { number: r.ticket.number, subject: r.ticket.subject }, rating: r.rating };
    },
  );
  app.post(
    '/api/v1/public/satisfaction/:token',
    {
      config: publicLimit,
      schema: {
        tags,
        summary: 'Rate the ticket of a rating link (the link proves only that its requester may rate that ticket)',
        params: tokenParam,
        body: ratingBody,
        response: {
          200: z.looseObject({ ticket: z.looseObject({ number: z.number().int(), subject: z.string() }), rating }),
          ...E,
        },
      },
    },
    async (req) => rateByToken(ctx.db, { token: req.params.token, input: req.body }),
  );

  app.get(
    '/api/v1/reports/satisfaction',
    {
      config: { staffOnly: 'reports.staff_only' },
      schema: {
        tags: ['reports'],
        summary:
          'Satisfaction ratings given in [from, to): count, average, share of 4–5 and the distribution, grouped by any of agent, group, plan, priority, channel (staff; format=csv downloads)',
        querystring: periodQuery.extend({
          group_by: csv(REPORT_KEYS).optional().describe('comma list of agent, group, plan, priority, channel; default: one row'),
          format: z.enum(['json', 'csv']).default('json'),
        }),
        response: {
          200: {
            description: 'The report (JSON), or the same rows as CSV with format=csv',
            content: { 'application/json': { schema: asRecord(reportAnswer) }, ...fileResponse('', 'text/csv').content },
          },
          ...E,
        },
      },
    },
    async (req, reply) => {
      const { from, to } = await reportPeriod(ctx.db, req.query, Date.now(), who(req).locale);
      const period = { from, to };
      const keys = req.query.group_by ?? [];
      const r = await satisfactionReport(ctx.db, { actor: who(req), ...period, groupBy: keys });
      if (req.query.format !== 'csv') return reply.type('application/json; charset=utf-8').send(r);
      const day = (d: Date) => d.toISOString().slice(0, 10);
      // A download: the same rows as text, never through the JSON serializer.
      return (reply as FastifyReply)
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="satisfaction-${day(period.from)}-${day(period.to)}.csv"`)
        .send(
          UTF8_BOM +
            toCsv(
              REPORT_CSV_HEADER(keys),
              r.data.map((row) => reportCsvRow(row, keys)),
            ),
        );
    },
  );

  app.get(
    '/api/v1/settings/satisfaction',
    {
      schema: {
        tags,
        summary: 'Whether requesters are asked to rate solved tickets, and which scores notify (staff)',
        response: { 200: settings, ...E },
      },
    },
    async (req) => getSatisfactionSettings(ctx.db, { actor: who(req) }),
  );
  app.patch(
    '/api/v1/settings/satisfaction',
    {
      schema: {
        tags,
        summary: 'Turn the survey on or off; scores below notify_below notify the ticket group (admin)',
        body: z.strictObject({ enabled: z.boolean().optional(), notify_below: z.number().int().min(1).max(6).optional() }),
        response: { 200: settings, ...E },
      },
    },
    async (req) => updateSatisfactionSettings(ctx.db, { actor: who(req), patch: req.body }),
  );

  // --- the page behind the mailed link: server-rendered, no JavaScript, like /help ---
  root.register(async (scope) => {
    // Only these routes read form posts (the page's form; no script).
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    const page = scope.withTypeProvider<ZodTypeProvider>();
    const hidden = { config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } } } as const;
    page.get('/satisfaction.css', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
      reply
        .headers({
          'content-type': 'text/css; charset=utf-8',
          'cache-control': 'public, max-age=3600',
          'x-content-type-options': 'nosniff',
        })
        .send(SATISFACTION_CSS),
    );
    page.get(
      '/satisfaction/:token',
      {
        ...hidden,
        schema: {
          hide: true,
          params: tokenParam,
          querystring: z.object({ score: z.string().max(10).optional(), lang: z.string().max(20).optional() }),
        },
      },
      async (req, reply) => {
        const asked = langOf(req.query.lang);
        try {
          const r = await readRatingByToken(ctx.db, { token: req.params.token });
          const locale = asked ?? normalizeLocale(r.locale);
          const pre = Number(req.query.score);
          const chosen = Number.isInteger(pre) && pre >= 1 && pre <= 5 ? pre : (r.rating?.score ?? null);
          if (r.ticket.status !== 'solved' && r.ticket.status !== 'closed')
            return html(reply, ratingProblemHtml({ locale, message: t(locale, 'satisfaction.errors.not_solved') }), 409);
          return html(
            reply,
            ratingFormHtml({
              locale,
              token: req.params.token,
              ticket: r.ticket,
              score: chosen,
              comment: r.rating?.comment ?? '',
              rated: r.rating,
            }),
          );
        } catch (e) {
          return problem(reply, e, asked ?? headerLocale(req));
        }
      },
    );
    page.post(
      '/satisfaction/:token',
      {
        ...hidden,
        bodyLimit: 16 * 1024, // the form's fields (a route's limit overrides its parser's)
        schema: {
          hide: true,
          params: tokenParam,
          body: z.object({
            score: z.string().max(10).optional(),
            comment: z.string().max(4000).optional(),
            lang: z.string().max(20).optional(),
          }),
        },
      },
      async (req, reply) => {
        const asked = langOf(req.body.lang);
        const n = Number(req.body.score);
        const comment = (req.body.comment ?? '').replace(/\r\n/g, '\n').replaceAll('\u0000', '');
        try {
          if (!Number.isInteger(n) || n < 1 || n > 5 || comment.length > 2000) {
            const r = await readRatingByToken(ctx.db, { token: req.params.token });
            const locale = asked ?? normalizeLocale(r.locale);
            const error = t(locale, comment.length > 2000 ? 'satisfaction.errors.comment_long' : 'satisfaction.errors.choose');
            return html(
              reply,
              ratingFormHtml({ locale, token: req.params.token, ticket: r.ticket, score: null, comment, rated: r.rating, error }),
              400,
            );
          }
          const done = await rateByToken(ctx.db, { token: req.params.token, input: { score: n, comment } });
          const locale = asked ?? headerLocale(req);
          return html(reply, ratingThanksHtml({ locale, token: req.params.token, ticket: done.ticket, score: n }));
        } catch (e) {
          return problem(reply, e, asked ?? headerLocale(req));
        }
      },
    );
  });
}

/** A refused link or rating as a page: the same words as the API, with its status. */
function problem(reply: FastifyReply, e: unknown, locale: Locale) {
  if (!(e instanceof AppError) || (e.code !== 'not_found' && e.code !== 'conflict' && e.code !== 'forbidden')) throw e;
  // In the page's language: the link's own words (404), the ticket's state (409), or the refusal.
  const message =
    e.code === 'not_found'
      ? t(locale, 'satisfaction.errors.invalid_link')
      : e.code === 'conflict'
        ? t(locale, 'satisfaction.errors.not_solved')
        : e.message;
  return html(reply, ratingProblemHtml({ locale, message }), e.status);
}
