import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { authenticate } from '../modules/auth/authenticate.ts';
import type { AppContext } from './context.ts';

export const SESSION_COOKIE = 'kefu_session';

/** Authorization is on by default: every route needs a principal unless it is marked `config: { public: true }`. */
export function installAuth(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const sessionToken = req.cookies?.[SESSION_COOKIE];
    if (bearer || sessionToken) req.principal = await authenticate(ctx.db, { bearer, sessionToken, localSecret: ctx.localSecret });
    if (req.routeOptions.config?.public) return;
    if (!req.url.startsWith('/api/')) return;
    if (!req.principal) {
      throw new AppError('unauthenticated', bearer ? 'The API token is not valid, expired or revoked' : 'Sign in first (POST /api/v1/auth/login) or send Authorization: Bearer <token>');
    }
  });
}
