import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { liveRoutes } from '../channels/live/liveRoute.ts';
import type { LiveOptions } from '../channels/live/gateway.ts';
import { installAuth } from './auth.ts';
import type { AppContext } from './context.ts';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandler, rateLimited } from './errorHandler.ts';
import { installInputGuard } from './inputGuard.ts';
import { installCancellation } from './cancellation.ts';
import { installLoadShedding } from './loadShedding.ts';
import { installMetrics } from './metrics.ts';
import { installRequestLog, requestId } from './requestLog.ts';
import { authRoutes } from './routes/auth.ts';
import { groupRoutes } from './routes/groups.ts';
import { healthRoutes } from './routes/health.ts';
import { organizationRoutes } from './routes/organizations.ts';
import { peopleRoutes } from './routes/people.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { extraRoutes } from './routes/index.ts';
import { serveWeb } from './static.ts';

/** The body a route without files takes: JSON forms and settings, far below any file (docs/security.md, "Body limits"). */
export const JSON_BODY_BYTES = 1024 * 1024;
/** The body a route open to anyone takes (sign-in, sign-up, links): a few fields. */
export const PUBLIC_BODY_BYTES = 64 * 1024;

/**
 * A route's body limit unless it sets its own: only the routes that carry files (or an import)
 * declare `bodyLimit: KEFU_MAX_BODY_BYTES`, so nobody makes the server read and parse 25 MB of JSON
 * where a few fields are expected. Fastify refuses a longer `Content-Length` before reading any of
 * the body, and stops reading a body without one as soon as it passes the limit.
 */
export function bodyLimitFor(config: { public?: boolean } | undefined, maxBodyBytes: number): number {
  return Math.min(config?.public ? PUBLIC_BODY_BYTES : JSON_BODY_BYTES, maxBodyBytes);
}

/** Builds the Fastify app; does not listen (the CLI and tests inject requests). */
export async function buildApp(
  ctx: AppContext,
  o: { logger?: boolean | object; live?: Partial<LiveOptions> } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: o.logger ?? false,
    bodyLimit: ctx.config.maxBodyBytes,
    trustProxy: ctx.config.trustProxy,
    // Fastify's own request logging stays off (it would log URLs with their query): one line per
    // request from installRequestLog instead.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestId,
    // Errors Fastify raises before any route runs answer in the one error shape too.
    frameworkErrors: frameworkErrorHandler,
    // …and so do requests Node cannot read as HTTP at all.
    clientErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await app.register(cookie);
  // A refusal says how long to wait, in the reader's language, with Retry-After (set by the plugin).
  await app.register(rateLimit, { global: false, errorResponseBuilder: (req, c) => rateLimited(req, c.ttl) });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Kefu API',
        version: '1',
        description:
          'Kefu (客服) help desk REST API. Sign in with POST /api/v1/auth/login (cookie) or send `Authorization: Bearer <token>`.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'kefu_session' } },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1/docs')) route.config = { ...(route.config as object), public: true };
    route.bodyLimit ??= bodyLimitFor(route.config as { public?: boolean } | undefined, ctx.config.maxBodyBytes);
    // The OpenAPI document says which operations need no credentials.
    if ((route.config as { public?: boolean } | undefined)?.public && route.schema) route.schema = { ...route.schema, security: [] };
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/v1/docs',
    uiConfig: { docExpansion: 'list' },
    staticCSP: true,
    // The same framing, referrer and sniffing rules as the web app (static.ts); no outside validator.
    transformStaticCSP: (csp) =>
      csp
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(' validator.swagger.io', '')
        .replace(/ https:/g, '')
        .replace(' upgrade-insecure-requests;', '') + " form-action 'self'",
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.routeOptions.url?.startsWith('/api/v1/docs'))
      reply.headers({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin', 'x-frame-options': 'DENY' });
    return payload;
  });
  if (ctx.config.requestLog) installRequestLog(app);
  // Before authentication, which reads the database.
  const load = installLoadShedding(app, ctx);
  // Everything after this (authentication's first query included) is dropped if its client has left meanwhile.
  installCancellation(app);
  // GET /metrics; its KEFU_METRICS_TOKEN check runs before authentication.
  installMetrics(app, ctx, load);
  installAuth(app, ctx);
  installInputGuard(app);
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  healthRoutes(app, ctx);
  authRoutes(app, ctx);
  tokenRoutes(app, ctx);
  peopleRoutes(app, ctx);
  organizationRoutes(app, ctx);
  groupRoutes(app, ctx);
  ticketRoutes(app, ctx);
  await extraRoutes(app, ctx);
  await serveWeb(app);
  // Last: @fastify/websocket wraps the handlers of the routes added after it (see liveRoute.ts).
  await liveRoutes(app, ctx, o.live);
  return app;
}
