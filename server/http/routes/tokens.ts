import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createToken, listTokens, revokeToken } from '../../modules/auth/tokens.ts';
import { requestMeta } from '../auth.ts';
import { who, type AppContext } from '../context.ts';
import { apiToken, errorResponse, page } from '../responseSchemas.ts';
import { idParam, idRef, isoDateTime, pageQuery } from '../schemas.ts';

const E = { '4xx': errorResponse };

export function tokenRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (shown once)',
        body: z.object({ name: z.string().trim().min(1).max(100), person_id: idRef.optional(), expires_at: isoDateTime.optional() }),
        response: { 201: apiToken, ...E },
      },
    },
    async (req, reply) => {
      const t = await createToken(ctx.db, {
        actor: who(req),
        name: req.body.name,
        personId: req.body.person_id,
        expiresAt: req.body.expires_at ? new Date(req.body.expires_at) : null,
        meta: requestMeta(req),
      });
      return reply.code(201).send(t);
    },
  );
  app.get(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: "Your API tokens (admins: all=true for everyone's)",
        querystring: z.object({ ...pageQuery, all: z.enum(['true', 'false']).optional() }),
        response: { 200: page(apiToken), ...E },
      },
    },
    async (req) =>
      listTokens(ctx.db, {
        actor: who(req),
        all: req.query.all === 'true',
        cursor: req.query.cursor ? Number(req.query.cursor) || null : null,
        limit: req.query.limit,
      }),
  );
  app.delete(
    '/api/v1/tokens/:id',
    { schema: { tags: ['auth'], summary: 'Revoke an API token', params: idParam, response: { 200: apiToken, ...E } } },
    async (req) => revokeToken(ctx.db, { actor: who(req), id: req.params.id, meta: requestMeta(req) }),
  );
}
