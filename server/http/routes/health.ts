import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponse } from '../responseSchemas.ts';

export function healthRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(
    '/api/v1/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database check',
        response: {
          200: z.looseObject({ status: z.literal('ok') }),
          503: z.looseObject({ status: z.literal('unavailable'), error: errorResponse.shape.error }),
        },
      },
    },
    async (_req, reply) => {
      try {
        await ctx.db.query('select 1');
        return { status: 'ok' };
      } catch {
        return reply
          .code(503)
          .send({ status: 'unavailable', error: { code: 'database_unavailable', message: 'The database is not reachable' } });
      }
    },
  );
}
