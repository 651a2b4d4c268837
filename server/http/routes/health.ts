import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pendingMigrations } from '../../db/migrate.ts';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../../db/unavailable.ts';
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
    async (_req, reply) => {
      const no = (code: string, message: string) =>
        reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send({ status: 'unavailable', error: { code, message } });
      if (ctx.lifecycle?.draining) return no('draining', 'The server is shutting down');
      try {
        const pending = await pendingMigrations(ctx.db);
        if (pending.length) return no('migrations_pending', `Migrations not applied yet: ${pending.join(', ')}`);
      } catch (e) {
        if (isDatabaseUnavailable(e)) return no('database_unavailable', 'The database is not reachable');
        throw e;
      }
      return { status: 'ready' as const };
    },
  );
}
