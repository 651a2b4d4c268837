import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pendingMigrations } from '../../db/migrate.ts';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../../db/unavailable.ts';
import { t } from '../../i18n/index.ts';
import { requestLocale } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { errorResponse } from '../responseSchemas.ts';

const unavailable = z.looseObject({ status: z.literal('unavailable'), error: errorResponse.shape.error });

/**
 * Liveness (`/health`: the process answers; never the database, so a database outage does not get
 * every instance restarted) and readiness (`/ready`: send traffic here — the database answers, its
 * migrations are applied, and the server is not draining). docs/operations.md.
 */
export function healthRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(
    '/api/v1/health',
    {
      config: { public: true, noDb: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process answers (the database is not checked; see /ready)',
        response: { 200: z.looseObject({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/api/v1/ready',
    {
      config: { public: true, noDb: true },
      schema: {
        tags: ['system'],
        summary: 'Readiness: the database answers, migrations are applied, the server is not shutting down',
        response: { 200: z.looseObject({ status: z.literal('ready') }), 503: unavailable },
      },
    },
    async (req, reply) => {
      const no = (code: string, key: string, params?: Record<string, unknown>) =>
        reply
          .code(503)
          .header('retry-after', String(RETRY_AFTER_SECONDS))
          .send({ status: 'unavailable', error: { code, message: t(requestLocale(req), key, params) } });
      if (ctx.lifecycle?.draining) return no('draining', 'http.errors.draining');
      try {
        const pending = await pendingMigrations(ctx.db);
        if (pending.length) return no('migrations_pending', 'http.errors.migrations_pending', { names: pending.join(', ') });
      } catch (e) {
        if (isDatabaseUnavailable(e)) return no('database_unavailable', 'http.errors.database_unreachable');
        throw e;
      }
      return { status: 'ready' as const };
    },
  );
}
