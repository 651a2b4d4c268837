import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';

export function healthRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/health', { config: { public: true }, schema: { tags: ['system'], summary: 'Liveness and database check' } }, async (_req, reply) => {
    try {
      await ctx.db.query('select 1');
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', error: { code: 'database_unavailable', message: 'The database is not reachable' } });
    }
  });
}
