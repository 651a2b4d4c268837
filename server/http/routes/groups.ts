import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createGroup, getGroup, listGroups, updateGroup } from '../../modules/groups/groups.ts';
import { requestMeta } from '../auth.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, group, page } from '../responseSchemas.ts';
import { idParam, idRef, pageQuery, shortText } from '../schemas.ts';

const E = { '4xx': errorResponse };

const groupBody = z.object({
  name: shortText(100),
  description: z.string().max(2000).optional(),
  member_ids: z.array(idRef).max(1000).optional(),
});

export function groupRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/groups',
    { schema: { tags: ['groups'], summary: 'Create an agent group', body: groupBody, response: { 201: group, ...E } } },
    async (req, reply) => reply.code(201).send(await createGroup(ctx.db, { actor: who(req), ...req.body, meta: requestMeta(req) })),
  );
  app.get(
    '/api/v1/groups',
    { schema: { tags: ['groups'], summary: 'List agent groups', querystring: z.object(pageQuery), response: { 200: page(group), ...E } } },
    async (req) => listGroups(ctx.db, { actor: who(req), ...req.query }),
  );
  app.get(
    '/api/v1/groups/:id',
    { schema: { tags: ['groups'], summary: 'Read a group', params: idParam, response: { 200: group, ...E } } },
    async (req) => getGroup(ctx.db, { actor: who(req), id: req.params.id }),
  );
  app.patch(
    '/api/v1/groups/:id',
    { schema: { tags: ['groups'], summary: 'Update a group', params: idParam, body: groupBody.partial(), response: { 200: group, ...E } } },
    async (req) => updateGroup(ctx.db, { actor: who(req), id: req.params.id, ...req.body, meta: requestMeta(req) }),
  );
}
