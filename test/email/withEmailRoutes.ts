import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../server/http/context.ts';
import { emailRoutes } from '../../server/http/routes/email.ts';

/**
 * Until the routes index registers the email routes itself, tests add them through a module mock:
 *   vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));
 * Once it does, this adds nothing.
 */
export function withEmailRoutes(real: { extraRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> }) {
  return {
    ...real,
    async extraRoutes(app: FastifyInstance, ctx: AppContext) {
      await real.extraRoutes(app, ctx);
      if (!app.hasRoute({ method: 'GET', url: '/api/v1/outbox' })) emailRoutes(app, ctx);
    },
  };
}
